/**
 * The request constraints of spec/REQUEST-CONSTRAINTS.md, a case per value at a
 * constraint's edge: the mock booted from the spec accepts what the real server
 * accepts and refuses (422) what it refuses. Requests are sent with plain `fetch`,
 * past the client's own checks, so that the spec alone decides; the last cases
 * check what the client does with the same values.
 */
import { OmiInputError } from "../src/index.js";
import { mockClient, mockUrl, TEST_API_KEY, TEST_FIREBASE_TOKEN } from "./support/mock-client.js";

type Method = "GET" | "POST" | "PATCH";

interface Case {
  /** What the server does with it, and why (its model or handler). */
  name: string;
  method: Method;
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  /** `accepted`: a 2xx and no violation reported by the mock; `refused`: 422. */
  expected: "accepted" | "refused";
}

const conversation = { text: "Standup notes: the webhook bug is fixed." };
const segment = { text: "Hello there.", start: 0, end: 1.5 };

const cases: Case[] = [
  // List filters: pydantic's date-time parser; no offset means UTC, a plain date its midnight.
  ...(["/v1/dev/user/conversations", "/v1/dev/user/action-items"] as const).flatMap((path): Case[] => [
    {
      name: "start_date without an offset (the official CLI's form)",
      method: "GET",
      path,
      query: { start_date: "2025-11-01T00:00:00" },
      expected: "accepted",
    },
    { name: "start_date as a plain date", method: "GET", path, query: { start_date: "2025-11-01" }, expected: "accepted" },
    {
      name: "end_date with microseconds and no offset",
      method: "GET",
      path,
      query: { end_date: "2025-11-30T23:59:59.123456" },
      expected: "accepted",
    },
    {
      name: "start_date with a space before the time and hh:mm only",
      method: "GET",
      path,
      query: { start_date: "2025-11-01 10:00" },
      expected: "accepted",
    },
    {
      name: "end_date with an offset without a colon",
      method: "GET",
      path,
      query: { end_date: "2025-11-30T23:59:59+0530" },
      expected: "accepted",
    },
    {
      name: "start_date RFC 3339 with Z",
      method: "GET",
      path,
      query: { start_date: "2025-11-01T00:00:00Z" },
      expected: "accepted",
    },
    { name: "start_date that is no date at all", method: "GET", path, query: { start_date: "yesterday" }, expected: "refused" },
    {
      name: "start_date with an offset but no time",
      method: "GET",
      path,
      query: { start_date: "2025-11-01Z" },
      expected: "refused",
    },
    { name: "end_date with month 13", method: "GET", path, query: { end_date: "2025-13-01" }, expected: "refused" },
  ]),
  // Daily summaries: the server checks the shape YYYY-MM-DD only.
  {
    name: "daily-summary start_date of a day that does not exist (shape only)",
    method: "GET",
    path: "/v1/dev/user/daily-summaries",
    query: { start_date: "2025-02-30" },
    expected: "accepted",
  },
  {
    name: "daily-summary end_date without zero padding",
    method: "GET",
    path: "/v1/dev/user/daily-summaries",
    query: { end_date: "2025-2-3" },
    expected: "refused",
  },
  // createConversation
  {
    name: "createConversation with both times without an offset",
    method: "POST",
    path: "/v1/dev/user/conversations",
    body: { ...conversation, started_at: "2025-11-19T09:30:00", finished_at: "2025-11-19T09:45:00" },
    expected: "accepted",
  },
  {
    name: "createConversation with a plain-date started_at",
    method: "POST",
    path: "/v1/dev/user/conversations",
    body: { ...conversation, started_at: "2025-11-19" },
    expected: "accepted",
  },
  {
    name: "createConversation with whitespace-only text (422 text cannot be empty)",
    method: "POST",
    path: "/v1/dev/user/conversations",
    body: { text: "  \n " },
    expected: "refused",
  },
  {
    name: "createConversation with geolocation.captured_at without an offset",
    method: "POST",
    path: "/v1/dev/user/conversations",
    body: { ...conversation, geolocation: { latitude: 52.52, longitude: 13.4, captured_at: "2025-11-19T09:30:00" } },
    expected: "accepted",
  },
  // createConversationFromSegments: the server requires an offset, in any form it parses.
  {
    name: "from-segments started_at without an offset (422 must include a timezone offset)",
    method: "POST",
    path: "/v1/dev/user/conversations/from-segments",
    body: { transcript_segments: [segment], started_at: "2025-11-19T14:00:00" },
    expected: "refused",
  },
  {
    name: "from-segments started_at as a plain date",
    method: "POST",
    path: "/v1/dev/user/conversations/from-segments",
    body: { transcript_segments: [segment], started_at: "2025-11-19" },
    expected: "refused",
  },
  {
    name: "from-segments started_at with a +hhmm offset",
    method: "POST",
    path: "/v1/dev/user/conversations/from-segments",
    body: { transcript_segments: [segment], started_at: "2025-11-19T14:00:00+0100" },
    expected: "accepted",
  },
  {
    name: "from-segments blank client_session_id (trimmed, then refused)",
    method: "POST",
    path: "/v1/dev/user/conversations/from-segments",
    body: { transcript_segments: [segment], client_session_id: "   " },
    expected: "refused",
  },
  {
    name: "from-segments client_processing that is not an object (dropped, never a 422)",
    method: "POST",
    path: "/v1/dev/user/conversations/from-segments",
    body: { transcript_segments: [segment], client_processing: "v2" },
    expected: "accepted",
  },
  // updateConversation
  {
    name: "updateConversation with a null title next to discarded",
    method: "PATCH",
    path: "/v1/dev/user/conversations/c1",
    body: { title: null, discarded: true },
    expected: "accepted",
  },
  {
    name: "updateConversation with an unknown member (ignored)",
    method: "PATCH",
    path: "/v1/dev/user/conversations/c1",
    body: { discarded: false, folder: "x" },
    expected: "accepted",
  },
  {
    name: "updateConversation with a whitespace-only title",
    method: "PATCH",
    path: "/v1/dev/user/conversations/c1",
    body: { title: "   " },
    expected: "refused",
  },
  {
    name: "updateConversation with an empty body",
    method: "PATCH",
    path: "/v1/dev/user/conversations/c1",
    body: {},
    expected: "refused",
  },
  // memories
  {
    name: "createMemory with whitespace-only content",
    method: "POST",
    path: "/v1/dev/user/memories",
    body: { content: " \t " },
    expected: "refused",
  },
  {
    name: "createMemoriesBatch with an empty list (200, nothing created)",
    method: "POST",
    path: "/v1/dev/user/memories/batch",
    body: { memories: [] },
    expected: "accepted",
  },
  {
    name: "createMemoriesBatch with a blank item",
    method: "POST",
    path: "/v1/dev/user/memories/batch",
    body: { memories: [{ content: "  " }] },
    expected: "refused",
  },
  {
    name: "updateMemory with a visibility other than public/private",
    method: "PATCH",
    path: "/v1/dev/user/memories/m1",
    body: { visibility: "friends" },
    expected: "refused",
  },
  { name: "updateMemory with an empty body", method: "PATCH", path: "/v1/dev/user/memories/m1", body: {}, expected: "refused" },
  {
    name: "updateMemory with whitespace-only content",
    method: "PATCH",
    path: "/v1/dev/user/memories/m1",
    body: { content: "  " },
    expected: "refused",
  },
  // action items
  {
    name: "createActionItem with due_at without an offset (stored as UTC)",
    method: "POST",
    path: "/v1/dev/user/action-items",
    body: { description: "Call Lena", due_at: "2025-11-21T17:00:00" },
    expected: "accepted",
  },
  {
    name: "createActionItem with a whitespace-only description",
    method: "POST",
    path: "/v1/dev/user/action-items",
    body: { description: "  " },
    expected: "refused",
  },
  {
    name: "createActionItemsBatch with an empty list (200, nothing created)",
    method: "POST",
    path: "/v1/dev/user/action-items/batch",
    body: { action_items: [] },
    expected: "accepted",
  },
  {
    name: "updateActionItem with due_at as a plain date",
    method: "PATCH",
    path: "/v1/dev/user/action-items/a1",
    body: { due_at: "2025-12-01" },
    expected: "accepted",
  },
  {
    name: "updateActionItem with an empty body",
    method: "PATCH",
    path: "/v1/dev/user/action-items/a1",
    body: {},
    expected: "refused",
  },
  {
    name: "updateActionItem with a whitespace-only description",
    method: "PATCH",
    path: "/v1/dev/user/action-items/a1",
    body: { description: " " },
    expected: "refused",
  },
  // goals
  {
    name: "createGoal with horizon_at without an offset",
    method: "POST",
    path: "/v1/dev/user/goals",
    body: { title: "Run a marathon", horizon_at: "2026-05-01T00:00:00" },
    expected: "accepted",
  },
  {
    name: "createGoal with a whitespace-only title",
    method: "POST",
    path: "/v1/dev/user/goals",
    body: { title: "  " },
    expected: "refused",
  },
  { name: "updateGoal with an empty body", method: "PATCH", path: "/v1/dev/user/goals/g1", body: {}, expected: "refused" },
  {
    name: "updateGoal with a whitespace-only desired_outcome",
    method: "PATCH",
    path: "/v1/dev/user/goals/g1",
    body: { desired_outcome: "  " },
    expected: "refused",
  },
  {
    name: "updateGoal with a whitespace-only title",
    method: "PATCH",
    path: "/v1/dev/user/goals/g1",
    body: { title: "  " },
    expected: "refused",
  },
  // ask
  {
    name: "ask with a padded time zone (trimmed)",
    method: "POST",
    path: "/v1/dev/user/ask",
    body: { question: "What did I plan?", timezone: " Europe/Berlin " },
    expected: "accepted",
  },
  {
    name: "ask with a blank time zone",
    method: "POST",
    path: "/v1/dev/user/ask",
    body: { question: "What did I plan?", timezone: "  " },
    expected: "refused",
  },
  {
    name: "ask with a time zone over 64 characters",
    method: "POST",
    path: "/v1/dev/user/ask",
    body: { question: "What did I plan?", timezone: `Europe/${"x".repeat(60)}` },
    expected: "refused",
  },
  // API keys
  {
    name: "createApiKey with an empty name (422 Key name cannot be empty)",
    method: "POST",
    path: "/v1/dev/keys",
    body: { name: "" },
    expected: "refused",
  },
  {
    name: "createApiKey with a whitespace-only name",
    method: "POST",
    path: "/v1/dev/keys",
    body: { name: "   " },
    expected: "refused",
  },
];

