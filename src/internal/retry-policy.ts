import { OmiConnectionError } from "../core/errors/omi-connection-error.js";
import type { OmiError } from "../core/errors/omi-error.js";
import { OmiOutcomeUnknownError } from "../core/errors/omi-outcome-unknown-error.js";
import { OmiTimeoutError } from "../core/errors/omi-timeout-error.js";
import { backoffDelay, type BackoffBounds } from "./backoff.js";
import type { CallContext } from "./call-context.js";
import { parseRetryAfter } from "./retry-after.js";

/** The parts of a response the retry rules look at. */
export interface ResponseHead {
  status: number;
  headers: Headers;
  /** The body, when it was read (text for helper calls, bytes for raw calls). */
  body?: unknown;
}

/** The `detail` of the 503 the server raises in its auth dependency when its rate limiter is down, before any handler runs. */
const LIMITER_UNAVAILABLE = "Rate limiter unavailable";

/**
 * Whether the server refused the call before its handler ran, so that even a
 * write surely did nothing: a 503 whose `detail` is {@link LIMITER_UNAVAILABLE}.
 */
export function refusedBeforeHandler(response: ResponseHead): boolean {
  if (response.status !== 503 || response.body === undefined) return false;
  const text = typeof response.body === "string" ? response.body : bodyText(response.body);
  return text.includes(LIMITER_UNAVAILABLE) && detailOf(text) === LIMITER_UNAVAILABLE;
}

function bodyText(body: unknown): string {
  return body instanceof ArrayBuffer ? new TextDecoder().decode(body) : "";
}

function detailOf(text: string): unknown {
  try {
    const parsed = JSON.parse(text) as unknown;
    return parsed && typeof parsed === "object" ? (parsed as { detail?: unknown }).detail : undefined;
  } catch {
    return undefined;
  }
}

/** How one attempt ended: with a response (any status) or with an error before a whole response arrived. */
export type AttemptResult = { response: ResponseHead; error?: undefined } | { error: OmiError; response?: undefined };

/** What to do after an attempt. */
export type RetryDecision = { retry: true; delayMs: number; reason: string } | { retry: false; error?: OmiError };

/** The client-wide settings the policy needs. */
export interface RetrySettings {
  maxRetryDelayMs: number;
  backoff: BackoffBounds;
  now(): number;
  random(): number;
}

// Statuses after which the server did nothing lasting for a read, so asking again is safe.
const TRANSIENT = new Set([408, 500, 502, 503, 504]);

/**
 * The retry rules, in one place (the README's retry table mirrors them):
 * - a connection that never reached the server: retried for every method;
 * - 429: retried for every method (the server did not act), waiting `Retry-After`;
 * - 408, 500, 502, 503, 504, timeouts and dropped connections: retried only when
 *   replaying is safe (reads, idempotent-by-key writes, writes the server makes
 *   idempotent); a write that is not safe to replay ends in {@link OmiOutcomeUnknownError}
 *   (5xx statuses are converted by the caller);
 * - a 503 `Rate limiter unavailable`: refused before the handler ran, retried for every method;
 * - 409 on an idempotent-by-key write: the same call is in progress, asked again after a wait;
 * - a `Retry-After` longer than `maxRetryDelayMs`: no retry, the caller gets the error at once.
 */
export function decideRetry(result: AttemptResult, ctx: CallContext, settings: RetrySettings): RetryDecision {
  const retriesLeft = ctx.attempts <= ctx.maxRetries;
  if (result.error) {
    const { error } = result;
    const neverReached = error instanceof OmiConnectionError && !error.reachedServer;
    const transient = error instanceof OmiConnectionError || error instanceof OmiTimeoutError;
    if (!transient) return { retry: false, error };
    if (neverReached || ctx.replaySafe) {
      return retriesLeft ? backoff(ctx, settings, error.message) : { retry: false, error };
    }
    return { retry: false, error: outcomeUnknown(ctx, error) };
  }
  const { status, headers } = result.response;
  const retryable =
    status === 429 ||
    (status === 409 && ctx.retryConflict) ||
    (TRANSIENT.has(status) && (ctx.replaySafe || refusedBeforeHandler(result.response)));
  if (!retryable || !retriesLeft) return { retry: false };
  const hint = parseRetryAfter(headers.get("retry-after"), settings.now());
  if (hint !== undefined && hint > settings.maxRetryDelayMs) return { retry: false };
  if (hint !== undefined) return { retry: true, delayMs: hint, reason: `HTTP ${status}, Retry-After ${hint} ms` };
  return backoff(ctx, settings, `HTTP ${status}`);
}

function backoff(ctx: CallContext, settings: RetrySettings, reason: string): RetryDecision {
  return { retry: true, delayMs: backoffDelay(ctx.attempts, settings.backoff, settings.random), reason };
}

/** The error of a write that reached the server without a clear answer. */
export function outcomeUnknown(ctx: CallContext, cause: OmiError, status?: number): OmiOutcomeUnknownError {
  const reason =
    status !== undefined
      ? `the server answered ${status}`
      : cause instanceof OmiTimeoutError
        ? `no response came within ${cause.timeoutMs} ms`
        : "the connection dropped before a complete response arrived";
  const error = new OmiOutcomeUnknownError({
    operationId: ctx.operationId,
    method: ctx.method,
    path: ctx.path,
    ids: ctx.ids,
    status,
    reason,
    cause,
  });
  error.attempts = ctx.attempts;
  error.requestId = ctx.requestId;
  return error;
}
