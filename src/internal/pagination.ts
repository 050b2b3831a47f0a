import { OmiAbortError, OmiInputError, OmiListTruncatedError, type OmiInvalidResponseError } from "../core/errors.js";
import type { Page, PaginationOptions, RequestOptions } from "../core/operation-types.js";
import { assertQueryGiven, sendOperation, type ClientRuntime, type SentCall } from "./calls.js";
import { backoffDelay } from "./retries.js";
import { queryMatches, type RuntimeOperation } from "./routes.js";
import { unexpectedResult } from "./transport.js";

type Pagination = NonNullable<RuntimeOperation["pagination"]>;
type Query = Record<string, unknown>;

/** Consecutive repeats of one page after which the server is taken to ignore `offset`. */
const MAX_REPEATED_PAGES = 3;
/** How many times an empty truncated page is asked for again before the listing gives up with {@link OmiListTruncatedError}. */
const MAX_TRUNCATED_RETRIES = 3;
/** The bisection bound of an open-ended last window: items are not created this far in the future. */
const FUTURE_MARGIN_US = 86_400_000_000;

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

/** One listing walk: what every page request shares, and what the walk has used up. */
interface Walk {
  runtime: ClientRuntime;
  spec: RuntimeOperation;
  pagination: Pagination;
  pathArgs: readonly unknown[];
  options: RequestOptions;
  pageSize: number;
  /** Items still to yield (`max`). */
  remaining: number;
  /** The last page request: the attempts and request id an error about its answer carries. */
  lastSent?: SentCall;
}

/** A date window of a windowed listing, in microseconds since the epoch; `undefined` is open-ended. */
interface Window {
  from: number | undefined;
  to: number | undefined;
}

/**
 * Pages through a `limit`/`offset` listing and yields every item exactly once:
 * - asks for the largest page the server allows and advances `offset` by the
 *   page size asked (a page can be short before the end: the server removes
 *   locked items after paging), stopping only at an empty page, at `max` items,
 *   or when the consumer stops iterating; holds one page at a time;
 * - skips items already seen on the previous page (shifted by an insertion),
 *   and fails with {@link OmiInvalidResponseError} when one page comes back
 *   {@link MAX_REPEATED_PAGES} times in a row (the server ignores `offset`);
 * - a page the server marks truncated (`truncatedHeader`) is never the end: its
 *   items are kept and the walk goes on from the first item it lacks; an empty
 *   truncated page is asked for again with backoff, and then the walk fails with
 *   {@link OmiListTruncatedError}, which says where to resume;
 * - past `offsetHorizon` (where offsets reach nothing) the listing is walked in
 *   date windows (`windows`), halving any window that holds too many items;
 * - an answer object is unwrapped to its `itemsField`.
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
  const { max = Infinity, ...options } = (args[spec.pathParams.length + 1] ?? {}) as PaginationOptions;
  const cap = pageCap(pagination, query);
  const limit = positiveInteger(query.limit, "limit", spec) ?? cap;
  const offset = positiveInteger(query.offset, "offset", spec, true) ?? 0;
  const walk: Walk = {
    runtime,
    spec,
    pagination,
    pathArgs: args.slice(0, spec.pathParams.length),
    options,
    pageSize: Math.min(limit, cap),
    remaining: max,
  };
  if (pagination.windows && pagination.offsetHorizon !== undefined) yield* walkWindows(walk, query, offset);
  else yield* walkOffsets(walk, query, offset, Infinity, new Set());
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
 * Walks one offset range, from `offset` up to `horizon`. Items whose id is in
 * `skip` (yielded from a wider window before it was split) are not yielded
 * again. Returns whether the walk stopped at the horizon with items still coming
 * (so that more may lie beyond it), rather than at the end of the listing.
 */
