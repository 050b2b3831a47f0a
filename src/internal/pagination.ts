import {
  OmiAbortError,
  OmiInputError,
  OmiListIncompleteError,
  OmiListTruncatedError,
  type ListIncompleteReason,
  type OmiInvalidResponseError,
} from "../core/errors.js";
import type { RuntimeOperation } from "../core/operation-spec.js";
import type { Page, PaginationOptions, RequestOptions } from "../core/operation-types.js";
import { assertQueryGiven, sendOperation, type ClientRuntime, type SentCall } from "./calls.js";
import { instantOf } from "./input-checks.js";
import { backoffDelay } from "./retries.js";
import { unexpectedResult } from "./answers.js";
import { queryMatches } from "./call-context.js";
import { integerAtLeast, listingSettings } from "./settings.js";

type Pagination = NonNullable<RuntimeOperation["pagination"]>;
type Windows = NonNullable<Pagination["windows"]>;
type Query = Record<string, unknown>;

/**
 * How far apart, in page sizes, one item may be answered at two offsets before
 * the server is taken to ignore `offset`: a page covers at most a page size of
 * positions, so an item answered again further on than that has moved forward
 * by as many items as were created meanwhile; more than a quarter of a page
 * size of them between two requests of one listing is taken for an ignored `offset`.
 */
const IGNORED_OFFSET_SPAN = 1.25;
/** How many times an empty truncated page is asked for again before {@link OmiListTruncatedError}. */
const MAX_TRUNCATED_RETRIES = 3;
/** Back-ups in a row (items moved back between pages) before the listing gives up as `changing`. */
const MAX_BACKUPS = 3;
/** Positions just before the offset horizon read to learn whether a date window holds more than offsets reach. */
const TAIL_PROBE = 100;
/** How far outside a date window an item may lie before the server is taken to ignore the date filters. */
const DATE_SLACK_US = 1000;
/**
 * Where an open-ended range is closed before it is split: the first instant of
 * 1970, and the last microsecond a double holds exactly (in the year 2255), so
 * that items dated in the future (a clock ahead, an import) are inside too.
 */
const EARLIEST_US = 0;
const LATEST_US = Number.MAX_SAFE_INTEGER;
/**
 * Window splits, at most, one inside another: each split leaves both halves at
 * most seven eighths as wide, or cuts off a side no item is known in, and a
 * span of microseconds is under 2^53, so no walk comes near it; it bounds the walk for a reader.
 */
const MAX_WINDOW_DEPTH = 320;

/**
 * The largest page the server returns for this query: it caps `limit` silently,
 * so asking for more would return a short page that looks like the end.
 */
export function pageCap(pagination: Pagination, query: Query): number {
  let cap = pagination.maxLimit;
  for (const reduced of pagination.reducedLimits ?? [])
    if (queryMatches(reduced.when, query)) cap = Math.min(cap, reduced.maxLimit);
  return cap;
}

/** One listing walk: what every page request shares, and what the walk has learnt and used up. */
interface Walk {
  runtime: ClientRuntime;
  spec: RuntimeOperation;
  pagination: Pagination;
  pathArgs: readonly unknown[];
  options: RequestOptions;
  /** The `limit` asked for: the spec's cap or the caller's `limit`, lowered to the server's own cap once two pages prove it. */
  pageSize: number;
  /** Items still to yield (`max`). */
  remaining: number;
  /** Items yielded so far. */
  yielded: number;
  /** The identity ({@link keyOf}) of every item yielded: an item is yielded once, however often pages show it. */
  seen: Set<string>;
  /** Empty pages in a row that end the listing (1 unless the server drops rows after paging). */
  endProbePages: number;
  /** The largest page the server has answered: its cap is at least this. */
  largestPage: number;
  /** Whether a page of `pageSize` items came back, proving that the server's cap is not below it. */
  capProven: boolean;
  /** Sees every item as it is yielded (date windows collect their dates). */
  observe?: ((item: unknown) => void) | undefined;
  /** The last page request: the attempts and request id an error about its answer carries. */
  lastSent?: SentCall;
}

