/**
 * Fake accounts (`createOmiFake`, src/testing/) holding one listing's rows, for the pager's
 * property tests, the listing tests, the export's incomplete-listing tests and the listing
 * benchmark. Rows are described compactly (`Row`) and stored in `fake.state` as the spec's
 * items; a scenario's server behaviour is the fake's own: caps below the spec's are the
 * `pageCaps` quirk, ignored offsets and dates the `ignoreOffset` and `ignoreDateFilters`
 * quirks, truncated memory pages the `truncateMemoryPages` quirk, and rows added or removed
 * while listing a fault whose `when` edits `fake.state` before a request is served. What a
 * complete listing must yield is computed from snapshots of `fake.state` taken as requests
 * arrive: "must list" is every item present and visible from the first request to the last,
 * "may list" every item visible at some point.
 */
import type { ActionItem, DailySummary, Memory } from "../../generated/schemas.js";
import { actionItemOrder } from "../../src/testing/handlers/action-items.js";
import { createOmiFake, type FakeConversation, type OmiFake } from "../../src/testing/index.js";
import { newestFirst } from "../../src/testing/listing.js";
import { isoMicros } from "../../src/testing/state.js";

/** The listings covered, with the spec's cap, whether locked rows are dropped after the page is cut, and the offset horizon. */
export const LISTINGS = {
  conversations: { path: "/v1/dev/user/conversations", specCap: 200, dropsRows: true, horizon: undefined },
  memories: { path: "/v1/dev/user/memories", specCap: 1000, dropsRows: false, horizon: undefined },
  actionItems: { path: "/v1/dev/user/action-items", specCap: 1000, dropsRows: true, horizon: 2000 },
  dailySummaries: { path: "/v1/dev/user/daily-summaries", specCap: 100, dropsRows: false, horizon: undefined },
} as const;

/** One of {@link LISTINGS}. */
export type ListingName = keyof typeof LISTINGS;

/** One stored row. */
export interface Row {
  /** The row's identity in the test (unique, whatever `id` says); the item's text is `row <key>`. */
  key: string;
  /** The `id` the server answers: a string, `null`, or none at all. */
  id: string | null | undefined;
  /** `created_at` in microseconds since the epoch, or none (a daily summary's `date` is its day). */
  us: number | undefined;
  /** Locked: dropped after the page is cut (conversations, action items), listed for the others. */
  locked: boolean;
  /** Action items: completed ones are listed after open ones. */
  completed: boolean;
}

/** A change made to the stored rows after the fake answered the `afterRequest`-th request. */
export interface Mutation {
  afterRequest: number;
  /** Rows created then (they are the newest). */
  add?: Row[];
  /** Keys of rows removed then. */
  remove?: string[];
}

/** One fake account holding one listing. */
export interface ListingServerOptions {
  listing: ListingName;
  rows: Row[];
  /** The server's own cap on `limit` (the spec's, or a lower one of an older deployment: the `pageCaps` quirk). */
  cap: number;
  ignoresOffset?: boolean;
  ignoresDates?: boolean;
  /**
   * Truncated memory pages: `transient` cuts the pages of the requests whose index (from
   * 0) is in `requests` to their first `keep` rows; `persistent` answers every page that
   * reaches past `fromOffset` truncated there, like a `categories` listing past its scan limit.
   */
  truncation?: { mode: "transient"; requests: number[]; keep: number } | { mode: "persistent"; fromOffset: number };
  mutations?: Mutation[];
  /** The developer key the fake accepts (default the fake's). */
  apiKey?: string;
}

/** A fake account holding one listing, with what a complete listing of it must and may yield. */
export interface ListingServer {
  /** The fake account. */
  fake: OmiFake;
  /** The listing held. */
  listing: ListingName;
  /** The fake's `fetch`. */
  fetch: typeof globalThis.fetch;
  /** Requests received so far. */
  requests(): number;
  /** The keys a complete listing must yield: those present and visible from the first request to the last, in server order. */
  mustList(): string[];
  /** The keys a listing may yield: those visible at some request. */
  mayList(): Set<string>;
  /** The key of an item as the fake answered it. */
  keyOfItem(item: unknown): string;
}

const BASE_US = Date.UTC(2025, 0, 1) * 1000;

/** `created_at` of the row at position `index` of a generated account (an hour apart, oldest first), in µs. */
export function hourly(index: number): number {
  return BASE_US + index * 3_600_000_000;
}

/** `count` rows an hour apart (oldest first), each with an id, open and unlocked unless `row` says otherwise. */
export function rowsOf(count: number, row: (index: number) => Partial<Row> = () => ({})): Row[] {
  return Array.from({ length: count }, (_, i) => ({
    key: `r${i}`,
    id: `id-${i}`,
    us: hourly(i),
    locked: false,
    completed: false,
    ...row(i),
  }));
}

type Stored = { locked?: boolean; completed?: boolean; created_at?: string | null; date?: string | null };

