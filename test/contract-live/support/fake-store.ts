import { randomUUID } from "node:crypto";
import { exampleOf } from "./spec-examples.js";

/** A JSON object of the fake server's data. */
export type Item = Record<string, unknown> & { id: string };

/** The fake server's data, seeded from the spec's response examples. */
export interface FakeStore {
  conversations: Item[];
  transcripts: Map<string, unknown[]>;
  folders: Item[];
  memories: Item[];
  actionItems: Item[];
  goals: Item[];
  goalHistory: unknown[];
  keys: Item[];
  dailySummaries: Item[];
  /** What `GET /v1/dev/key` describes: the key the checks call with. */
  callingKey: Item;
  search: unknown;
  /** The ids of everything seeded (existing data a write check must never touch). */
  seededIds: Set<string>;
  /** How many items of each kind were seeded. */
  seededCounts: Record<"conversations" | "memories" | "actionItems" | "goals" | "keys", number>;
}

/** A fresh store: the list examples of the spec as the existing data. */
export function seedStore(): FakeStore {
  const conversations = exampleOf<Item[]>("listConversations");
  const segments = exampleOf<{ transcript_segments: unknown[] }>("getConversation").transcript_segments;
  const store: FakeStore = {
    conversations,
    transcripts: new Map(conversations.map((c) => [c.id, structuredClone(segments)])),
    folders: exampleOf<Item[]>("listFolders"),
    memories: exampleOf<Item[]>("listMemories"),
    actionItems: exampleOf<Item[]>("listActionItems"),
    goals: exampleOf<Item[]>("listGoals"),
    goalHistory: exampleOf<unknown[]>("listGoalHistory"),
    keys: exampleOf<Item[]>("listApiKeys"),
    dailySummaries: exampleOf<{ summaries: Item[] }>("listDailySummaries").summaries,
    callingKey: exampleOf<Item>("getCallingApiKey"),
    search: exampleOf<unknown>("searchMemories"),
    seededIds: new Set(),
    seededCounts: { conversations: 0, memories: 0, actionItems: 0, goals: 0, keys: 0 },
  };
  for (const kind of ["conversations", "memories", "actionItems", "goals", "keys"] as const) {
    store.seededCounts[kind] = store[kind].length;
    for (const item of store[kind]) store.seededIds.add(item.id);
  }
  return store;
}

/** A new item shaped like the spec's example for `operationId`, with a fresh id, `fields` on top and null `fields` ignored. */
export function newItem(operationId: string, fields: Record<string, unknown>): Item {
  const now = new Date().toISOString().replace(/\.\d+Z$/, "Z");
  const template = exampleOf<Item>(operationId);
  const id = randomUUID();
  const item: Item = { ...template, id, created_at: now, updated_at: now };
  if ("goal_id" in template) item.goal_id = id;
  return applyFields(item, fields);
}

/** Copies the non-null `fields` onto `item` (the API's "null means unchanged"), stamping `updated_at`. */
export function applyFields(item: Item, fields: Record<string, unknown>): Item {
  for (const [name, value] of Object.entries(fields)) if (value !== null && value !== undefined) item[name] = value;
  if ("updated_at" in item) item.updated_at = new Date().toISOString().replace(/\.\d+Z$/, "Z");
  return item;
}

/** Removes the item with `id` from `list`; true when it was there. */
export function removeById(list: Item[], id: string): boolean {
  const index = list.findIndex((i) => i.id === id);
  if (index < 0) return false;
  list.splice(index, 1);
  return true;
}