/** A date window, in microseconds since the epoch, both ends inclusive; `undefined` is open-ended. */
interface Window {
  from: number | undefined;
  to: number | undefined;
}

/** How an offset walk ended: at the proven end of its listing, or at the offset horizon with more items perhaps past it. */
type Reach = { horizon: boolean };

/**
 * Pages through a `limit`/`offset` listing and yields every item exactly once,
 * or throws an error that says what it could not read. Every item is identified
 * by its `id`, or by its content when it has none, and yielded only the first time.
 *
 * - Consecutive pages overlap by one item: the next page starts at the last
 *   item received, which must be in it. When it is not, items moved back
 *   (items before it were removed while listing) and the walk reads again
 *   from further back; after {@link MAX_BACKUPS} such back-ups in a row it
 *   fails as `changing`.
 * - A page with items moves the walk by what came back, never by the `limit`
 *   asked, so a server capping pages below the spec skips nothing; two pages
 *   of exactly such a cap make the walk ask for that many from then on. A page
 *   with nothing (which shows nothing of the cap) moves it by the `limit` asked.
 * - An apparent end is believed only when it is proven: an empty page, or a
 *   page with nothing past the overlap and fewer items than the server's
 *   proven cap. Where the server drops rows after cutting a page
 *   (`dropsRowsAfterPaging`: locked conversations), such a page may hide more
 *   items behind it, so `endProbePages` of them in a row end it; at the offset
 *   horizon, a page size of positions without items before it does.
 * - A page the server marks truncated (`truncatedHeader`) is never an end: the
 *   walk goes on from the first item it lacks; an empty one is asked for again
 *   with backoff, then the walk fails with {@link OmiListTruncatedError}.
 * - An item answered again {@link IGNORED_OFFSET_SPAN} page sizes past where
 *   it was first answered means the server ignores `offset`: {@link OmiInvalidResponseError}.
 * - Past `offsetHorizon` the listing is walked in date windows (`windows`).
 *
 * Every loop is bounded: each request either yields a new item or spends one of
 * the counters above (pages without items, pages with nothing new, back-ups,
 * truncated retries), each with its limit and each reset by a new item; date
 * windows are split at most {@link MAX_WINDOW_DEPTH} deep, and a bounded number
 * of times in all (see `walkWindows`).
 *
 * `args` are the helper's: path ids, then the query, then {@link PaginationOptions}.
 */
export async function* paginate(
  runtime: ClientRuntime,
  spec: RuntimeOperation,
  args: readonly unknown[],
): AsyncGenerator<Page<unknown>, void, undefined> {
  const pagination = spec.pagination as Pagination;
  const given = args[spec.pathParams.length] as Query | undefined;
  assertQueryGiven(spec, given);
  const query: Query = { ...given };
  const listing = listingSettings(spec.operationId, args[spec.pathParams.length + 1] as PaginationOptions | undefined);
  const cap = pageCap(pagination, query);
  const limit = integerAtLeast(query.limit, "limit", 1, spec.operationId) ?? cap;
  const offset = integerAtLeast(query.offset, "offset", 0, spec.operationId) ?? 0;
  const walk: Walk = {
    runtime,
    spec,
    pagination,
    pathArgs: args.slice(0, spec.pathParams.length),
    options: listing.request,
    pageSize: Math.min(limit, cap),
    remaining: listing.max,
    yielded: 0,
    seen: new Set(),
    endProbePages: pagination.dropsRowsAfterPaging ? listing.endProbePages : 1,
    largestPage: 0,
    capProven: false,
  };
  if (pagination.windows && pagination.offsetHorizon !== undefined) yield* walkWindows(walk, query, offset);
  else yield* walkOffsets(walk, query, offset, Infinity);
}

/** Every item of a listing, one at a time, from {@link paginate}. */
export async function* paginateItems(
  runtime: ClientRuntime,
  spec: RuntimeOperation,
  args: readonly unknown[],
): AsyncGenerator<unknown, void, undefined> {
  for await (const page of paginate(runtime, spec, args)) yield* page.items;
}

