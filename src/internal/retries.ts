import type { CallContext } from "./call-context.js";
import { isErrorLike, redactError, type Redactor } from "./redaction.js";
import type { BackoffBounds } from "./settings.js";

// The retry rules: how an attempt failed (and whether it can have reached the server), whether
// a failed call may have taken effect (its error's `outcomeUnknown`), when and after how long an
// attempt is retried, the backoff delays, and the server's `Retry-After` parsed.

/** The parts of a response the retry rules look at. */
export interface ResponseHead {
  status: number;
  headers: Headers;
  /** The body, when it was read (text for helper calls, bytes for raw calls). */
  body?: unknown;
}

/** A response whose body was read whole within its attempt. */
export interface ReadResponse<Body> extends ResponseHead {
  statusText: string;
  body: Body;
}

/** The `detail` of the 503 the server raises in its auth dependency when its rate limiter is down, before any handler runs. */
const LIMITER_UNAVAILABLE = "Rate limiter unavailable";

/**
 * Whether the server refused the call before its handler ran, so that even a
 * write surely did nothing: a 503 whose `detail` is {@link LIMITER_UNAVAILABLE}
 * (the auth dependency), or the account fence's object (`code`, `retryable`),
 * which it raises before any endpoint runs when it cannot read the account's state.
 */
export function refusedBeforeHandler(response: ResponseHead): boolean {
  if (response.status !== 503 || response.body === undefined) return false;
  const text = typeof response.body === "string" ? response.body : bodyText(response.body);
  const detail = /Rate limiter unavailable|"retryable"/.test(text) ? detailOf(text) : undefined;
  return detail === LIMITER_UNAVAILABLE || (detail as { code?: unknown } | undefined)?.code !== undefined;
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

/** How an attempt failed before a whole response arrived (the transport makes the error from it, with the call's context). */
export type AttemptFailure =
  | { kind: "timeout"; message: string; cause: unknown }
  | { kind: "connection"; reachedServer: boolean; message: string; cause: unknown };

// Failures that happen before a connection to the server exists: the request cannot have reached it.
const NOT_REACHED = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EADDRNOTAVAIL",
  "UND_ERR_CONNECT_TIMEOUT",
]);

/**
 * Classifies what `fetch` (or reading the body) threw. Runtimes that do not
 * tell why (browsers) count as "may have reached the server".
 */
export function connectionFailure(error: unknown, redact: Redactor): AttemptFailure {
  const code = errorCode(error);
  const detail = describe(error);
  // Node's fetch refuses some ports (e.g. 9) before connecting, with no code: "fetch failed: bad port".
  const reachedServer = !(code && NOT_REACHED.has(code)) && !/\bbad port\b/.test(detail);
  const message = reachedServer
    ? `The connection failed after the request was sent or while it was being sent (${detail})`
    : `Could not connect to the server (${detail})`;
  return { kind: "connection", reachedServer, message: redact(message), cause: redactError(error, redact) };
}

function errorCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && typeof e === "object" && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

function describe(error: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = error, depth = 0; isErrorLike(e) && depth < 3; depth++) {
    parts.push(e.message);
    e = e.cause;
  }
  return parts.join(": ") || String(error);
}

/** How a call ended without a usable answer: what {@link outcomeUnknown} decides on. */
export type Ending =
  | AttemptFailure
  /** A non-2xx answer. */
  | { kind: "status"; response: ResponseHead }
  /** A 2xx answer the client could not use (empty, not JSON, without what the helper needs). */
  | { kind: "unreadable" }
  /** The caller's signal aborted; `inFlight` when an attempt was on its way. */
  | { kind: "abort"; inFlight: boolean };

/**
 * Whether a call that ended this way may have taken effect, so that its error
 * has `outcomeUnknown` (the one place this is decided). Never for calls safe to
 * send again (reads, writes with an idempotency key, writes the server makes
 * idempotent): their outcome does not matter, since sending them again is safe.
 * For other writes: a 5xx, unless the server refused before its handler ran;
 * a timeout; a connection cut after the request may have reached the server;
 * an abort while an attempt was on its way; a 2xx that could not be read.
 * Never a 4xx, a refused connection, or an abort before anything was sent.
 */
export function outcomeUnknown(ctx: Pick<CallContext, "replaySafe" | "attempts">, ending: Ending): boolean {
  if (ctx.replaySafe) return false;
  switch (ending.kind) {
    // No attempt: middleware on omi.raw answered in the transport's place, nothing was sent.
    case "status":
      return ctx.attempts > 0 && ending.response.status >= 500 && !refusedBeforeHandler(ending.response);
    case "connection":
      return ending.reachedServer;
    case "abort":
      return ending.inFlight;
    case "timeout":
    case "unreadable":
      return true;
  }
}

/** How one attempt ended: with a response (any status) or with a failure before a whole response arrived. */
export type AttemptResult = { response: ResponseHead; failure?: undefined } | { failure: AttemptFailure; response?: undefined };

/** What to do after an attempt. */
export type RetryDecision = { retry: true; delayMs: number; reason: string } | { retry: false };

