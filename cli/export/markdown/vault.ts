/**
 * Writes the Obsidian vault from the JSONL mirror. The vault is a view of the
 * mirror: a note exists for an item exactly when the mirror holds the item,
 * so a note is removed only when the mirror's refresh removed the item, and
 * whatever decides that (a listing proven complete) decides it for the vault
 * too. A resource whose mirror file is not a whole listing (a first export
 * still under way) leaves its notes as they are.
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { OmiClient } from "../../../src/index.js";
import type { Checkpoint } from "../checkpoint.js";
import { fileSize, forEachLine } from "../mirror-files.js";
import { resourceNamed, type ResourceName } from "../resources.js";
import {
  dailyBase,
  dailyNote,
  goalsNote,
  indexNote,
  memoriesNote,
  taskLine,
  taskListNote,
  taskMonth,
  type ConversationLinker,
  type GoalWithHistory,
} from "./account-notes.js";
import { conversationNote, conversationPlace } from "./conversation-note.js";
import { assignPaths, dirOf, pathKey, type NameAssignment, type NameRequest } from "./file-names.js";
import { byFieldThenId, isItem, text, type Item } from "./item-fields.js";
import { readManifest, writeManifest, type Manifest, type ManifestNote } from "./manifest.js";
import { wikiLink, type VaultClock } from "./markdown-text.js";
import { deleteFile, removeNote, writeNote } from "./vault-files.js";

/** What {@link writeVault} needs. */
export interface VaultRun {
  /** The vault's folder. */
  vault: string;
  /** The folder of the JSONL mirror and its checkpoint. */
  mirror: string;
  /** The mirror's checkpoint after the export run: which mirror files are whole. */
  checkpoint: Checkpoint;
  /** The client, for the goals' progress history (the mirror does not hold it). */
  omi: OmiClient;
  /** The vault's time zone. */
  clock: VaultClock;
  /** The time of this refresh (the index shows it). */
  now: () => number;
  /** Stops the history calls (Ctrl-C). */
  signal: AbortSignal;
  /** Tells the user something (e.g. goals left as they were). */
  warn: (message: string) => void;
}

/** What a vault refresh did. */
export interface VaultResult {
  /** Notes in the vault now (the export's). */
  notes: number;
  /** Notes written (new or changed; a renamed note counts here too). */
  written: number;
  /** Notes that moved to a new name. */
  renamed: number;
  /** Notes of removed items deleted. */
  removed: number;
  /** Notes of removed items moved to `Removed/` because the user had written in them. */
  moved: number;
}

/** A note to write: its key, its request for a name, and how to render it once every path is known. */
interface Planned {
  request: NameRequest;
  meta?: Pick<ManifestNote, "label" | "day" | "at" | "counts">;
  render?: (link: ConversationLinker, byDay: ReadonlyMap<string, readonly string[]>) => string;
}

const CONVERSATION = "conversation:";

/**
 * Brings the vault at `run.vault` up to date with the mirror: writes the
 * notes whose exported part changed (keeping what the user wrote below the
 * marker line; a note whose name changed is renamed, and the links the export
 * wrote follow), removes the notes of items no longer in the mirror (moved to
 * `Removed/` when the user wrote in them), and never touches a file the
 * manifest does not list. The paths about to be written are saved in the
 * manifest first, so that a run cut short leaves every file it wrote owned.
 */