/**
 * Walks one offset range, from `start` up to `horizon` (see {@link paginate}
 * for the rules). Returns whether it stopped at the proven end of the listing,
 * or at the horizon with items perhaps past it. `within` is the date window
 * of the query (its answers are checked against it); `labelled` puts it on the pages.
 */
async function* walkOffsets(
  walk: Walk,
  query: Query,
  start: number,
  horizon: number,
  within?: { window: Window; fields: Windows },
  labelled = false,
): AsyncGenerator<Page<unknown>, Reach, undefined> {
  const { spec, pagination } = walk;
  const sparse = pagination.dropsRowsAfterPaging === true;
  let offset = start;
  // Set after a page that ended with a known item: the next page starts on it and must show it, or something known before it.
  let overlapping = false;
  // Pages in a row that held nothing new; a listing whose server drops rows ends after `endProbePages` of them.
  let emptyRun = 0;
  // No item answered in this walk lies past this position (each lies before the end of the range it was first answered in).
  let knownEnd = start;
  // Where each item of this walk was first answered: the offset and the end of that page's range (it lies in between).
  const firstAt = new Map<string, [at: number, end: number]>();
  const recent: string[][] = [];
  let stalls = 0;
  // Each page with nothing new moves the walk on by at least half its distance from where its items were first
  // answered, so the distance grows by half each time and reaches the span that proves `offset` ignored.
  const maxStalls = Math.ceil(Math.log(IGNORED_OFFSET_SPAN * walk.pageSize + 1) / Math.log(1.5)) + 2;
  const ignoredSpan = Math.ceil(IGNORED_OFFSET_SPAN * walk.pageSize);
  // `firstAt` keeps the items of the last pages only: items come back near where they were first answered, and the
  // repeats of an ignored `offset` are caught within `maxStalls` pages; the walk's memory stays one set of ids.
  const recentPages = maxStalls + 4;
  let backups = 0;
  let truncatedTries = 0;
  let lastCount = 0;
  // An empty page, or one with nothing past the item it started on: the end, or (where rows are dropped) locked rows.
  const endOfRun = (): boolean => {
    emptyRun += 1;
    if (!sparse || emptyRun >= walk.endProbePages) return true;
    // The page size asked, not what the server is known to cover: a page of locked rows shows nothing of the cap.
    offset += limitAt(offset);
    overlapping = false;
    return false;
  };
  const limitAt = (at: number): number => Math.min(walk.pageSize, horizon - at);
  while (walk.remaining > 0) {
    // At the horizon (or on its last position, which the page before ended on), nothing further can be read. The
    // run of pages without items that ends a listing is cut short there: it proves the end when the positions past
    // every item answered, up to the horizon, span a page size (or half the horizon): fewer may all be locked rows.
    if (offset >= horizon || (overlapping && offset === horizon - 1)) {
      const proven = horizon - knownEnd >= Math.min(walk.pageSize, horizon / 2);
      return { horizon: emptyRun === 0 || !proven };
    }
    const limit = limitAt(offset);
    const { items, truncated } = await fetchPage(walk, query, offset, limit, within);
    if (truncated && items.length === 0) {
      truncatedTries += 1;
      if (truncatedTries > MAX_TRUNCATED_RETRIES)
        throw new OmiListTruncatedError(spec.operationId, offset, truncatedTries, walk.yielded, sentFields(walk));
      await pause(walk, truncatedTries);
      continue;
    }
    truncatedTries = 0;
    const keys = items.map(keyOf);
    if (overlapping && !keys.some((key) => walk.seen.has(key))) {
      // The item this page should start on is not in it: items before it were removed, and everything moved back.
      backups += 1;
      if (backups > MAX_BACKUPS)
        throw incomplete(
          walk,
          "changing",
          `items kept moving back between pages near offset ${offset} (many were removed while listing); list again`,
          offset,
        );
      offset = Math.max(start, offset - walk.pageSize * 2 ** (backups - 1));
      overlapping = offset > start;
      continue;
    }
    backups = 0;
    if (items.length === 0) {
      if (endOfRun()) return { horizon: false };
      continue;
    }
    // Fewer rows than asked proves nothing follows only below the server's cap: below a page it has answered, or
    // below the page size once a full page proved the cap (a server may cap pages lower than the spec says).
    const short = items.length < limit && (walk.capProven || items.length < walk.largestPage);
    const cappedAgain =
      overlapping &&
      !truncated &&
      !walk.capProven &&
      items.length > 1 &&
      items.length === lastCount &&
      items.length === walk.largestPage;
    lastCount = truncated ? 0 : items.length;
    walk.largestPage = Math.max(walk.largestPage, items.length);
    if (items.length >= walk.pageSize) walk.capProven = true;
    const fresh: unknown[] = [];
    const added: string[] = [];
    // The earliest offset where an item of this page was first answered in this walk (items yielded in another
    // date window are first answered here, and only a repeat within this walk says anything about offsets).
    let firstSeen = offset;
    let knownUntil = offset;
    let repeats = false;
    keys.forEach((key, index) => {
      const first = firstAt.get(key);
      if (first === undefined) {
        firstAt.set(key, [offset, offset + limit]);
        added.push(key);
      } else {
        firstSeen = Math.min(firstSeen, first[0]);
        knownUntil = Math.max(knownUntil, first[1]);
        repeats = true;
      }
      if (walk.seen.has(key)) return;
      walk.seen.add(key);
      fresh.push(items[index]);
    });
    recent.push(added);
    if (recent.length > recentPages) for (const key of recent.shift() as string[]) firstAt.delete(key);
    if (offset - firstSeen >= ignoredSpan) throw ignoresOffset(walk, firstSeen, offset);
    knownEnd = Math.max(knownEnd, fresh.length ? offset + limit : Math.min(knownUntil, offset + limit));
    if (cappedAgain && fresh.length === items.length - 1 && keys[0] !== undefined && !fresh.includes(items[0])) {
      // A page that starts on the last item of the one before, then holds only new items, exactly as many as that
      // one and fewer than asked: the server caps pages there. Asking for that many from now on makes its pages full
      // again, so that ends and ranges are proven as with the spec's cap.
      walk.pageSize = items.length;
      walk.capProven = true;
    }
    // Where rows were dropped, the page covered more positions than it holds items.
    const covered = truncated || !sparse ? items.length : coveredPositions(walk, limit);
    // The next page starts on this one's last item, which must be in it, unless that would re-read most of this page
    // (a page mostly of dropped rows); a truncated page holds the first items of its range: go on from the first one it lacks.
    const overlap = !truncated && items.length >= 2 && items.length - 1 >= covered / 2;
    const step = overlap ? items.length - 1 : covered;
    if (fresh.length || !repeats) {
      const taken = fresh.slice(0, walk.remaining);
      // A page cut short by `max` is read again on resume.
      const nextOffset = taken.length < fresh.length ? offset : offset + step;
      for (const item of taken) walk.observe?.(item);
      walk.remaining -= taken.length;
      walk.yielded += taken.length;
      if (taken.length)
        yield { items: taken, offset, limit, nextOffset, ...(labelled && within && { window: label(within.window) }) };
      emptyRun = 0;
      stalls = 0;
    } else if (!truncated && short) {
      // Nothing past the item it started on, and fewer rows than asked: the end, unless rows were dropped after paging.
      // Its items lie before the end of the ranges they were first answered in, so no item is known past that.
      if (endOfRun()) return { horizon: false };
      continue;
    } else {
      // Nothing new, and not the end: the page's items lie further on than its start (rows dropped before them),
      // or the list moved forward. Its items were first answered `offset - firstSeen` positions back, so the
      // server's cap is at least about that far: move on by half of it, or what the page surely covered.
      stalls += 1;
      if (stalls > maxStalls) throw ignoresOffset(walk, firstSeen, offset);
      offset += Math.max(covered, Math.min(limit, Math.floor((offset - firstSeen + 1) / 2)));
      overlapping = false;
      continue;
    }
    // Past a short page nothing follows, once the server has shown that its cap is not below the page size.
    if (!sparse && !truncated && short) return { horizon: false };
    offset += step;
    overlapping = overlap;
  }
  return { horizon: false };
}

