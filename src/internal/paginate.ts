import { OmiInputError } from "../core/errors/omi-input-error.js";
import type { OmiInvalidResponseError } from "../core/errors/omi-invalid-response-error.js";
import type { Page, PaginationOptions } from "../core/operation-types.js";
import { assertQueryGiven, sendOperation, type SentCall } from "./call-operation.js";
import type { ClientRuntime } from "./client-runtime.js";
import { queryMatches, type RuntimeOperation } from "./routes.js";
import { abortError } from "./sleep.js";
import { unexpectedResult } from "./unexpected-result.js";

type Pagination = NonNullable<RuntimeOperation["pagination"]>;

/** Consecutive repeats of one page after which the server is taken to ignore `offset`. */
const MAX_REPEATED_PAGES = 3;

/**
 * The largest page the server returns for this query: it caps `limit` silently
 * (e.g. conversations 100, or 25 with transcripts), so asking for more would
 * return a short page that looks like the end.
 */
export function pageCap(pagination: Pagination, query: Record<string, unknown>): number {
  let cap = pagination.maxLimit;
  for (const reduced of pagination.reducedLimits ?? [])
    if (queryMatches(reduced.when, query)) cap = Math.min(cap, reduced.maxLimit);
  return cap;
}

/**
 * Pages through a `limit`/`offset` listing: asks for the largest page the
 * server allows, advances `offset` by the page size asked (a page can be
 * short before the end, because the server removes locked items after
 * paging), and stops only at an empty page, at `max` items, or when the
 * consumer stops iterating. Holds one page at a time. Items already seen on
 * the previous page (shifted by an insertion during the listing) are skipped,
 * and so is a page that repeats the previous one whole; a page repeated
 * {@link MAX_REPEATED_PAGES} times in a row means the server ignores `offset`,
 * and the walk fails with {@link OmiInvalidResponseError} rather than end as if complete.
 *
 * `args` are the helper's: path ids, then the query, then {@link PaginationOptions}.
 */
export async function* paginate(
  runtime: ClientRuntime,
  spec: RuntimeOperation,
  args: readonly unknown[],
): AsyncGenerator<Page<unknown>, void, undefined> {
  const pagination = spec.pagination as Pagination;
  const pathArgs = args.slice(0, spec.pathParams.length);
  const given = args[spec.pathParams.length] as Record<string, unknown> | undefined;
  assertQueryGiven(spec, given);
  const query = { ...given };
  const { max = Infinity, ...options } = (args[spec.pathParams.length + 1] ?? {}) as PaginationOptions;
  const cap = pageCap(pagination, query);
  const limit = positiveInteger(query.limit, "limit", spec) ?? cap;
  const pageSize = Math.min(limit, cap);
  let offset = positiveInteger(query.offset, "offset", spec, true) ?? 0;
  let remaining = max;
  let previousIds = new Set<unknown>();
  let repeats = 0;
  while (remaining > 0) {
    if (options.signal?.aborted) throw abortError(options.signal);
    const sent = await sendOperation(runtime, spec, [...pathArgs, { ...query, limit: pageSize, offset }, options]);
    const result = sent.data;
    if (!Array.isArray(result)) {
      throw unexpectedResult(
        spec.operationId,
        `${spec.operationId} answered with ${typeof result} where a list was expected`,
        sent,
      );
    }
    if (result.length === 0) return;
    const ids = result.map(idOf).filter((id) => id !== undefined);
    // An insertion can shift a whole page onto the next offset, so a repeated page is skipped;
    // only a server that ignores `offset` (a static mock, a broken proxy) repeats one page again and again.
    const repeated = ids.length === result.length && ids.length === previousIds.size && ids.every((id) => previousIds.has(id));
    repeats = repeated ? repeats + 1 : 0;
    if (repeats === MAX_REPEATED_PAGES) throw ignoresOffset(spec, offset - repeats * pageSize, offset, sent);
    const fresh = result.filter((item) => !previousIds.has(idOf(item)));
    const items = fresh.slice(0, remaining);
    previousIds = new Set(ids);
    // A page cut short by `max` is not finished: resuming must read it again.
    const nextOffset = items.length < fresh.length ? offset : offset + pageSize;
    const page: Page<unknown> = { items, offset, limit: pageSize, nextOffset };
    offset += pageSize;
    remaining -= items.length;
    if (items.length) yield page;
  }
}

/** Every item of a listing, one at a time, from {@link paginate}. */
export async function* paginateItems(
  runtime: ClientRuntime,
  spec: RuntimeOperation,
  args: readonly unknown[],
): AsyncGenerator<unknown, void, undefined> {
  for await (const page of paginate(runtime, spec, args)) yield* page.items;
}

function ignoresOffset(spec: RuntimeOperation, from: number, to: number, sent: SentCall): OmiInvalidResponseError {
  return unexpectedResult(
    spec.operationId,
    `${spec.operationId}: offsets ${from} to ${to} all returned the same page, so the server ignores \`offset\` and the listing cannot be completed`,
    sent,
  );
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
