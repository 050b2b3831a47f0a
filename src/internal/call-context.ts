import type { CallOutcome, CallRecord } from "../core/call-record.js";
import type { RouteRow, RuntimeOperation } from "../core/operation-spec.js";
import type { RequestOptions } from "../core/operation-types.js";
import { callSettings, type CallDefaults, type CallSettings } from "./settings.js";
import type { Redactor } from "./redaction.js";

// What a call is, made in one place for the helpers and for `omi.raw`: which operation of the
// route table it is, what the spec's policy says of it (rate-limit groups, timeout, whether it
// may be sent again), and the state the transport keeps of it while it runs.

/** A call as the transport, the retry rules and the errors see it: its policy, and what it learned while running. */
export interface CallContext extends CallRecord, CallOutcome, CallSettings {
  /** Path parameters (the ids involved), by the spec's names. */
  ids: Record<string, string>;
  /** Whether resending cannot apply the call twice: reads, and writes made idempotent by a key or by the server. */
  replaySafe: boolean;
  /** Whether a 409 means "the same idempotent call is in progress": wait and ask again. */
  retryConflict: boolean;
  /** The server's rate-limit groups the call spends (`x-omi-rate-limit-group` and matching extra groups), for client-side pacing. */
  rateLimitGroups: readonly string[];
  /** The caller's signal (while the call runs with a deadline, a signal that also aborts at the deadline). */
  signal: AbortSignal | undefined;
  /** When the transport started the call, on its clock. */
  startedAt?: number | undefined;
  /** When the deadline falls, on the transport's clock. */
  deadlineAt?: number | undefined;
  /** What the call is waiting for while it waits (a rate budget, a slot, a retry's delay), for an abort's message. */
  waitingOn?: string | undefined;
  /** The last response's `Retry-After` in ms, parsed once when it arrived. */
  retryAfterMs?: number | undefined;
}

/** What is known of a call before its context is made. */
export interface CallStart {
  /** HTTP method, any case. */
  method: string;
  /** The path sent, ids filled in, without the query string. */
  path: string;
  /** Path parameters by the spec's names (empty for a raw call). */
  ids: Record<string, string>;
  /** The query as given (a helper's object, a raw URL's parameters as text): it decides the extra rate-limit groups. */
  query: unknown;
  /** The call's own options (a helper's last argument); a raw call has only its signal. */
  options: RequestOptions | undefined;
  /** The caller's signal. */
  signal: AbortSignal | undefined;
  /** The idempotency key in the body that is sent, when the operation has one. */
  idempotencyKey?: string | undefined;
}

/**
 * The context of one call, helper or raw: its operation's policy (`op` is `undefined` for a
 * raw call that matches none), the call's options over the client's (`defaults`), and its
 * counters at zero. Options out of range are refused with an error naming the operation.
 */
export function createCallContext(
  defaults: CallDefaults,
  op: RuntimeOperation | undefined,
  call: CallStart,
  redact?: Redactor,
): CallContext {
  const method = call.method.toUpperCase();
  const settings = callSettings(defaults, op?.timeoutMs, call.options, op?.operationId, redact);
  return {
    operationId: op?.operationId,
    method,
    path: call.path,
    ids: call.ids,
    replaySafe: READ_METHODS.has(method) || op?.idempotent === true || call.idempotencyKey !== undefined,
    retryConflict: call.idempotencyKey !== undefined,
    rateLimitGroups: op ? rateLimitGroupsOf(op, call.query) : [],
    ...settings,
    signal: call.signal,
    idempotencyKey: call.idempotencyKey,
    attempts: 0,
    requestId: undefined,
  };
}

const READ_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** The values a row of the generated table leaves out, being what most operations have. */
const ROW_DEFAULTS = {
  pathParams: [],
  query: "none",
  body: "none",
  security: "bearerAuth",
  rateLimitGroups: [],
} as const satisfies Partial<RuntimeOperation>;

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
 * Finds which operation a request made through `omi.raw` is, by method and path, so that
 * it gets that operation's timeout, rate-limit groups and `x-omi-idempotent` as a helper
 * call would (a conversation creation its 120 s, a transcript read its budget too).
 */
export function operationMatcher(
  operations: readonly RuntimeOperation[],
): (method: string, pathname: string) => RuntimeOperation | undefined {
  let templates: Array<{ op: RuntimeOperation; method: string; pattern: RegExp }> | undefined;
  return (method, pathname) => {
    // Built on the first raw call: most clients never make one. Fixed paths first, so that
    // `/memories/batch` is not taken for `/memories/{memory_id}`.
    templates ??= operations
      .map((op) => ({ op, method: op.method.toUpperCase(), pattern: new RegExp(`${op.path.replace(/\{[^}]+\}/g, "[^/]+")}$`) }))
      .sort((a, b) => a.op.pathParams.length - b.op.pathParams.length);
    return templates.find((t) => t.method === method && t.pattern.test(pathname))?.op;
  };
}

/** The context of a request made through `omi.raw`, with the client's defaults and the operation it matches. */
export function rawCallContext(
  defaults: CallDefaults,
  match: (method: string, pathname: string) => RuntimeOperation | undefined,
  request: Request,
): CallContext {
  const url = new URL(request.url);
  // Not Object.fromEntries(url.searchParams): that needs the DOM.Iterable typings, which a consumer compiling this may not have.
  const query: Record<string, string> = {};
  url.searchParams.forEach((value, name) => (query[name] = value));
  // Matched upper case, as the route table's methods are: `fetch` leaves a `patch` as given.
  return createCallContext(defaults, match(request.method.toUpperCase(), url.pathname), {
    method: request.method,
    path: url.pathname,
    ids: {},
    query,
    options: undefined,
    signal: request.signal,
  });
}
