import type { HandlerContext } from "./handler.js";
import type { FakeListOperation } from "./quirks.js";
import { toMicros } from "./state.js";

// The server's rules for paged listings: `limit` clamped (never refused) to 1..cap, a
// negative `offset` read as 0, rows cut to the page first and locked or malformed rows
// removed afterwards (so a page can be short or empty before the end), date filters on
// `created_at` to the microsecond, and the quirks that bend these rules.

/** `limit` as the server reads it: the default when absent, clamped to 1..cap (the quirk's cap when lower). */
export function clampedLimit(ctx: HandlerContext, list: FakeListOperation, fallback: number, cap: number): number {
  const quirkCap = ctx.quirks.pageCaps?.[list];
  const max = quirkCap !== undefined ? Math.min(cap, Math.max(1, quirkCap)) : cap;
  const asked = typeof ctx.query.limit === "number" ? ctx.query.limit : fallback;
  return Math.max(1, Math.min(asked, max));
}

/** `offset` as the server reads it: absent or negative is 0 (0 always with the `ignoreOffset` quirk). */
export function offsetOf(ctx: HandlerContext): number {
  if (ctx.quirks.ignoreOffset) return 0;
  return typeof ctx.query.offset === "number" ? Math.max(0, ctx.query.offset) : 0;
}

/** The inclusive `created_at` window of `start_date`/`end_date`, in microseconds (unbounded with the `ignoreDateFilters` quirk). */
export function dateWindow(ctx: HandlerContext): { from: number; to: number } {
  if (ctx.quirks.ignoreDateFilters) return { from: -Infinity, to: Infinity };
  const start = ctx.query.start_date;
  const end = ctx.query.end_date;
  return {
    from: typeof start === "string" ? toMicros(start) : -Infinity,
    to: typeof end === "string" ? toMicros(end) : Infinity,
  };
}

/** Whether an item's `created_at` lies in the window (an item without one only in an unbounded window). */
export function inWindow(createdAt: string | null | undefined, window: { from: number; to: number }): boolean {
  if (!createdAt) return window.from === -Infinity && window.to === Infinity;
  const us = toMicros(createdAt);
  return us >= window.from && us <= window.to;
}

/** The page: the rows from `offset` up to `end`, then those `keep` refuses removed (the server's order of things). */
export function cutThenDrop<T>(rows: readonly T[], offset: number, end: number, keep: (row: T) => boolean): T[] {
  return rows.slice(offset, Math.max(offset, end)).filter(keep);
}

/** Newest `created_at` first; items without one last. */
export function newestFirst(a: { created_at?: string | null }, b: { created_at?: string | null }): number {
  const ua = a.created_at ? toMicros(a.created_at) : -Infinity;
  const ub = b.created_at ? toMicros(b.created_at) : -Infinity;
  return ub === ua ? 0 : ub > ua ? 1 : -1;
}

/** The listed items with the `omitFields` quirk applied (every `every`-th, counting from the listing's start). */
export function withQuirkOmissions<T extends object>(ctx: HandlerContext, items: T[], offset: number): T[] {
  const omit = ctx.quirks.omitFields;
  if (!omit || omit.every < 1) return items;
  return items.map((item, i) => {
    if ((offset + i + 1) % omit.every !== 0) return item;
    const copy = { ...item } as Record<string, unknown>;
    for (const field of omit.fields) delete copy[field];
    return copy as T;
  });
}
