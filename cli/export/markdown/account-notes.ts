/**
 * The vault's notes other than conversations: a daily note per daily summary,
 * a task list per month, the memories by category, the goals with their
 * progress, and the index.
 *
 * Action items go to one task list per month (`Tasks/YYYY-MM.md`), one task a
 * line in the Tasks plugin's emoji format (`➕` created, `📅` due, `✅` done):
 * the Tasks plugin reads tasks from lines wherever they are, so lines give it
 * everything a note per task would, without thousands of one-line files, and a
 * month's list reads well on its own (a note per task suits plugins that read
 * properties, which Tasks does not).
 */
import { byFieldThenId, child, children, num, text, texts, type Item } from "./item-fields.js";
import { cell, idSuffix, inline, paragraph, type VaultClock } from "./markdown-text.js";
import { noteText } from "./note-text.js";

/** Gives the wiki link to a conversation's note, when the vault has one. */
export type ConversationLinker = (conversationId: string | undefined) => string | undefined;

/** A daily summary's note name: `YYYY-MM-DD`, or `undefined` without a date. */
export function dailyBase(summary: Item): string | undefined {
  const date = text(summary, "date");
  return date !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(date) ? date : undefined;
}

/**
 * The note of a daily summary: its recap (headline, overview, numbers,
 * highlights, tasks, decisions, open questions, things learned) and wiki
 * links to the day's conversations (`dayLinks`, in time order).
 */
export function dailyNote(summary: Item, dayLinks: readonly string[], link: ConversationLinker): string {
  const date = text(summary, "date") ?? null;
  const properties = {
    omi_id: text(summary, "id") ?? null,
    date,
    created_at: text(summary, "created_at") ?? null,
    tags: ["omi/daily"],
  };
  const emoji = inline(text(summary, "day_emoji"));
  const headline = inline(text(summary, "headline"));
  const sections = [`# ${emoji ? `${emoji} ` : ""}${date ?? "Undated"}${headline ? `: ${headline}` : ""}`];
  const overview = paragraph(text(summary, "overview"));
  if (overview) sections.push(overview);
  const stats = child(summary, "stats");
  const numbers = [
    ["Conversations", num(stats, "total_conversations")],
    ["Minutes of conversation", num(stats, "total_duration_minutes")],
    ["Memories created", num(stats, "memories_created")],
    ["Action items created", num(stats, "action_items_created")],
  ].flatMap(([label, value]) => (value === undefined ? [] : [`- ${String(label)}: ${String(value)}`]));
  if (numbers.length > 0) sections.push(`## The day in numbers\n\n${numbers.join("\n")}`);
  const highlights = children(summary, "highlights").map((highlight) => {
    const links = texts(highlight, "conversation_ids").flatMap((id) => link(id) ?? []);
    const topic = inline(text(highlight, "topic"));
    const about = inline(text(highlight, "summary"));
    const icon = inline(text(highlight, "emoji"));
    return `- ${icon ? `${icon} ` : ""}**${topic || "Topic"}**${about ? `: ${about}` : ""}${links.length > 0 ? ` (${links.join(", ")})` : ""}`;
  });
  if (highlights.length > 0) sections.push(`## Highlights\n\n${highlights.join("\n")}`);
  pushList(sections, "Tasks mentioned", children(summary, "action_items"), "description", "source_conversation_id", link);
  pushList(sections, "Decisions", children(summary, "decisions_made"), "decision", "conversation_id", link);
  pushList(sections, "Open questions", children(summary, "unresolved_questions"), "question", "conversation_id", link);
  pushList(sections, "Learned", children(summary, "knowledge_nuggets"), "insight", "conversation_id", link);
  sections.push(
    `## Conversations\n\n${dayLinks.length > 0 ? dayLinks.map((line) => `- ${line}`).join("\n") : "None in this vault."}`,
  );
  return noteText(properties, sections.join("\n\n"));
}

function pushList(
  sections: string[],
  heading: string,
  entries: readonly Item[],
  field: string,
  conversationField: string,
  link: ConversationLinker,
): void {
  const lines = entries.flatMap((entry) => {
    const line = inline(text(entry, field));
    if (!line) return [];
    const to = link(text(entry, conversationField));
    return [`- ${line}${to ? ` (${to})` : ""}`];
  });
  if (lines.length > 0) sections.push(`## ${heading}\n\n${lines.join("\n")}`);
}

/** The month list an action item goes to: `YYYY-MM` of its creation, or `Undated`. */
export function taskMonth(task: Item, clock: VaultClock): string {
  return clock.day(text(task, "created_at"))?.slice(0, 7) ?? "Undated";
}

/** One action item as a Tasks line: `- [ ] description ([[conversation]]) ➕ created 📅 due ✅ done ^id`. */
export function taskLine(task: Item, clock: VaultClock, link: ConversationLinker): string {
  const done = task.completed === true;
  const from = link(text(task, "conversation_id"));
  const dates = [
    ["➕", clock.day(text(task, "created_at"))],
    ["📅", clock.day(text(task, "due_at"))],
    ["✅", done ? clock.day(text(task, "completed_at")) : undefined],
  ].flatMap(([sign, day]) => (day === undefined ? [] : [`${sign} ${day}`]));
  const id = text(task, "id");
  return `- [${done ? "x" : " "}] ${inline(text(task, "description")) || "(no description)"}${from ? ` (${from})` : ""}${dates.map((date) => ` ${date}`).join("")}${id === undefined ? "" : idSuffix(id)}`;
}

