import type { OperationSpec } from "../core/operation-spec.js";
import type { CallContext } from "./calls.js";
import { isReadMethod } from "./retries.js";
import { operationTimeoutMs } from "./transport.js";

// The route table's runtime side: what an operation is at run time, the rate-limit groups a
// call spends, and which operation a request made through `omi.raw` is.

/** What the runtime needs of an operation: the table row without its documentation. */
export type RuntimeOperation = Omit<OperationSpec, "tag" | "summary" | "description" | "rateLimitGroup"> & {
  /** The operation's own rate-limit group (`rateLimitGroup`) as a list, empty without one: made once, not per call. */
  readonly rateLimitGroups: readonly string[];
};

/** The values a row of the generated table leaves out, being what most operations have. */
const ROW_DEFAULTS = {
  pathParams: [],
  query: "none",
  body: "none",
  security: "bearerAuth",
  rateLimitGroups: [],
} as const satisfies Partial<RuntimeOperation>;

/** A row of the generated route table (`generated/routes.ts`): an operation, its fields at their default left out. */
export type RouteRow = Omit<RuntimeOperation, keyof typeof ROW_DEFAULTS> &
  Partial<Pick<RuntimeOperation, keyof typeof ROW_DEFAULTS>>;

/** The operations of the generated route table, each field a row leaves out at its default. */
export function withDefaults(rows: readonly RouteRow[]): RuntimeOperation[] {
  return rows.map((row) => ({ ...ROW_DEFAULTS, ...row }));
}

/**
 * Whether a call's query has every value of `when` (how `x-omi-*` extensions
 * condition on the query), compared as text: a helper's `true` and a URL's `"true"` match.
 */
export function queryMatches(when: Readonly<Record<string, unknown>>, query: unknown): boolean {
  const values = (query ?? {}) as Record<string, unknown>;
  return Object.entries(when).every(([name, value]) => String(values[name]) === String(value));
}

/** The rate-limit groups a call spends: the operation's own, plus the extra groups its query matches. */
export function rateLimitGroupsOf(spec: RuntimeOperation, query: unknown): readonly string[] {
  const extras = spec.extraRateLimitGroups?.filter((extra) => queryMatches(extra.when, query));
  return extras?.length ? [...spec.rateLimitGroups, ...extras.map((extra) => extra.group)] : spec.rateLimitGroups;
}

/**
 * Makes the contexts of calls made through `omi.raw`. A call whose method and
 * path are one of the spec's operations gets that operation's timeout and
 * rate-limit groups (a conversation creation its 120 s, a transcript read its
 * budget too), as the helpers do; retry rules go by method, and by the
 * operation's `x-omi-idempotent`.
 */
export function rawCallContexts(
  operations: readonly RuntimeOperation[],
  maxRetries: number,
  timeoutMs: number | undefined,
  fetchOptions?: Readonly<Record<string, unknown>>,
  deadlineMs?: number,
): (request: Request) => CallContext {
  let templates: Array<{ op: RuntimeOperation; method: string; pattern: RegExp }> | undefined;
  return (request) => {
    // Built on the first raw call: most clients never make one. Fixed paths first, so that
    // `/memories/batch` is not taken for `/memories/{memory_id}`.
    templates ??= operations
      .map((op) => ({ op, method: op.method.toUpperCase(), pattern: new RegExp(`${op.path.replace(/\{[^}]+\}/g, "[^/]+")}$`) }))
      .sort((a, b) => a.op.pathParams.length - b.op.pathParams.length);
    const url = new URL(request.url);
    const method = request.method;
    const op = templates.find((t) => t.method === method && t.pattern.test(url.pathname))?.op;
    return {
      operationId: op?.operationId,
      method,
      path: url.pathname,
      ids: {},
      replaySafe: isReadMethod(method) || op?.idempotent === true,
      retryConflict: false,
      rateLimitGroups: op ? rateLimitGroupsOf(op, queryOf(url)) : [],
      maxRetries,
      timeoutMs: operationTimeoutMs(timeoutMs, op?.timeoutMs),
      deadlineMs,
      fetchOptions,
      signal: request.signal,
      idempotencyKey: undefined,
      attempts: 0,
      requestId: undefined,
    };
  };
}

// Not Object.fromEntries(url.searchParams): that needs the DOM.Iterable typings, which a consumer compiling this may not have.
function queryOf(url: URL): Record<string, string> {
  const query: Record<string, string> = {};
  url.searchParams.forEach((value, name) => (query[name] = value));
  return query;
}