export async function writeVault(run: VaultRun): Promise<VaultResult> {
  const { vault, clock } = run;
  const manifest = readManifest(vault, clock.timeZone);
  const owned = new Set([...Object.values(manifest.notes).map((note) => pathKey(note.path)), ...manifest.pending.map(pathKey)]);
  const whole = (name: ResourceName) => {
    const state = run.checkpoint.resources[name];
    return state !== undefined && (state.done || state.refresh !== undefined);
  };
  const mirrorFile = (name: ResourceName) => join(run.mirror, resourceNamed(name).file);
  const plans = new Map<string, Planned>();
  const keep = (prefix: string) => {
    for (const [key, note] of Object.entries(manifest.notes)) {
      if (key.startsWith(prefix))
        plans.set(key, { request: { key, dir: dirOf(note.path), base: note.base, id: key }, meta: note });
    }
  };

  const folders = whole("folders") ? folderNames(mirrorFile("folders")) : new Map<string, string>();
  if (whole("conversations")) planConversations(mirrorFile("conversations"), clock, plans);
  else keep(CONVERSATION);
  if (whole("daily-summaries")) planDaily(readItems(mirrorFile("daily-summaries")), plans);
  else keep("daily:");
  if (whole("action-items")) planTasks(readItems(mirrorFile("action-items")), clock, plans);
  else keep("tasks:");
  if (whole("memories")) {
    const memories = readItems(mirrorFile("memories"));
    plans.set("memories", {
      request: { key: "memories", dir: "", base: "Memories", id: "memories" },
      meta: { counts: { memories: memories.length } },
      render: () => memoriesNote(memories),
    });
  } else keep("memories");
  const goals = whole("goals") ? await goalsWithHistory(run, readItems(mirrorFile("goals"))) : undefined;
  if (goals) {
    plans.set("goals", {
      request: { key: "goals", dir: "", base: "Goals", id: "goals" },
      meta: { counts: { goals: goals.length } },
      render: () => goalsNote(goals),
    });
  } else keep("goals");
  plans.set("index", { request: { key: "index", dir: "", base: "Omi", id: "index" } });

  const previous = new Map<string, NameAssignment>(Object.entries(manifest.notes));
  const isForeign = (path: string) => !owned.has(pathKey(path)) && existsSync(join(vault, path));
  const paths = assignPaths(
    [...plans.values()].map((plan) => plan.request),
    previous,
    isForeign,
  );
  writeManifest(vault, { ...manifest, pending: [...new Set([...manifest.pending, ...[...paths.values()].map((a) => a.path)])] });

  const notes: Record<string, ManifestNote> = {};
  const result: VaultResult = { notes: 0, written: 0, renamed: 0, removed: 0, moved: 0 };
  const link: ConversationLinker = (id) => {
    const path = id === undefined ? undefined : paths.get(CONVERSATION + id)?.path;
    const label = id === undefined ? undefined : plans.get(CONVERSATION + id)?.meta?.label;
    return path === undefined ? undefined : wikiLink(path, label ?? "");
  };
  const put = (key: string, exported: string) => {
    const plan = plans.get(key);
    const assigned = paths.get(key);
    if (!plan || !assigned) return;
    const hash = createHash("sha256").update(exported).digest("hex").slice(0, 16);
    const before = manifest.notes[key];
    notes[key] = { path: assigned.path, base: assigned.base, hash, ...plan.meta };
    if (before?.path === assigned.path && before.hash === hash && existsSync(join(vault, assigned.path))) return;
    // A note written by a run cut short is already at its new path, with the user's text.
    const from = owned.has(pathKey(assigned.path)) && existsSync(join(vault, assigned.path)) ? assigned.path : before?.path;
    writeNote(vault, assigned.path, exported, from);
    result.written += 1;
    if (before !== undefined && before.path !== assigned.path) {
      deleteFile(vault, before.path);
      result.renamed += 1;
    }
  };

  if (whole("conversations")) {
    eachItem(mirrorFile("conversations"), (conversation) => {
      const id = text(conversation, "id");
      if (id !== undefined) put(CONVERSATION + id, conversationNote(conversation, clock, folders));
    });
  }
  const byDay = conversationsByDay(plans);
  for (const [key, plan] of plans) {
    if (key === "index") continue;
    if (plan.render) put(key, plan.render(link, byDay));
    // A note of a resource whose mirror is not whole stays as it was.
    else if (!(key.startsWith(CONVERSATION) && whole("conversations"))) notes[key] = { ...(manifest.notes[key] as ManifestNote) };
  }

  const refreshedAt = new Date(run.now()).toISOString();
  put("index", indexNote(refreshedAt, clock, countsOf(notes), indexLinks(notes)));

  for (const [key, note] of Object.entries(manifest.notes)) {
    if (notes[key] !== undefined) continue;
    const outcome = removeNote(vault, note.path);
    if (outcome === "deleted") result.removed += 1;
    if (outcome === "moved") result.moved += 1;
  }
  const kept = new Set(Object.values(notes).map((note) => pathKey(note.path)));
  for (const path of manifest.pending) {
    if (!kept.has(pathKey(path)) && !Object.values(manifest.notes).some((note) => note.path === path)) removeNote(vault, path);
  }
  result.notes = Object.keys(notes).length;
  writeManifest(vault, { version: 1, timeZone: clock.timeZone, notes, pending: [] } satisfies Manifest);
  return result;
}

function planConversations(file: string, clock: VaultClock, plans: Map<string, Planned>): void {
  eachItem(file, (conversation) => {
    const id = text(conversation, "id");
    if (id === undefined) return;
    const place = conversationPlace(conversation, clock);
    plans.set(CONVERSATION + id, {
      request: { key: CONVERSATION + id, dir: place.dir, base: place.base, id },
      meta: { label: place.label, at: place.at, ...(place.day === undefined ? {} : { day: place.day }) },
    });
  });
}

function planDaily(summaries: readonly Item[], plans: Map<string, Planned>): void {
  for (const summary of summaries) {
    const base = dailyBase(summary);
    if (base === undefined) continue;
    const id = text(summary, "id") ?? base;
    const key = `daily:${id}`;
    plans.set(key, {
      request: { key, dir: "Daily", base, id },
      meta: { day: base },
      render: (link, byDay) =>
        dailyNote(
          summary,
          (byDay.get(base) ?? []).flatMap((conversation) => link(conversation) ?? []),
          link,
        ),
    });
  }
}