async function send(c: Case): Promise<{ status: number; violations: string | null }> {
  const url = new URL(c.path, mockUrl());
  for (const [name, value] of Object.entries(c.query ?? {})) url.searchParams.set(name, value);
  const token = c.path.startsWith("/v1/dev/keys") ? TEST_FIREBASE_TOKEN : TEST_API_KEY;
  const response = await fetch(url, {
    method: c.method,
    headers: { Authorization: `Bearer ${token}`, ...(c.body === undefined ? {} : { "Content-Type": "application/json" }) },
    body: c.body === undefined ? undefined : JSON.stringify(c.body),
  });
  await response.arrayBuffer();
  return { status: response.status, violations: response.headers.get("sl-violations") };
}

describe.each(
  cases.map((c) => [`${c.method} ${c.path}${c.query ? `?${new URLSearchParams(c.query)}` : ""}: ${c.name}`, c] as const),
)("%s", (_name, c) => {
  it(c.expected === "accepted" ? "is accepted, as by the server" : "is refused with 422, as by the server", async () => {
    const { status, violations } = await send(c);
    if (c.expected === "accepted") {
      expect(violations).toBeNull();
      expect(status).toBeLessThan(300);
    } else {
      expect(status).toBe(422);
    }
  });
});

describe("the client with date-times the server reads without an offset", () => {
  it("sends a plain-date filter and an offset-less one as they are (the server reads both as UTC)", async () => {
    const { omi, exchanges } = mockClient();
    await omi.actionItems.list({ start_date: "2025-11-01", end_date: "2025-11-30T23:59:59" });
    const sent = new URL(exchanges[0]?.url ?? "").searchParams;
    expect([sent.get("start_date"), sent.get("end_date")]).toEqual(["2025-11-01", "2025-11-30T23:59:59"]);
    expect(exchanges.map((e) => e.status)).toEqual([200]);
  });

  it("creates a conversation whose times both lack an offset", async () => {
    const { omi, exchanges } = mockClient();
    await omi.conversations.create({ ...conversation, started_at: "2025-11-19T09:30:00", finished_at: "2025-11-19T09:45:00" });
    expect(exchanges.map((e) => e.status)).toEqual([200]);
  });

  it.each([
    [
      "started_at without an offset, finished_at with one",
      { started_at: "2025-11-19T09:30:00", finished_at: "2025-11-19T09:45:00Z" },
    ],
    [
      "started_at with an offset, finished_at without",
      { started_at: "2025-11-19T09:30:00Z", finished_at: "2025-11-19T09:45:00" },
    ],
    ["no started_at (the server's default is UTC), finished_at without an offset", { finished_at: "2025-11-19T09:45:00" }],
  ])("refuses %s before sending (the server fails with 500 on it)", async (_name, times) => {
    const { omi, exchanges } = mockClient();
    const error = await omi.conversations.create({ ...conversation, ...times }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(OmiInputError);
    expect(String(error)).toMatch(/fails with 500/);
    expect(exchanges).toHaveLength(0);
  });
});