/**
 * Walks a listing whose offsets stop at `offsetHorizon` by date windows of
 * its items' `windows.field`. The caller's own range is walked first, by
 * offsets; only when that walk reaches the horizon without proving the end
 * is the range split into closed windows (an open end is closed first), each
 * probed just before the horizon and split again while the probe finds items
 * there, else walked. Items without the date field, or more items on one
 * instant than offsets reach, cannot be reached past the horizon: the walk
 * yields everything it can, then says so with {@link OmiListIncompleteError}.
 */
async function* walkWindows(walk: Walk, query: Query, offset: number): AsyncGenerator<Page<unknown>, void, undefined> {
  const { spec, pagination } = walk;
  const fields = pagination.windows as Windows;
  const horizon = pagination.offsetHorizon as number;
  const range: Window = { from: micros(query, fields.from, spec), to: micros(query, fields.to, spec) };
  // The dates of every item answered: where a window is best split.
  const stamps: number[] = [];
  let undated = 0;
  const note = (item: unknown, count: boolean): void => {
    const stamp = microsOf((item as Record<string, unknown> | null)?.[fields.field]);
    if (stamp !== undefined) stamps.push(stamp);
    else if (count) undated += 1;
  };
  walk.observe = (item) => note(item, true);
  const filtered = range.from !== undefined || range.to !== undefined;
  const reach = yield* walkOffsets(walk, query, offset, horizon, filtered ? { window: range, fields } : undefined);
  walk.observe = (item) => note(item, false);
  if (!reach.horizon || walk.remaining <= 0) return;
  if (offset > 0) throw offsetPastHorizon(spec, horizon);
  const crowded: string[] = [];
  const closed: Window = {
    from: range.from ?? Math.min(EARLIEST_US, ...stamps),
    to: range.to ?? LATEST_US,
  };
  const stack: Array<{ window: Window; depth: number }> = halves(closed, stamps).map((window) => ({ window, depth: 1 }));
  let splits = 1;
  while (stack.length && walk.remaining > 0) {
    const { window, depth } = stack.pop() as { window: Window; depth: number };
    const windowQuery = withWindow(query, fields, window);
    const within = { window, fields };
    const narrowest = (window.to as number) <= (window.from as number);
    const split = (): void => {
      splits += 1;
      // A split needs items near the horizon: about one per half a horizon of items, times the depth one instant can need.
      if (depth >= MAX_WINDOW_DEPTH || splits > MAX_WINDOW_DEPTH * (2 + walk.seen.size / (horizon / 2)))
        throw unexpectedResult(
          `${spec.operationId}: date windows were split ${splits} times, ${depth} deep, without an end`,
          sentCall(walk).ctx,
        );
      for (const half of halves(window, stamps)) stack.push({ window: half, depth: depth + 1 });
    };
    if (!narrowest) {
      const tail = await fetchPage(walk, windowQuery, horizon - TAIL_PROBE, TAIL_PROBE, within);
      for (const item of tail.items) note(item, false);
      if (tail.items.length) {
        split();
        continue;
      }
    }
    const windowReach = yield* walkOffsets(walk, windowQuery, 0, horizon, within, true);
    if (walk.remaining <= 0 || !windowReach.horizon) continue;
    if (narrowest) crowded.push(format(window.from) as string);
    else split();
  }
  if (walk.remaining <= 0) return;
  if (crowded.length) {
    throw incomplete(
      walk,
      "unreachable",
      `more than ${horizon} items may share the instant${crowded.length > 1 ? "s" : ""} ${crowded.join(", ")} of \`${fields.field}\`; ` +
        `offsets stop at ${horizon} and a date window cannot be narrower than a microsecond, so the items past the first ${horizon} of each cannot be read`,
    );
  }
  if (undated) {
    throw incomplete(
      walk,
      "unreachable",
      `${undated} item${undated === 1 ? "" : "s"} without \`${fields.field}\` came before offset ${horizon}; ` +
        `date windows cannot reach such items, so any past offset ${horizon} may be missing`,
    );
  }
}

