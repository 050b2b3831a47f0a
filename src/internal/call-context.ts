/** What the transport knows about one call: how to treat its failures, and what it learned. */
export interface CallContext {
  /** The spec's operationId; `undefined` for raw calls. */
  operationId: string | undefined;
  /** HTTP method, upper case. */
  method: string;
  /** Path of the call with ids filled in (no query string), for messages. */
  path: string;
  /** Path parameters (the ids involved), by the spec's names. */
  ids: Record<string, string>;
  /** Whether resending cannot apply the call twice: reads, and writes made idempotent by a key. */
  replaySafe: boolean;
  /** Whether a 409 means "the same idempotent call is in progress": wait and ask again. */
  retryConflict: boolean;
  /** The server's rate-limit groups the call spends (`x-omi-rate-limit-group` and matching extra groups), for client-side pacing. */
  rateLimitGroups: readonly string[];
  /** Retries allowed after the first attempt. */
  maxRetries: number;
  /** Timeout of each attempt, in ms. */
  timeoutMs: number;
  /** Options for every attempt's `fetch` init (the client's, merged with the call's). */
  fetchOptions?: Readonly<Record<string, unknown>> | undefined;
  /** The caller's signal. */
  signal: AbortSignal | undefined;
  /** The idempotency key the call is sent with (generated when the body had none), for its errors. */
  idempotencyKey?: string | undefined;
  /** Attempts made so far (written by the transport). */
  attempts: number;
  /** `x-request-id` of the last response (written by the transport). */
  requestId: string | undefined;
  /** The last response's `Retry-After` in ms, parsed once when it arrived (written by the transport). */
  retryAfterMs?: number | undefined;
}

/** The per-attempt timeout when neither the call, the client nor the operation sets one. */
export const DEFAULT_TIMEOUT_MS = 30_000;

/** An operation's per-attempt timeout: the client's (or the default), but never below the operation's own. */
export function operationTimeoutMs(clientTimeoutMs: number | undefined, operationTimeout: number | undefined): number {
  return Math.max(clientTimeoutMs ?? DEFAULT_TIMEOUT_MS, operationTimeout ?? 0);
}

const READ_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Whether a method only reads, so that sending it again cannot change anything (any case). */
export function isReadMethod(method: string): boolean {
  return READ_METHODS.has(method.toUpperCase());
}