/** The task list of a month: its tasks' lines (see {@link taskLine}), oldest first. */
export function taskListNote(month: string, lines: readonly string[], counts: { open: number; done: number }): string {
  const properties = { month: month === "Undated" ? null : month, open: counts.open, done: counts.done, tags: ["omi/tasks"] };
  return noteText(properties, `# Tasks: ${month}\n\n${lines.join("\n")}`);
}

/** The memories note: one section per category (alphabetical), one line per memory that ends with its id (see {@link idSuffix}). */
export function memoriesNote(memories: readonly Item[]): string {
  const byCategory = new Map<string, Item[]>();
  for (const memory of memories) {
    const category = inline(text(memory, "category")) || "uncategorised";
    const list = byCategory.get(category);
    if (list) list.push(memory);
    else byCategory.set(category, [memory]);
  }
  const sections = ["# Memories"];
  for (const category of [...byCategory.keys()].sort()) {
    const lines = (byCategory.get(category) ?? []).sort(byFieldThenId("created_at")).map((memory) => {
      const id = text(memory, "id");
      return `- ${inline(text(memory, "content")) || "(empty)"}${id === undefined ? "" : idSuffix(id)}`;
    });
    sections.push(`## ${category} (${lines.length})\n\n${lines.join("\n")}`);
  }
  const properties = { memories: memories.length, categories: [...byCategory.keys()].sort(), tags: ["omi/memories"] };
  return noteText(properties, sections.join("\n\n"));
}

/** A goal with its progress history (newest first, as the server gives it). */
export interface GoalWithHistory {
  /** The goal, as the mirror holds it. */
  goal: Item;
  /** Its history entries (`date`, `value`, `recorded_at`). */
  history: readonly Item[];
}

/** The goals note: a section per goal (status, progress, desired outcome) with its progress history as a table. */
export function goalsNote(goals: readonly GoalWithHistory[]): string {
  const sections = ["# Goals"];
  for (const { goal, history } of goals) {
    const unit = inline(text(goal, "unit"));
    const current = num(goal, "current_value");
    const target = num(goal, "target_value");
    const progress =
      current === undefined && target === undefined
        ? undefined
        : `${current ?? "?"} of ${target ?? "?"}${unit ? ` ${unit}` : ""}`;
    const facts = [
      `- Status: ${inline(text(goal, "status")) || (goal.is_active === false ? "inactive" : "active")}`,
      ...(progress ? [`- Progress: ${progress}`] : []),
      `- Id: \`${inline(text(goal, "id"))}\``,
    ];
    const outcome = paragraph(text(goal, "desired_outcome"));
    const table =
      history.length === 0
        ? "No progress recorded."
        : ["| Date | Value | Recorded at |", "| --- | ---: | --- |"]
            .concat(
              history.map(
                (entry) =>
                  `| ${cell(text(entry, "date"))} | ${cell(num(entry, "value"))} | ${cell(text(entry, "recorded_at"))} |`,
              ),
            )
            .join("\n");
    sections.push(
      [`## ${inline(text(goal, "title")) || "Untitled goal"}`, facts.join("\n"), outcome, table].filter(Boolean).join("\n\n"),
    );
  }
  return noteText({ goals: goals.length, tags: ["omi/goals"] }, sections.join("\n\n"));
}

/** What the index note counts. */
export interface VaultCounts {
  /** Conversation notes. */
  conversations: number;
  /** Daily notes. */
  daily: number;
  /** Open and done tasks. */
  tasks: { open: number; done: number };
  /** Memories. */
  memories: number;
  /** Goals. */
  goals: number;
}

/**
 * The index note: when the vault was last refreshed (in its time zone), what
 * it holds, links to the other notes (`links`: wiki links to the memories,
 * goals and month lists) and a Tasks query of the open tasks.
 */
export function indexNote(refreshedAt: string, clock: VaultClock, counts: VaultCounts, links: readonly string[]): string {
  const properties = { refreshed_at: refreshedAt, time_zone: clock.timeZone, ...flatCounts(counts), tags: ["omi/index"] };
  const rows = [
    ["Conversations", counts.conversations],
    ["Daily notes", counts.daily],
    ["Open tasks", counts.tasks.open],
    ["Done tasks", counts.tasks.done],
    ["Memories", counts.memories],
    ["Goals", counts.goals],
  ].map(([label, value]) => `| ${String(label)} | ${String(value)} |`);
  const body = [
    "# Omi",
    `Last refresh: ${clock.dateTime(refreshedAt) ?? refreshedAt} (${clock.timeZone}).`,
    ["| Notes | Count |", "| --- | ---: |", ...rows].join("\n"),
    links.map((line) => `- ${line}`).join("\n"),
    "## Open tasks\n\nWith the Tasks plugin, this lists the open tasks of the month lists:\n\n```tasks\nnot done\npath includes Tasks/\n```",
  ].filter(Boolean);
  return noteText(properties, body.join("\n\n"));
}

function flatCounts(counts: VaultCounts): Record<string, number> {
  return {
    conversations: counts.conversations,
    daily_notes: counts.daily,
    open_tasks: counts.tasks.open,
    done_tasks: counts.tasks.done,
    memories: counts.memories,
    goals: counts.goals,
  };
}