async function* walkOffsets(
  walk: Walk,
  query: Query,
  offset: number,
  horizon: number,
  skip: Set<unknown>,
  window?: Page<unknown>["window"],
): AsyncGenerator<Page<unknown>, boolean, undefined> {
  const { spec } = walk;
  let previousIds = new Set<unknown>();
  let repeats = 0;
  let truncatedTries = 0;
  while (walk.remaining > 0) {
    if (offset >= horizon) return true;
    const limit = Math.min(walk.pageSize, horizon - offset);
    const { items: result, truncated } = await fetchPage(walk, query, offset, limit);
    if (truncated && result.length === 0) {
      truncatedTries += 1;
      if (truncatedTries > MAX_TRUNCATED_RETRIES)
        throw new OmiListTruncatedError(spec.operationId, offset, truncatedTries, {
          attempts: walk.lastSent?.attempts,
          requestId: walk.lastSent?.requestId,
        });
      const { transport } = walk.runtime;
      await transport
        .sleep(backoffDelay(truncatedTries, transport.backoff, transport.random), walk.options.signal)
        .catch((reason: unknown) => {
          throw aborted(spec, reason);
        });
      continue;
    }
    truncatedTries = 0;
    if (result.length === 0) return false;
    const ids = result.map(idOf).filter((id) => id !== undefined);
    // An insertion can shift a whole page onto the next offset, so a repeated page is skipped;
    // only a server that ignores `offset` (a static mock, a broken proxy) repeats one page again and again.
    const repeated = ids.length === result.length && ids.length === previousIds.size && ids.every((id) => previousIds.has(id));
    repeats = repeated ? repeats + 1 : 0;
    if (repeats === MAX_REPEATED_PAGES)
      throw ignoresOffset(spec, offset - repeats * walk.pageSize, offset, walk.lastSent as SentCall);
    const fresh = result.filter((item) => !previousIds.has(idOf(item)) && !skip.has(idOf(item)));
    const items = fresh.slice(0, walk.remaining);
    previousIds = new Set(ids);
    // A truncated page holds the first items of its range: go on from the first one it lacks.
    const advance = truncated ? result.length : limit;
    // A page cut short by `max` is not finished: resuming must read it again.
    const nextOffset = items.length < fresh.length ? offset : offset + advance;
    const page: Page<unknown> = { items, offset, limit, nextOffset, ...(window && { window }) };
    offset += advance;
    walk.remaining -= items.length;
    if (items.length) yield page;
  }
  return false;
}

/**
 * Walks a listing whose offsets stop at `offsetHorizon` by date windows of the
 * items' `windows.field`, newest window first. The caller's range is walked as
 * it is; when its walk reaches the horizon, it is halved, and so is every half
 * whose item at the last reachable offset exists (one probe request) or whose
 * own walk still reaches the horizon (items removed after paging can hide the
 * probe's item). Items yielded before a window was halved are not yielded again.
 */
async function* walkWindows(walk: Walk, query: Query, offset: number): AsyncGenerator<Page<unknown>, void, undefined> {
  const { spec, pagination } = walk;
  const fields = pagination.windows as NonNullable<Pagination["windows"]>;
  const horizon = pagination.offsetHorizon as number;
  const first: Window = { from: micros(query, fields.from, spec), to: micros(query, fields.to, spec) };
  const stack: Array<{ window: Window; skip: Set<unknown> }> = [{ window: first, skip: new Set() }];
  let top = true;
  while (stack.length && walk.remaining > 0) {
    const { window, skip } = stack.pop() as { window: Window; skip: Set<unknown> };
    const windowQuery = withWindow(query, fields, window, top);
    const split = (seen: Set<unknown>, stamps: number[]): void => {
      const [older, newer] = halves(window, stamps, walk);
      stack.push({ window: older, skip: seen }, { window: newer, skip: seen });
    };
    // The caller's own range is walked at once (most listings end well before the horizon);
    // a half is first probed at the last reachable offset, and halved again if that holds an item.
    if (!top && (await fetchPage(walk, windowQuery, horizon - 1, 1)).items.length) {
      split(skip, []);
      continue;
    }
    const seen = new Set(skip);
    const stamps: number[] = []; // the `field` of the items walked: where to split the window if it must be
    const label = top ? undefined : { from: format(window.from), to: format(window.to) };
    const pages = walkOffsets(walk, windowQuery, top ? offset : 0, horizon, skip, label);
    for (;;) {
      const step = await pages.next();
      if (step.done) {
        if (step.value && walk.remaining > 0) {
          if (top && offset > 0) throw offsetPastHorizon(spec, horizon);
          split(seen, stamps);
        }
        break;
      }
      for (const item of step.value.items) {
        const id = idOf(item);
        if (id !== undefined) seen.add(id);
        const stamp = microsOf((item as Record<string, unknown> | null)?.[fields.field]);
        if (stamp !== undefined) stamps.push(stamp);
      }
      yield step.value;
    }
    top = false;
  }
}

