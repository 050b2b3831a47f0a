/** The JSON bodies the bench server answers with: a list of two conversations, and a delete's success. */

const conversation = (id: string, title: string) => ({
  id,
  created_at: "2025-06-01T09:30:00Z",
  started_at: "2025-06-01T09:00:00Z",
  finished_at: "2025-06-01T09:29:00Z",
  language: "en",
  source: "omi",
  structured: {
    title,
    overview: "Weekly planning: priorities for the sprint, the release date and who reviews what.",
    emoji: "🗓️",
    category: "work",
    action_items: [{ description: "Send the release notes draft", completed: false }],
    events: [],
  },
  folder_id: null,
  folder_name: null,
});

/** `GET /v1/dev/user/conversations`: two conversations. */
export const CONVERSATION_LIST = Buffer.from(
  JSON.stringify([conversation("conv_1", "Sprint planning"), conversation("conv_2", "Design review")]),
);

/** `DELETE /v1/dev/user/conversations/{id}`. */
export const DELETE_SUCCESS = Buffer.from(JSON.stringify({ success: true }));

/** Anything else. */
export const NOT_FOUND = Buffer.from(JSON.stringify({ detail: "Not found" }));