/**
 * Requests one page and unwraps it: its items, and whether the server marked it
 * truncated. In a date window, an item outside it means the server ignores the
 * date filters, and the walk could never end: that is an {@link OmiInvalidResponseError}.
 */
async function fetchPage(
  walk: Walk,
  query: Query,
  offset: number,
  limit: number,
  within?: { window: Window; fields: Windows },
): Promise<{ items: unknown[]; truncated: boolean }> {
  const { spec, pagination, options } = walk;
  if (options.signal?.aborted) throw aborted(spec, options.signal.reason);
  const sent = await sendOperation(walk.runtime, spec, [...walk.pathArgs, { ...query, limit, offset }, options]);
  walk.lastSent = sent;
  const { data, response } = sent;
  const items = pagination.itemsField ? (data as Record<string, unknown> | null)?.[pagination.itemsField] : data;
  if (!Array.isArray(items)) {
    const what = pagination.itemsField ? `an answer without its \`${pagination.itemsField}\` list` : typeof data;
    throw unexpectedResult(`${spec.operationId} answered with ${what} where a list was expected`, sent.ctx);
  }
  if (within) {
    const { window, fields } = within;
    const outside = items.find((item) => {
      const stamp = microsOf((item as Record<string, unknown> | null)?.[fields.field]);
      // A millisecond of slack: a server or proxy that compares milliseconds only still honours the window.
      return (
        stamp === undefined ||
        (window.from !== undefined && stamp < window.from - DATE_SLACK_US) ||
        (window.to !== undefined && stamp > window.to + DATE_SLACK_US)
      );
    });
    if (outside !== undefined) {
      throw unexpectedResult(
        `${spec.operationId}: asked for items whose \`${fields.field}\` lies from ${format(window.from) ?? "the start"} to ${format(window.to) ?? "now"}, ` +
          `the server answered one with ${JSON.stringify((outside as Record<string, unknown> | null)?.[fields.field] ?? null)}: it ignores the date filters, so the listing cannot be completed`,
        sent.ctx,
      );
    }
  }
  const header = pagination.truncatedHeader ? response.headers.get(pagination.truncatedHeader) : null;
  return { items, truncated: header !== null && !NOT_TRUNCATED.has(header.trim().toLowerCase()) };
}