/** Requests one page and unwraps it: its items, and whether the server marked it truncated. */
async function fetchPage(
  walk: Walk,
  query: Query,
  offset: number,
  limit: number,
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
  const header = pagination.truncatedHeader && response.headers.get(pagination.truncatedHeader);
  return { items, truncated: typeof header === "string" && header.trim().toLowerCase() === "true" };
}

/** The query of a window. The first window is the caller's own query; its halves carry both bounds unless open-ended. */
function withWindow(query: Query, fields: NonNullable<Pagination["windows"]>, window: Window, top: boolean): Query {
  if (top) return query;
  const windowQuery: Query = { ...query };
  delete windowQuery[fields.from];
  delete windowQuery[fields.to];
  if (window.from !== undefined) windowQuery[fields.from] = format(window.from);
  if (window.to !== undefined) windowQuery[fields.to] = format(window.to);
  return windowQuery;
}

/**
 * The older and the newer half of a window (bounds are inclusive, so the halves
 * meet a microsecond apart), split at the median of the items seen in it when
 * there are some (halves of about equal size), else in the middle of its span (an
 * open side counting from the epoch, or to a day from now). Only a window closed on
 * both sides can be too narrow to split.
 */
function halves(window: Window, stamps: number[], walk: Walk): [Window, Window] {
  const { spec } = walk;
  stamps.sort((a, b) => a - b);
  const { from, to } = window;
  if (from !== undefined && to !== undefined && to <= from) {
    throw unexpectedResult(
      `${spec.operationId}: more items than offsets can reach were created at ${format(from)}, so the listing cannot be completed`,
      (walk.lastSent as SentCall).ctx,
    );
  }
  const median = stamps[Math.floor(stamps.length / 2)];
  const span = Math.floor(((from ?? 0) + (to ?? Date.now() * 1000 + FUTURE_MARGIN_US)) / 2);
  const middle = Math.min(Math.max(median ?? span, from ?? -Infinity), (to ?? Infinity) - 1);
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
      `${spec.operationId}: \`${name}\` must be an ISO 8601 date-time with a time zone (e.g. 2025-11-01T00:00:00Z), got ${JSON.stringify(value)}`,
    );
  }
  return us;
}

/**
 * An ISO 8601 date-time with a time zone in microseconds since the epoch
 * (Date.parse alone drops the digits past the millisecond, and reads a time
 * without a zone in the machine's own).
 */
function microsOf(value: unknown): number | undefined {
  if (typeof value !== "string" || !/(?:Z|[+-]\d{2}:?\d{2})$/i.test(value.trim())) return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return undefined;
  const digits = /\.\d{3}(\d{1,3})/.exec(value as string)?.[1] ?? "";
  return ms * 1000 + Number(digits.padEnd(3, "0"));
}

/** An instant in microseconds as an ISO 8601 date-time with six fractional digits. */
function format(us: number | undefined): string | undefined {
  if (us === undefined) return undefined;
  const ms = Math.floor(us / 1000);
  return `${new Date(ms).toISOString().slice(0, -1)}${String(us - ms * 1000).padStart(3, "0")}Z`;
}

function offsetPastHorizon(spec: RuntimeOperation, horizon: number): OmiInputError {
  return new OmiInputError(
    `${spec.operationId}: the listing holds more than ${horizon} items, which the server's offsets cannot reach, so it is walked in date windows ` +
      "and a starting `offset` cannot be honoured: narrow the range with the date filters, or list from offset 0",
  );
}

function ignoresOffset(spec: RuntimeOperation, from: number, to: number, sent: SentCall): OmiInvalidResponseError {
  return unexpectedResult(
    `${spec.operationId}: offsets ${from} to ${to} all returned the same page, so the server ignores \`offset\` and the listing cannot be completed`,
    sent.ctx,
  );
}

// Between page requests no call is in flight: nothing was written, and no attempt belongs to this error.
function aborted(spec: RuntimeOperation, reason: unknown): OmiAbortError {
  return new OmiAbortError(`${spec.operationId}: The listing was aborted by its signal`, { cause: reason });
}

function idOf(item: unknown): unknown {
  return item && typeof item === "object" ? (item as { id?: unknown }).id : undefined;
}

function positiveInteger(value: unknown, name: string, spec: RuntimeOperation, zeroAllowed = false): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value) || value < (zeroAllowed ? 0 : 1)) {
    throw new OmiInputError(
      `${spec.operationId}: \`${name}\` must be an integer ${zeroAllowed ? "≥ 0" : "≥ 1"}, got ${JSON.stringify(value)}`,
    );
  }
  return value;
}
