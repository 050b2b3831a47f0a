/**
 * Daily digest: the open action items that are due today or overdue, grouped
 * by day, as a short text to read over coffee (or to pipe into a chat message).
 *
 *   OMI_API_KEY=omi_dev_… npx tsx examples/daily-digest.ts
 *
 * "Today" is the calendar day in the time zone of the process: set `TZ`
 * (e.g. `TZ=Europe/Berlin`) to choose it. Read-only: needs `action_items:read`.
 */
import { createOmiClient, type ActionItem, type OmiClient } from "omi-developer-api";
import { dayKey, daysBetween, formatDay, formatTime, localTimeZone } from "./lib/calendar-day.js";
import { runIfScript, type Print } from "./lib/run-script.js";

/** One open action item of the digest. */
export interface DigestEntry {
  /** The action item's id. */
  id: string;
  /** What needs to be done. */
  description: string;
  /** When it is due. */
  dueAt: Date;
  /** Whether Omi extracted it from a conversation (otherwise it was created directly). */
  fromConversation: boolean;
}

/** The overdue items of one past day. */
export interface OverdueDay {
  /** The day, `YYYY-MM-DD` in the digest's time zone. */
  day: string;
  /** How many days before today it is (1 = yesterday). */
  daysAgo: number;
  /** The items due that day, earliest first. */
  items: DigestEntry[];
}

/** What {@link dailyDigest} found. */
export interface Digest {
  /** Today, `YYYY-MM-DD` in `timeZone`. */
  today: string;
  /** The IANA time zone that decides where a day starts. */
  timeZone: string;
  /** Items due before today, grouped by day, oldest day first. */
  overdue: OverdueDay[];
  /** Items due today, earliest first. */
  dueToday: DigestEntry[];
}

/** Options of {@link dailyDigest}. */
export interface DailyDigestOptions {
  /** The moment the digest is for (default: now). */
  now?: Date;
  /** The IANA time zone whose calendar days count (default: the process's, see `TZ`). */
  timeZone?: string;
  /** Where the digest is written (default: `console.log`). */
  print?: Print;
}

/**
 * Fetches every open action item, keeps the ones due today or earlier, prints
 * them as a digest grouped by day, and returns what it printed as data.
 *
 * @param omi - A client whose key has `action_items:read`.
 * @param options - The moment, the time zone and the output; see {@link DailyDigestOptions}.
 */
export async function dailyDigest(omi: OmiClient, options: DailyDigestOptions = {}): Promise<Digest> {
  const { now = new Date(), timeZone = localTimeZone(), print = console.log } = options;
  print("Fetching open action items …");
  const items: ActionItem[] = [];
  for await (const item of omi.actionItems.listAll({ completed: false })) items.push(item);
  const digest = buildDigest(items, now, timeZone);
  for (const line of formatDigest(digest, items.filter((item) => !item.completed).length)) print(line);
  return digest;
}

/**
 * Sorts action items into the digest: open items with a due date on or before
 * today's calendar day in `timeZone`. Items without a due date, done items and
 * items due later are left out.
 */
export function buildDigest(items: readonly ActionItem[], now: Date, timeZone: string): Digest {
  const today = dayKey(now, timeZone);
  const due = items
    .filter((item): item is ActionItem & { due_at: string } => !item.completed && typeof item.due_at === "string")
    .map((item) => ({
      id: item.id,
      description: item.description,
      dueAt: new Date(item.due_at),
      fromConversation: Boolean(item.conversation_id),
    }))
    .filter((entry) => dayKey(entry.dueAt, timeZone) <= today)
    .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
  const overdue = new Map<string, OverdueDay>();
  const dueToday: DigestEntry[] = [];
  for (const entry of due) {
    const day = dayKey(entry.dueAt, timeZone);
    if (day === today) {
      dueToday.push(entry);
      continue;
    }
    const group = overdue.get(day) ?? { day, daysAgo: daysBetween(day, today), items: [] };
    group.items.push(entry);
    overdue.set(day, group);
  }
  return { today, timeZone, overdue: [...overdue.values()], dueToday };
}

/**
 * The digest as lines of text.
 *
 * @param digest - From {@link buildDigest}.
 * @param openCount - How many open action items were looked at.
 */
export function formatDigest(digest: Digest, openCount: number): string[] {
  const { timeZone } = digest;
  const overdueCount = digest.overdue.reduce((n, group) => n + group.items.length, 0);
  const todayLabel = formatDay(new Date(`${digest.today}T12:00:00Z`), "UTC");
  const line = (entry: DigestEntry) =>
    `    - ${entry.description} (due ${formatTime(entry.dueAt, timeZone)}${entry.fromConversation ? ", from a conversation" : ""})`;
  const lines = [
    `Daily digest for ${todayLabel} (${timeZone}): ${overdueCount} overdue, ${digest.dueToday.length} due today, of ${openCount} open action item${openCount === 1 ? "" : "s"}.`,
    "",
    `Overdue (${overdueCount})`,
  ];
  if (digest.overdue.length === 0) lines.push("    nothing overdue");
  for (const group of digest.overdue) {
    const label = formatDay(new Date(`${group.day}T12:00:00Z`), "UTC");
    lines.push(`  ${label}, ${group.daysAgo === 1 ? "yesterday" : `${group.daysAgo} days ago`}`);
    lines.push(...group.items.map(line));
  }
  lines.push(`Due today (${digest.dueToday.length})`);
  if (digest.dueToday.length === 0) lines.push("    nothing due today");
  lines.push(...digest.dueToday.map(line));
  return lines;
}

runIfScript("daily-digest", async () => {
  // Reads OMI_API_KEY (and OMI_API_BASE, default https://api.omi.me) from the environment.
  await dailyDigest(createOmiClient());
});