/** The client-wide settings the retry rules need. */
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
 *   idempotent); a write that is not safe to replay fails at once, its error
 *   with `outcomeUnknown` as {@link outcomeUnknown} decides;
 * - a 503 `Rate limiter unavailable` or from the account fence: refused before the handler ran, retried for every method;
 * - 409 on an idempotent-by-key write: the same call is in progress, asked again after a wait;
 * - a `Retry-After` longer than `maxRetryDelayMs`: no retry, the caller gets the error at once.
 *
 * `ctx.retryAfterMs` is the last response's `Retry-After`, parsed once by the transport.
 */
export function decideRetry(result: AttemptResult, ctx: CallContext, settings: RetrySettings): RetryDecision {
  const retriesLeft = ctx.attempts <= ctx.maxRetries;
  if (result.failure) {
    const neverReached = result.failure.kind === "connection" && !result.failure.reachedServer;
    if ((neverReached || ctx.replaySafe) && retriesLeft) return backoff(ctx, settings, result.failure.message);
    return { retry: false };
  }
  const { status } = result.response;
  const retryable =
    status === 429 ||
    (status === 409 && ctx.retryConflict) ||
    (TRANSIENT.has(status) && (ctx.replaySafe || refusedBeforeHandler(result.response)));
  if (!retryable || !retriesLeft) return { retry: false };
  const hint = ctx.retryAfterMs;
  if (hint !== undefined && hint > settings.maxRetryDelayMs) return { retry: false };
  if (hint !== undefined) return { retry: true, delayMs: hint, reason: `HTTP ${status}, Retry-After ${hint} ms` };
  return backoff(ctx, settings, `HTTP ${status}`);
}

function backoff(ctx: CallContext, settings: RetrySettings, reason: string): RetryDecision {
  return { retry: true, delayMs: backoffDelay(ctx.attempts, settings.backoff, settings.random), reason };
}

/**
 * Delay before retry number `retry` (1 for the first retry): a random point
 * between `initial·2^(retry−1)` and twice that, both capped at the maximum, so
 * that many clients do not retry in step. Always within the bounds.
 */
export function backoffDelay(retry: number, bounds: BackoffBounds, random: () => number = Math.random): number {
  const low = Math.min(bounds.maxDelayMs, bounds.initialDelayMs * 2 ** (retry - 1));
  const high = Math.min(bounds.maxDelayMs, low * 2);
  return Math.round(low + random() * (high - low));
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const DAY = "(Mon|Tue|Wed|Thu|Fri|Sat|Sun)";
const LONG_DAY = "(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)";
const MONTH = `(${MONTHS.join("|")})`;
const TIME = "(\\d{2}):(\\d{2}):(\\d{2})";
// RFC 9110 §5.6.7: IMF-fixdate, plus the obsolete RFC 850 and asctime forms recipients must accept.
const IMF_FIXDATE = new RegExp(`^${DAY}, (\\d{2}) ${MONTH} (\\d{4}) ${TIME} GMT$`);
const RFC850 = new RegExp(`^${LONG_DAY}, (\\d{2})-${MONTH}-(\\d{2}) ${TIME} GMT$`);
const ASCTIME = new RegExp(`^${DAY} ${MONTH} ( \\d|\\d{2}) ${TIME} (\\d{4})$`);

/**
 * Parses a `Retry-After` header value (RFC 9110 §10.2.3): delay-seconds or an
 * HTTP-date. Returns the wait in milliseconds from `now` (0 for a past date),
 * or `undefined` when the value is absent or not valid; a bad value is ignored.
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value == null) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = parseHttpDate(text, now);
  return date === undefined ? undefined : Math.max(0, date - now);
}

/** Parses an HTTP-date in any of its three RFC 9110 forms to epoch milliseconds; `undefined` when invalid. */
export function parseHttpDate(text: string, now: number): number | undefined {
  let m = IMF_FIXDATE.exec(text);
  if (m) return utc(Number(m[4]), m[3] as string, Number(m[2]), m.slice(5, 8));
  m = RFC850.exec(text);
  if (m) return utc(twoDigitYear(Number(m[4]), now), m[3] as string, Number(m[2]), m.slice(5, 8));
  m = ASCTIME.exec(text);
  if (m) return utc(Number(m[7]), m[2] as string, Number((m[3] as string).trim()), m.slice(4, 7));
  return undefined;
}

function utc(year: number, month: string, day: number, time: string[]): number | undefined {
  const [h, min, s] = time.map(Number) as [number, number, number];
  const monthIndex = MONTHS.indexOf(month);
  if (h > 23 || min > 59 || s > 60) return undefined;
  const ms = Date.UTC(year, monthIndex, day, h, min, Math.min(s, 59));
  // Reject impossible days such as 31 Feb, which Date.UTC would roll over.
  return new Date(ms).getUTCDate() === day ? ms : undefined;
}

// RFC 9110: a two-digit year more than 50 years in the future means the most recent past year with those digits.
function twoDigitYear(yy: number, now: number): number {
  const current = new Date(now).getUTCFullYear();
  let year = Math.floor(current / 100) * 100 + yy;
  if (year > current + 50) year -= 100;
  return year;
}
