/**
 * The note of one conversation: where it goes
 * (`Conversations/YYYY/MM/YYYY-MM-DD HHmm <title>.md`, in the vault's time
 * zone) and what it says (front matter, overview, action items as tasks,
 * events, and the transcript in a collapsed callout).
 */
import { safeNamePart } from "./file-names.js";
import { child, children, num, text, type Item } from "./item-fields.js";
import { inline, offset, paragraph, tag, type VaultClock } from "./markdown-text.js";
import { noteText } from "./note-text.js";

/** Where a conversation's note goes, and what links to it show. */
export interface ConversationPlace {
  /** The folder: `Conversations/YYYY/MM` (`Conversations/Undated` without a readable time). */
  dir: string;
  /** The name without `.md`: `YYYY-MM-DD HHmm <title>`. */
  base: string;
  /** The title, as links show it. */
  label: string;
  /** The local day it started (`YYYY-MM-DD`), for the daily notes. */
  day: string | undefined;
  /** When it started (ISO, as the server sent it): orders a day's links. */
  at: string;
}

/** The time a conversation is filed under: when it started, else when it was stored. */
function startOf(conversation: Item): string {
  return text(conversation, "started_at") ?? text(conversation, "created_at") ?? "";
}

/** The title of a conversation as the server has it, on one line (`Untitled` when it has none); escaped where it goes. */
export function conversationTitle(conversation: Item): string {
  return (text(child(conversation, "structured"), "title") ?? "").replace(/\s+/g, " ").trim() || "Untitled";
}

/** Where a conversation's note goes (see {@link ConversationPlace}). */
export function conversationPlace(conversation: Item, clock: VaultClock): ConversationPlace {
  const title = conversationTitle(conversation);
  const at = startOf(conversation);
  const local = clock.parts(at);
  const name = safeNamePart(title);
  if (!local) return { dir: "Conversations/Undated", base: name, label: title, day: undefined, at };
  return {
    dir: `Conversations/${local.year}/${local.month}`,
    base: `${local.year}-${local.month}-${local.day} ${local.hour}${local.minute} ${name}`,
    label: title,
    day: `${local.year}-${local.month}-${local.day}`,
    at,
  };
}

/**
 * The exported text of a conversation's note. `folders` maps folder ids to
 * names, for conversations that carry a `folder_id` without its name.
 */
export function conversationNote(conversation: Item, clock: VaultClock, folders: ReadonlyMap<string, string>): string {
  const structured = child(conversation, "structured");
  const category = text(structured, "category");
  const folderId = text(conversation, "folder_id");
  const properties = {
    omi_id: text(conversation, "id") ?? null,
    created_at: text(conversation, "created_at") ?? null,
    started_at: text(conversation, "started_at") ?? null,
    finished_at: text(conversation, "finished_at") ?? null,
    category: category ?? null,
    emoji: text(structured, "emoji") ?? null,
    folder: text(conversation, "folder_name") ?? (folderId === undefined ? undefined : folders.get(folderId)) ?? null,
    source: text(conversation, "source") ?? null,
    language: text(conversation, "language") ?? null,
    tags: ["omi/conversation", ...(category && tag(category) ? [`omi/${tag(category)}`] : [])],
  };
  const emoji = inline(text(structured, "emoji"));
  const sections = [`# ${emoji ? `${emoji} ` : ""}${inline(conversationTitle(conversation))}`];
  const overview = paragraph(text(structured, "overview"));
  if (overview) sections.push(overview);
  const tasks = children(structured, "action_items").map(
    (task) => `- [${task.completed === true ? "x" : " "}] ${inline(text(task, "description")) || "(no description)"}`,
  );
  if (tasks.length > 0) sections.push(`## Action items\n\n${tasks.join("\n")}`);
  const events = children(structured, "events").map((event) => eventLine(event, clock));
  if (events.length > 0) sections.push(`## Events\n\n${events.join("\n")}`);
  const transcript = transcriptCallout(children(conversation, "transcript_segments"));
  if (transcript) sections.push(transcript);
  return noteText(properties, sections.join("\n\n"));
}

function eventLine(event: Item, clock: VaultClock): string {
  const when = clock.dateTime(text(event, "start"));
  const minutes = num(event, "duration");
  const details = [when, minutes === undefined ? undefined : `${minutes} min`].filter(Boolean).join(", ");
  const description = inline(text(event, "description"));
  return `- **${inline(text(event, "title")) || "Event"}**${details ? ` (${details})` : ""}${description ? `: ${description}` : ""}`;
}

/** The transcript as a callout folded by default (`> [!quote]-`): one list item per segment, with its speaker and its time from the start. */
function transcriptCallout(segments: readonly Item[]): string | undefined {
  if (segments.length === 0) return undefined;
  const lines = segments.map((segment) => `> - **${speakerOf(segment)}** (${offset(segment.start)}): ${inline(segment.text)}`);
  return [`> [!quote]- Transcript (${segments.length} segment${segments.length === 1 ? "" : "s"})`, ...lines].join("\n");
}

function speakerOf(segment: Item): string {
  const name = inline(text(segment, "speaker_name"));
  if (name) return name;
  if (segment.is_user === true) return "You";
  const id = num(segment, "speaker_id");
  return id === undefined ? "Speaker" : `Speaker ${id}`;
}