/** Header values that say a page was not truncated; any other value is taken for truncated, so an end is never believed on a value the client cannot read. */
const NOT_TRUNCATED = new Set(["", "false", "0", "no"]);

/** The query of a closed date window: the caller's query with the window's bounds. */
function withWindow(query: Query, fields: Windows, window: Window): Query {
  return { ...query, [fields.from]: format(window.from), [fields.to]: format(window.to) };
}

/**
 * The older and the newer half of a closed window (bounds are inclusive, so the
 * halves meet a microsecond apart). The split point is the median of the item
 * dates known in the window when it lies in the window's middle three quarters
 * (halves of about equal size); else, when the known dates sit to one side, the
 * edge of those dates (the other side, where no item is known, is cut off
 * whole); else the window's middle. A window one microsecond wide is not split.
 */
function halves(window: Window, stamps: readonly number[]): Window[] {
  const from = window.from as number;
  const to = window.to as number;
  if (to <= from) return [window];
  const inside = stamps.filter((stamp) => stamp >= from && stamp <= to).sort((a, b) => a - b);
  const margin = Math.floor((to - from) / 8);
  const median = inside[Math.floor(inside.length / 2)];
  const first = inside[0];
  const last = inside[inside.length - 1];
  let middle = from + Math.floor((to - from) / 2);
  if (median !== undefined && median >= from + margin && median < to - margin) middle = median;
  else if (first !== undefined && first > from + margin) middle = first - 1;
  else if (last !== undefined && last < to - margin) middle = last;
  return [
    { from, to: middle },
    { from: middle + 1, to },
  ];
}

