/**
 * Text of the server's items made safe inside the Markdown the vault's notes
 * are built of, and times shown in the vault's time zone.
 *
 * The notes are assembled from a handful of line forms (headings, list items,
 * tasks, a callout, a table, wiki links) that Obsidian reads; its own syntax
 * (wiki links, `%%` comments, block ids, callouts) is outside CommonMark, so a
 * CommonMark serialiser would not know what to escape. What can break a line
 * form is handled here: line breaks, Obsidian comments, link and table
 * delimiters.
 */

/** The line every exported note carries: what a user writes below it is kept by every refresh. An Obsidian comment, hidden when reading. */
export const USER_TEXT_MARKER = "%% omi-export: write your own notes below this line; a refresh keeps them %%";

/** Text for one line (a task, a list item, a heading): line breaks and runs of spaces become one space; `%%` cannot open a comment, nor `[[` a link. */
export function inline(text: unknown): string {
  return noComment(asText(text).replace(/\s+/g, " ").trim());
}

/** Text for a paragraph: lines kept, `%%` cannot open a comment nor `[[` a link, and no line can pass for the {@link USER_TEXT_MARKER}. */
export function paragraph(text: unknown): string {
  return asText(text)
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .map((line) => noComment(line.trimEnd()))
    .join("\n")
    .trim();
}

/** Text for a table cell: one line, `|` escaped. */
export function cell(text: unknown): string {
  return inline(text).replace(/\|/g, "\\|");
}

/** A wiki link to a vault note (`path` with `.md`), shown as `label`: `[[Conversations/2025/01/… 0900 Title|Title]]`. */
export function wikiLink(path: string, label: string): string {
  const target = path.replace(/\.md$/, "");
  // An alias ends at `|` or `]]`, and `%%` would open a comment: none of them can be shown in one.
  const shown = asText(label)
    .replace(/[[\]|]/g, " ")
    .replace(/%{2,}/g, "%")
    .replace(/\s+/g, " ")
    .trim();
  return shown === "" ? `[[${target}]]` : `[[${target}|${shown}]]`;
}

/** Ids that can be an Obsidian block id (`^id`): letters, digits and `-`. */
const BLOCK_ID = /^[A-Za-z0-9-]+$/;

/**
 * What ends a line that keeps an item's id: a block id (` ^id`, which Obsidian
 * hides and lets a link point at: `[[Memories#^id]]`), or, for an id a block
 * id cannot hold, a hidden comment (` %% id: … %%`).
 */
export function idSuffix(id: string): string {
  return BLOCK_ID.test(id) ? ` ^${id}` : ` %% id: ${id.replace(/%%/g, "% %")} %%`;
}

/** Reads the id {@link idSuffix} put at the end of a line, if any. */
export function idFromLine(line: string): string | undefined {
  return /\s\^([A-Za-z0-9-]+)$/.exec(line)?.[1] ?? /\s%% id: (.*) %%$/.exec(line)?.[1];
}

function asText(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return "";
}

// `%%` opens an Obsidian comment that hides the rest of the note, and `[[`/`]]` make a link of text; escaped, they show as written.
function noComment(text: string): string {
  const escaped = text.replace(/%%/g, "%\\%").replace(/\[\[/g, "\\[\\[").replace(/\]\]/g, "\\]\\]");
  return escaped === USER_TEXT_MARKER ? ` ${escaped}` : escaped;
}

/** A moment's calendar parts in a time zone. */
export interface LocalTime {
  /** `2025`. */
  year: string;
  /** `01`–`12`. */
  month: string;
  /** `01`–`31`. */
  day: string;
  /** `00`–`23`. */
  hour: string;
  /** `00`–`59`. */
  minute: string;
}

/** Reads instants in one IANA time zone (the vault's): names, days and shown times all use it. */
export class VaultClock {
  private readonly format: Intl.DateTimeFormat;

  /**
   * @param timeZone - an IANA zone (`Europe/Berlin`, `UTC`).
   * @throws RangeError for a zone the runtime does not know.
   */
  constructor(readonly timeZone: string) {
    this.format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    });
  }

  /** The parts of an ISO 8601 instant, or `undefined` when it is not one. */
  parts(iso: unknown): LocalTime | undefined {
    if (typeof iso !== "string") return undefined;
    const ms = Date.parse(iso);
    if (Number.isNaN(ms)) return undefined;
    const parts: Record<string, string> = {};
    for (const part of this.format.formatToParts(ms)) parts[part.type] = part.value;
    const { year = "", month = "", day = "", hour = "", minute = "" } = parts;
    return { year, month, day, hour, minute };
  }

  /** `YYYY-MM-DD` of an instant, or `undefined`. */
  day(iso: unknown): string | undefined {
    const parts = this.parts(iso);
    return parts && `${parts.year}-${parts.month}-${parts.day}`;
  }

  /** `YYYY-MM-DD HH:mm` of an instant, or `undefined`. */
  dateTime(iso: unknown): string | undefined {
    const parts = this.parts(iso);
    return parts && `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
  }
}

/** Seconds from the start of a conversation as `m:ss` or `h:mm:ss`. */
export function offset(seconds: unknown): string {
  const total = typeof seconds === "number" && Number.isFinite(seconds) && seconds > 0 ? Math.floor(seconds) : 0;
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}

/** An Obsidian tag from free text: lower case, letters, digits, `_`, `-` and `/` only. */
export function tag(text: string): string {
  return text
    .normalize("NFC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}_/-]+/gu, "-")
    .replace(/^-+|-+$/g, "");
}
