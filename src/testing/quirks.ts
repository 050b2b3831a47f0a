// Behaviours of other server versions and of what stands between a client and the server,
// off by default (the fake then behaves as the server does). Switch them on to test that a
// client copes; they may make answers that the spec does not describe.

/** The paged listings a quirk can apply to. */
export type FakeListOperation = "listConversations" | "listMemories" | "listActionItems" | "listDailySummaries" | "listGoals";

/** A memories page about to be answered, for {@link FakeQuirks.truncateMemoryPages}. */
export interface FakeMemoryPage {
  /** The `offset` asked for. */
  offset: number;
  /** The `limit` after clamping. */
  limit: number;
  /** How many times this page (offset, limit and categories) was asked for, this one included, from 1. */
  attempt: number;
}

/** Quirks to switch on; see each member. Change `fake.quirks` at any time. */
export interface FakeQuirks {
  /**
   * Page caps below the spec's, per listing (e.g. `{ listConversations: 100 }`, as before
   * autumn 2026): a larger `limit` is cut to the cap without a word.
   */
  pageCaps?: Partial<Record<FakeListOperation, number>>;
  /** Ignore `start_date` and `end_date` (an older deployment or a proxy that drops them). */
  ignoreDateFilters?: boolean;
  /** Ignore `offset`: every page is the first (a proxy that drops it). */
  ignoreOffset?: boolean;
  /** Leave members out of every `every`-th listed item (e.g. `{ every: 10, fields: ["created_at"] }`). */
  omitFields?: {
    /** Every how many listed items (counted from the listing's start). */
    every: number;
    /** The members to leave out. */
    fields: ReadonlyArray<"id" | "created_at">;
  };
  /**
   * The memories read budget running out: return how many of the page's items to keep
   * (0 for an empty page) and the page comes back with `X-Omi-List-Truncated: true`, or
   * `undefined` for a whole page. E.g. `({ attempt }) => (attempt === 1 ? 0 : undefined)`
   * empties each page the first time it is asked for.
   */
  truncateMemoryPages?: (page: FakeMemoryPage) => number | undefined;
}
