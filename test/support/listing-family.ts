/**
 * A family of in-process listing servers (a `fetch`, no socket) for the
 * pager's property tests: each behaves like one listing of the real server,
 * with the quirks a real deployment, proxy or account can have switched on
 * (caps below the spec's, locked rows dropped after the page is cut, the
 * action-item offset horizon, items without `created_at` or `id`, many items
 * on one instant, items added or removed while listing, offsets or date
 * filters ignored, truncated memory pages). It counts the requests it answers
 * and knows which items a complete listing must yield.
 */

/** The listings the family covers, with the rules of each. */
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
  /** The row's identity in the test (unique, whatever `id` says). */
  key: string;
  /** The `id` the server answers: a string, `null`, or none at all. */
  id: string | null | undefined;
  /** `created_at` in microseconds since the epoch, or none. */
  us: number | undefined;
  /** Locked: dropped after the page is cut (conversations, action items), kept for the others. */
  locked: boolean;
  /** Action items: completed ones are listed after open ones. */
  completed: boolean;
}

/** A change made to the stored rows after the server answered the `afterRequest`-th request. */
export interface Mutation {
  afterRequest: number;
  /** Rows created then (they are the newest). */
  add?: Row[];
  /** Keys of rows removed then. */
  remove?: string[];
}

/** How one family member behaves. */
export interface ListingServerOptions {
  listing: ListingName;
  rows: Row[];
  /** The server's own cap on `limit` (the spec's, or a lower one of an older deployment). */
  cap: number;
  ignoresOffset?: boolean;
  ignoresDates?: boolean;
  /**
   * Truncated memory pages: `transient` cuts the pages of the requests whose
   * index (from 0) is in `requests` to their first `keep` rows; `persistent`
   * answers every page from `fromOffset` on truncated, like a `categories` listing past its scan limit.
   */
  truncation?: { mode: "transient"; requests: number[]; keep: number } | { mode: "persistent"; fromOffset: number };
  mutations?: Mutation[];
}

/** A running family member. */
export interface ListingServer {
  fetch: typeof globalThis.fetch;
  /** Requests answered so far. */
  requests(): number;
  /** The keys a complete listing must yield: the rows present from the first request to the last, as a client sees them, in server order. */
  mustList(): string[];
  /** The keys a listing may yield: every row present at some point, as a client sees them. */
  mayList(): Set<string>;
  /** The key of an item as the server answered it. */
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

/** An instant in µs as ISO 8601 with six fractional digits, as the server writes it. */
export function isoMicros(us: number): string {
  const ms = Math.floor(us / 1000);
  return `${new Date(ms).toISOString().slice(0, -1)}${String(us - ms * 1000).padStart(3, "0")}Z`;
}

function parseMicros(value: string): number {
  const ms = Date.parse(value);
  return ms * 1000 + Number((/\.\d{3}(\d{1,3})/.exec(value)?.[1] ?? "").padEnd(3, "0"));
}

/** Starts a family member. */
export function listingServer(options: ListingServerOptions): ListingServer {
  const rules = LISTINGS[options.listing];
  let rows = [...options.rows];
  const everPresent = new Map(rows.map((row) => [row.key, row]));
  const removed = new Set<string>();
  let answered = 0;
  let version = 0;
  const orders = new Map<string, Row[]>();
  const visibleToClient = (row: Row) => !(rules.dropsRows && row.locked);

  const ordered = (list: Row[]): Row[] => {
    const newestFirst = (a: Row, b: Row) => (b.us ?? -Infinity) - (a.us ?? -Infinity) || (a.key < b.key ? -1 : 1);
    if (options.listing !== "actionItems") return [...list].sort(newestFirst);
    return [...list].sort((a, b) => (a.completed !== b.completed ? (a.completed ? 1 : -1) : newestFirst(a, b)));
  };

  const itemOf = (row: Row): Record<string, unknown> => {
    const item: Record<string, unknown> = { text: `row ${row.key}` };
    if (row.id !== undefined) item.id = row.id;
    if (row.us !== undefined) item.created_at = isoMicros(row.us);
    if (options.listing === "actionItems") item.completed = row.completed;
    return item;
  };

  const fetch = (async (input: RequestInfo | URL) => {
    const url = new URL(String(input));
    if (url.pathname !== rules.path) return new Response(JSON.stringify({ detail: "Not Found" }), { status: 404 });
    const requestIndex = answered;
    const asked = Number(url.searchParams.get("limit") ?? 25);
    if (options.listing === "dailySummaries" && (asked < 1 || asked > 100)) {
      answered += 1;
      return json({ detail: [{ loc: ["query", "limit"], msg: "out of range", type: "less_than_equal" }] }, 422);
    }
    const limit = Math.max(1, Math.min(asked, options.cap));
    const offset = options.ignoresOffset ? 0 : Math.max(0, Number(url.searchParams.get("offset") ?? 0));
    const from = url.searchParams.get("start_date");
    const to = url.searchParams.get("end_date");
    const dated = !options.ignoresDates && (from !== null || to !== null);
    const memo = `${version}|${dated ? `${from}|${to}` : ""}`;
    let sorted = orders.get(memo);
    if (!sorted) {
      const matching = dated
        ? rows.filter(
            (row) =>
              row.us !== undefined &&
              (from === null || row.us >= parseMicros(from)) &&
              (to === null || row.us <= parseMicros(to)),
          )
        : rows;
      sorted = ordered(matching);
      orders.set(memo, sorted);
    }
    const end = rules.horizon === undefined ? offset + limit : Math.min(offset + limit, rules.horizon);
    let page = offset >= end ? [] : sorted.slice(offset, end);
    if (rules.dropsRows) page = page.filter((row) => !row.locked);
    let truncated = false;
    const truncation = options.truncation;
    if (truncation?.mode === "transient" && truncation.requests.includes(requestIndex)) {
      page = page.slice(0, truncation.keep);
      truncated = true;
    } else if (truncation?.mode === "persistent" && offset + page.length > truncation.fromOffset) {
      page = page.slice(0, Math.max(0, truncation.fromOffset - offset));
      truncated = true;
    }
    const items = page.map(itemOf);
    answered += 1;
    for (const mutation of options.mutations ?? []) {
      if (mutation.afterRequest !== answered) continue;
      for (const row of mutation.add ?? []) everPresent.set(row.key, row);
      rows = [...rows.filter((row) => !mutation.remove?.includes(row.key)), ...(mutation.add ?? [])];
      for (const key of mutation.remove ?? []) removed.add(key);
      version += 1;
      orders.clear();
    }
    const body = options.listing === "dailySummaries" ? { summaries: items } : items;
    return json(body, 200, truncated ? { "X-Omi-List-Truncated": "true" } : {});
  }) as typeof globalThis.fetch;

  const initialKeys = new Set(options.rows.map((row) => row.key));
  return {
    fetch,
    requests: () => answered,
    mustList: () =>
      ordered(options.rows)
        .filter((row) => initialKeys.has(row.key) && !removed.has(row.key) && visibleToClient(row))
        .map((row) => row.key),
    mayList: () => new Set([...everPresent.values()].filter(visibleToClient).map((row) => row.key)),
    keyOfItem: (item) => /^row (.+)$/.exec(String((item as { text?: unknown }).text))?.[1] ?? `unknown:${JSON.stringify(item)}`,
  };
}

function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });
}