/** The state item of a row, as `listing` stores it; `id` and `created_at` are left out or null as the row says. */
function itemOf(listing: ListingName, row: Row): Stored {
  const text = `row ${row.key}`;
  const created = row.us === undefined ? undefined : isoMicros(row.us);
  let item: Record<string, unknown>;
  if (listing === "conversations") {
    item = {
      created_at: created,
      started_at: created,
      finished_at: created,
      language: "en",
      source: "omi",
      structured: { title: text, overview: text, emoji: "🧠", category: "other", action_items: [], events: [] },
      transcript_segments: [],
      geolocation: null,
      folder_id: null,
      folder_name: null,
      status: "completed",
    } satisfies Partial<FakeConversation>;
  } else if (listing === "memories") {
    item = { content: text, category: "interesting", created_at: created } satisfies Partial<Memory>;
  } else if (listing === "actionItems") {
    item = { description: text, completed: row.completed, created_at: created } satisfies Partial<ActionItem>;
  } else {
    item = { date: created?.slice(0, 10), created_at: created, headline: text } satisfies Partial<DailySummary>;
  }
  if (row.id !== undefined) item.id = row.id;
  if (created === undefined) delete item.created_at;
  item.locked = row.locked;
  return item as Stored;
}

/** The text field that carries a row's key, per listing. */
function textOf(listing: ListingName, item: unknown): unknown {
  const value = (item ?? {}) as Record<string, unknown>;
  if (listing === "conversations") return (value.structured as { title?: unknown } | undefined)?.title;
  if (listing === "memories") return value.content;
  if (listing === "actionItems") return value.description;
  return value.headline;
}

function storedList(fake: OmiFake, listing: ListingName): Stored[] {
  return fake.state[listing] as Stored[];
}

/** The items in the fake's order of `listing` (a stable sort of the state's order, as the fake sorts). */
function serverOrder(listing: ListingName, items: readonly Stored[]): Stored[] {
  if (listing === "actionItems") return [...items].sort((a, b) => actionItemOrder(a as ActionItem, b as ActionItem));
  if (listing === "dailySummaries") return [...items].sort((a, b) => (b.date ?? "").localeCompare(a.date ?? ""));
  return [...items].sort(newestFirst);
}

/**
 * `rows` in the order the fake lists them for `listing` (locked ones included), oldest
 * rows first in the state as {@link listingServer} stores them: for computing a scenario's
 * limits in the fake's own order.
 */
export function inServerOrder(listing: ListingName, rows: readonly Row[]): Row[] {
  const byItem = new Map(rows.map((row) => [itemOf(listing, row), row]));
  return serverOrder(listing, [...byItem.keys()]).map((item) => byItem.get(item) as Row);
}

/** Starts a fake account holding `options.rows` of `options.listing`, with the scenario's quirks. */
export function listingServer(options: ListingServerOptions): ListingServer {
  const { listing } = options;
  const fake = createOmiFake({
    ...(options.apiKey ? { apiKey: options.apiKey } : {}),
    // Budgets are not under test here: walks of thousands of requests must not meet a 429.
    rateLimits: { boost: 1e9 },
    quirks: {
      pageCaps: { [listingOperation[listing]]: options.cap },
      ignoreOffset: options.ignoresOffset ?? false,
      ignoreDateFilters: options.ignoresDates ?? false,
    },
  });
  const keyOf = new Map<Stored, string>();
  const store = (rows: readonly Row[]) => {
    for (const row of rows) {
      const item = itemOf(listing, row);
      keyOf.set(item, row.key);
      storedList(fake, listing).push(item);
    }
  };
  store(options.rows);

  const truncation = options.truncation;
  if (truncation?.mode === "transient")
    fake.quirks.truncateMemoryPages = () =>
      truncation.requests.includes(fake.requests.length - 1) ? truncation.keep : undefined;
  else if (truncation?.mode === "persistent")
    fake.quirks.truncateMemoryPages = ({ offset, limit }) => {
      const size = Math.max(0, Math.min(limit, fake.state.memories.length - offset));
      return offset + size > truncation.fromOffset ? Math.max(0, truncation.fromOffset - offset) : undefined;
    };

  // Snapshots of the visible keys in the fake's order: at the first request and whenever a mutation changed the state.
  const snapshots: string[][] = [];
  const visible = (item: Stored) => !(LISTINGS[listing].dropsRows && item.locked);
  const visibleKeys = () =>
    serverOrder(listing, storedList(fake, listing))
      .filter(visible)
      .map((item) => keyOf.get(item) as string);
  fake.inject({
    times: Infinity,
    when: () => {
      const index = fake.requests.length - 1;
      let changed = false;
      for (const mutation of options.mutations ?? []) {
        if (mutation.afterRequest !== index) continue;
        const gone = new Set(mutation.remove ?? []);
        const list = storedList(fake, listing);
        const kept = list.filter((item) => !gone.has(keyOf.get(item) as string));
        list.splice(0, list.length, ...kept);
        store(mutation.add ?? []);
        changed = true;
      }
      if (index === 0 || changed) snapshots.push(visibleKeys());
      return false;
    },
  });

  // Before any request, the state as it is now stands for the first snapshot.
  const taken = () => (snapshots.length ? snapshots : [visibleKeys()]);
  return {
    fake,
    listing,
    fetch: fake.fetch,
    requests: () => fake.requests.length,
    mustList: () => {
      const all = taken();
      const everywhere = all.slice(1).map((keys) => new Set(keys));
      return (all[0] as string[]).filter((key) => everywhere.every((keys) => keys.has(key)));
    },
    mayList: () => new Set(taken().flat()),
    keyOfItem: (item) => /^row (.+)$/.exec(String(textOf(listing, item)))?.[1] ?? `unknown:${JSON.stringify(item)}`,
  };
}

const listingOperation = {
  conversations: "listConversations",
  memories: "listMemories",
  actionItems: "listActionItems",
  dailySummaries: "listDailySummaries",
} as const;