/** A date-time query value in microseconds since the epoch. */
function micros(query: Query, name: string, spec: RuntimeOperation): number | undefined {
  const value = query[name];
  if (value === undefined || value === null) return undefined;
  const us = microsOf(value);
  if (us === undefined) {
    throw new OmiInputError(
      `${spec.operationId}: \`${name}\` must be an ISO 8601 date (2025-11-01) or date-time (2025-11-01T00:00:00Z), got ${JSON.stringify(value)}`,
    );
  }
  return us;
}

/** A date or date-time in microseconds since the epoch, read as the server reads it (see {@link instantOf}). */
function microsOf(value: unknown): number | undefined {
  const instant = instantOf(value);
  return instant && Math.round(instant.ms * 1000);
}

/** An instant in microseconds as an ISO 8601 date-time with six fractional digits. */
function format(us: number | undefined): string | undefined {
  if (us === undefined) return undefined;
  const ms = Math.floor(us / 1000);
  return `${new Date(ms).toISOString().slice(0, -1)}${String(us - ms * 1000).padStart(3, "0")}Z`;
}

/** A window as `Page.window` shows it. */
function label(window: Window): NonNullable<Page<unknown>["window"]> {
  return { from: format(window.from), to: format(window.to) };
}

/**
 * What identifies an item across pages: its `id` when it has one, else its
 * content (two items without ids and with the same content cannot be told apart).
 */
function keyOf(item: unknown): string {
  const id = item && typeof item === "object" ? (item as { id?: unknown }).id : undefined;
  if (typeof id === "string" || typeof id === "number") return `${typeof id}:${id}`;
  return `content:${hash(canonicalJson(item))}`;
}

/** JSON with object keys sorted at every depth, so that equal content gives equal text. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_, inner: unknown) =>
    inner && typeof inner === "object" && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );
}

/** A 53-bit hash of a string (cyrb53): keys of content stay small, and a collision is as likely as a duplicate id. */
function hash(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/**
 * The positions a page with items surely covered: `limit` once a full page
 * proved the server's cap, else the largest page it has answered (its cap is
 * at least that).
 */
function coveredPositions(walk: Walk, limit: number): number {
  return Math.min(walk.capProven ? walk.pageSize : walk.largestPage, limit);
}

/** Waits before asking for a truncated page again. */
async function pause(walk: Walk, tries: number): Promise<void> {
  const { transport } = walk.runtime;
  await transport
    .sleep(backoffDelay(tries, transport.backoff, transport.random), walk.options.signal)
    .catch((reason: unknown) => {
      throw aborted(walk.spec, reason);
    });
}

function sentCall(walk: Walk): SentCall {
  return walk.lastSent as SentCall;
}

function sentFields(walk: Walk): { attempts: number | undefined; requestId: string | undefined } {
  return { attempts: walk.lastSent?.ctx.attempts, requestId: walk.lastSent?.ctx.requestId };
}

function incomplete(walk: Walk, reason: ListIncompleteReason, message: string, offset?: number): OmiListIncompleteError {
  return new OmiListIncompleteError(message, {
    ...sentFields(walk),
    operationId: walk.spec.operationId,
    reason,
    yielded: walk.yielded,
    offset,
  });
}

function offsetPastHorizon(spec: RuntimeOperation, horizon: number): OmiInputError {
  return new OmiInputError(
    `${spec.operationId}: the listing holds more than ${horizon} items, which the server's offsets cannot reach, so it is walked in date windows ` +
      "and a starting `offset` cannot be honoured: narrow the range with the date filters, or list from offset 0",
  );
}

function ignoresOffset(walk: Walk, from: number, to: number): OmiInvalidResponseError {
  return unexpectedResult(
    `${walk.spec.operationId}: items first answered at offset ${from} came back at offset ${to}, so the server ignores \`offset\` and the listing cannot be completed ` +
      `(${walk.yielded} item${walk.yielded === 1 ? "" : "s"} yielded before this error)`,
    sentCall(walk).ctx,
  );
}

// Between page requests no call is in flight: nothing was written, and no attempt belongs to this error.
function aborted(spec: RuntimeOperation, reason: unknown): OmiAbortError {
  return new OmiAbortError(`${spec.operationId}: The listing was aborted by its signal`, { cause: reason });
}