function planTasks(tasks: readonly Item[], clock: VaultClock, plans: Map<string, Planned>): void {
  const months = new Map<string, Item[]>();
  for (const task of [...tasks].sort(byFieldThenId("created_at"))) {
    const month = taskMonth(task, clock);
    const list = months.get(month);
    if (list) list.push(task);
    else months.set(month, [task]);
  }
  for (const [month, list] of months) {
    const key = `tasks:${month}`;
    const done = list.filter((task) => task.completed === true).length;
    const counts = { open: list.length - done, done };
    plans.set(key, {
      request: { key, dir: "Tasks", base: month, id: month },
      meta: { label: month, counts },
      render: (link) =>
        taskListNote(
          month,
          list.map((task) => taskLine(task, clock, link)),
          counts,
        ),
    });
  }
}

// The ids of each day's conversations (those the vault has), in the order they started.
function conversationsByDay(plans: ReadonlyMap<string, Planned>): Map<string, string[]> {
  const found = new Map<string, Array<{ id: string; at: string }>>();
  for (const [key, plan] of plans) {
    const day = plan.meta?.day;
    if (!key.startsWith(CONVERSATION) || day === undefined) continue;
    const entry = { id: key.slice(CONVERSATION.length), at: plan.meta?.at ?? "" };
    const list = found.get(day);
    if (list) list.push(entry);
    else found.set(day, [entry]);
  }
  const byDay = new Map<string, string[]>();
  for (const [day, list] of found) {
    list.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id < b.id ? -1 : 1));
    byDay.set(
      day,
      list.map((entry) => entry.id),
    );
  }
  return byDay;
}

async function goalsWithHistory(run: VaultRun, goals: readonly Item[]): Promise<GoalWithHistory[] | undefined> {
  const out: GoalWithHistory[] = [];
  for (const goal of [...goals].sort(byFieldThenId("created_at"))) {
    const id = text(goal, "id");
    if (id === undefined) continue;
    try {
      const history = await run.omi.goals.listHistory(id, { days: 365 }, { signal: run.signal });
      out.push({ goal, history: history.filter(isItem) as unknown as Item[] });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      run.warn(`vault: could not read the progress history of a goal (${reason}); Goals.md is left as it was`);
      return undefined;
    }
  }
  return out;
}

function countsOf(notes: Readonly<Record<string, ManifestNote>>) {
  const sum = (name: string) => Object.values(notes).reduce((total, note) => total + (note.counts?.[name] ?? 0), 0);
  const keys = Object.keys(notes);
  return {
    conversations: keys.filter((key) => key.startsWith(CONVERSATION)).length,
    daily: keys.filter((key) => key.startsWith("daily:")).length,
    tasks: { open: sum("open"), done: sum("done") },
    memories: sum("memories"),
    goals: sum("goals"),
  };
}

function indexLinks(notes: Readonly<Record<string, ManifestNote>>): string[] {
  const links: string[] = [];
  if (notes.memories) links.push(wikiLink(notes.memories.path, "Memories"));
  if (notes.goals) links.push(wikiLink(notes.goals.path, "Goals"));
  const months = Object.entries(notes)
    .filter(([key]) => key.startsWith("tasks:"))
    .sort(([a], [b]) => (a < b ? 1 : -1))
    .map(([key, note]) => wikiLink(note.path, `Tasks ${key.slice("tasks:".length)}`));
  if (months.length > 0) links.push(`Task lists: ${months.join(", ")}`);
  const days = Object.entries(notes)
    .filter(([key]) => key.startsWith("daily:"))
    .map(([, note]) => note)
    .sort((a, b) => (a.path < b.path ? 1 : -1))
    .slice(0, 7)
    .map((note) => wikiLink(note.path, note.day ?? note.base));
  if (days.length > 0) links.push(`Latest days: ${days.join(", ")}`);
  return links;
}

function folderNames(file: string): Map<string, string> {
  const names = new Map<string, string>();
  for (const folder of readItems(file)) {
    const id = text(folder, "id");
    const name = text(folder, "name");
    if (id !== undefined && name !== undefined) names.set(id, name);
  }
  return names;
}

function readItems(file: string): Item[] {
  const items: Item[] = [];
  eachItem(file, (item) => items.push(item));
  return items;
}

// One item at a time, so that a mirror of any size (transcripts included) is never held whole.
function eachItem(file: string, onItem: (item: Item) => void): void {
  if (!existsSync(file)) return;
  forEachLine(file, 0, fileSize(file), (line) => {
    const item: unknown = JSON.parse(line);
    if (isItem(item)) onItem(item);
  });
}
