/**
 * A further hourly budget an operation spends when its query matches `when`
 * (e.g. conversation reads that include transcripts also spend the transcript budget).
 */
export interface ExtraRateLimitGroupSpec {
  /** Query values that make the call spend this budget too. */
  readonly when: Readonly<Record<string, string | number | boolean>>;
  /** The rate-limit group, a key of `x-omi-rate-limits`. */
  readonly group: string;
}

/** `x-omi-pagination`: the operation pages with `limit`/`offset`, and the server caps `limit` silently. */
export interface PaginationSpec {
  /** The largest `limit` the server honours. */
  readonly maxLimit: number;
  /** Smaller caps for some queries. */
  readonly reducedLimits?: readonly ReducedLimit[];
  /**
   * A response header that says `true` when the server cut the page short or
   * empty before the end (memories: `X-Omi-List-Truncated`): such a page is
   * asked for again, never taken for the end.
   */
  readonly truncatedHeader?: string;
  /**
   * The server removes rows (locked, invalid, soft-deleted) from a page after
   * cutting it to `limit`, so a short or empty page does not prove the end
   * (conversations, action items): the pager confirms an apparent end by reading on.
   */
  readonly dropsRowsAfterPaging?: boolean;
  /** No item is reachable at or past this offset (action items: `offset + limit` is capped at 2,000). */
  readonly offsetHorizon?: number;
  /** How to reach items past {@link offsetHorizon}: walk windows of a date-time field. */
  readonly windows?: PaginationWindows;
  /** The answer is an object whose field of this name holds the page's items (daily summaries: `summaries`). */
  readonly itemsField?: string;
}

/**
 * Date windows of a listing (`x-omi-pagination.windows`): the items whose
 * `field` lies between the query parameters `from` and `to` (both inclusive,
 * ISO 8601 date-times), so that a listing too long for offsets is walked one
 * window at a time.
 */
export interface PaginationWindows {
  /** The items' date-time field the server filters on, e.g. `created_at`. */
  readonly field: string;
  /** The query parameter of the window's first instant, e.g. `start_date`. */
  readonly from: string;
  /** The query parameter of the window's last instant, e.g. `end_date`. */
  readonly to: string;
}

/**
 * `x-omi-poll`: a helper that reads an item again and again until one of its
 * fields takes a final value (e.g. `waitUntilProcessed` on `getConversation`,
 * until `status` is `completed` or `failed`).
 */
export interface PollSpec {
  /** The helper's name in the operation's group, e.g. `waitUntilProcessed`. */
  readonly helper: string;
  /** The field of the item to watch, e.g. `status`. */
  readonly field: string;
  /** The values that end the wait. */
  readonly until: readonly string[];
}

/** A smaller `limit` cap that applies when the query has all the given values. */
export interface ReducedLimit {
  /** Query parameter values that trigger the smaller cap, e.g. `{ include_transcript: true }`. */
  readonly when: Readonly<Record<string, unknown>>;
  /** The cap for such queries. */
  readonly maxLimit: number;
}

/** `x-omi-batch`: the operation creates many items at once from an array in its body. */
export interface BatchSpec {
  /** The body field holding the items to create, e.g. `memories`. */
  readonly itemsField: string;
  /** The response field holding the created items. */
  readonly resultField: string;
  /** The most items the server takes in one call (the schema's `maxItems`). */
  readonly maxItems: number;
}

/**
 * A rule between two fields of a request body that a schema cannot state
 * (`x-omi-greater-than`, `x-omi-not-before`, `x-omi-offset-like`). The client
 * checks it before sending.
 */
export interface BodyRule {
  /** Where the field is: property names, `*` for every item of an array. */
  readonly path: readonly string[];
  /** The sibling field it is compared with. */
  readonly than: string;
  /** `true`: must be greater; `false`: must not be less (for dates: not before). Unused by `offset` rules. */
  readonly strict: boolean;
  /**
   * `"offset"` (`x-omi-offset-like`): instead of an order, the field, when it is
   * a date-time, must carry a UTC offset exactly when `than` does; a missing or
   * null `than` counts as carrying one (the server's default is a UTC time).
   */
  readonly kind?: "offset";
}

/**
 * One row of the generated operation table: what the runtime needs to call an
 * operation. Written by `npm run generate` from the spec; see `generated/operations.ts`.
 */
export interface OperationSpec {
  /** The spec's operationId, e.g. `deleteConversation`. */
  readonly operationId: string;
  /** HTTP method in lower case, as in the spec. */
  readonly method: string;
  /** Path template, e.g. `/v1/dev/user/conversations/{conversation_id}`. */
  readonly path: string;
  /** The operation's tag in the spec. */
  readonly tag: string;
  /** The helper group on the client, e.g. `conversations`. */
  readonly group: string;
  /** The helper's name within its group, e.g. `delete`. */
  readonly helper: string;
  /** The spec's one-line summary. */
  readonly summary: string;
  /** The spec's description of the operation (also the TSDoc of its helper). */
  readonly description: string;
  /** Path parameter names, in path order (the helper's leading arguments). */
  readonly pathParams: readonly string[];
  /** Whether the operation takes query parameters, and whether some are required. */
  readonly query: "none" | "optional" | "required";
  /** Whether the operation takes a JSON body, and whether it is required. */
  readonly body: "none" | "optional" | "required";
  /** The security scheme: `bearerAuth` (developer key) or `firebaseAuth` (Firebase ID token). */
  readonly security: string;
  /** `x-omi-timeout-ms`: a longer default per-attempt timeout for slow operations. */
  readonly timeoutMs?: number;
  /** `x-omi-idempotency-key`: the body field that makes retries of this write safe. */
  readonly idempotencyKey?: string;
  /**
   * `x-omi-idempotent`: the server itself makes a repeated call harmless (a memory
   * whose text the user already has is returned, not created again), so the
   * write is retried like a read.
   */
  readonly idempotent?: boolean;
  /** `x-omi-poll`: see {@link PollSpec}. */
  readonly poll?: PollSpec;
  /** `x-omi-rate-limit-group`: which hourly budget of the server the operation spends. */
  readonly rateLimitGroup?: string;
  /** `x-omi-extra-rate-limit-groups`: see {@link ExtraRateLimitGroupSpec}. */
  readonly extraRateLimitGroups?: readonly ExtraRateLimitGroupSpec[];
  /** `x-omi-pagination`: see {@link PaginationSpec}. */
  readonly pagination?: PaginationSpec;
  /** `x-omi-batch`: see {@link BatchSpec}. */
  readonly batch?: BatchSpec;
  /** Cross-field rules of the request body; see {@link BodyRule}. */
  readonly bodyRules?: readonly BodyRule[];
}

/** What the runtime needs of an operation: its row of the table without the documentation. */
export type RuntimeOperation = Omit<OperationSpec, "tag" | "summary" | "description" | "rateLimitGroup"> & {
  /** The operation's own rate-limit group (`rateLimitGroup`) as a list, empty without one: made once, not per call. */
  readonly rateLimitGroups: readonly string[];
};

/** The fields a row of the generated route table leaves out when they have their most common value. */
export type DefaultedRouteField = "pathParams" | "query" | "body" | "security" | "rateLimitGroups";

/** A row of the generated route table (`generated/routes.ts`): an operation, its fields at their default left out. */
export type RouteRow = Omit<RuntimeOperation, DefaultedRouteField> & Partial<Pick<RuntimeOperation, DefaultedRouteField>>;
