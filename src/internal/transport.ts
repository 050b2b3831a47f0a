import {
  errorFromResponse,
  excerpt,
  OmiAbortError,
  OmiConnectionError,
  OmiInvalidResponseError,
  OmiTimeoutError,
  type OmiApiError,
  type OmiError,
} from "../core/errors.js";
import type { RateLimitWaitEvent, RetryEvent } from "../core/options.js";
import type { BudgetWait } from "./budgets.js";
import type { CallContext } from "./calls.js";
import { isErrorLike, redactError, type Log, type Redactor } from "./redaction.js";
import {
  decideRetry,
  errorCall,
  parseRetryAfter,
  type AttemptFailure,
  type AttemptResult,
  type ResponseHead,
  type RetrySettings,
} from "./retries.js";

// Sends the attempts of a call, each with its own timeout, waits between them, and makes
// the errors of calls that end without a usable answer.

/** What the transport needs from the client. */
export interface TransportSettings extends RetrySettings {
  fetch: typeof fetch;
  log: Log;
  redact: Redactor;
  sleep(ms: number, signal: AbortSignal | undefined): Promise<void>;
  /**
   * Called before each attempt (concurrency and rate budgets): `undefined` when
   * the attempt may go at once and holds nothing, else a promise of the release function.
   */
  acquire?(ctx: CallContext): Promise<() => void> | undefined;
  /** Told about every response, so that rate budgets can slow down after a 429. */
  observe?(ctx: CallContext, response: ResponseHead): void;
  /** The client's `onRetry` hook. */
  onRetry?: ((event: RetryEvent) => void) | undefined;
  /** The client's `onRateLimitWait` hook. */
  onRateLimitWait?: ((event: RateLimitWaitEvent) => void) | undefined;
}

/** Sends one attempt of a call with the attempt's signal (the body must be sendable again). */
export type SendAttempt = (signal: AbortSignal) => Promise<Response>;

/** A response whose body was read whole within its attempt. */
export interface ReadResponse<Body> extends ResponseHead {
  statusText: string;
  body: Body;
}

/** The per-attempt timeout when neither the call, the client nor the operation sets one. */
const DEFAULT_TIMEOUT_MS = 30_000;

/** An operation's per-attempt timeout: the client's (or the default), but never below the operation's own. */
export function operationTimeoutMs(clientTimeoutMs: number | undefined, operationTimeout: number | undefined): number {
  return Math.max(clientTimeoutMs ?? DEFAULT_TIMEOUT_MS, operationTimeout ?? 0);
}

/**
 * Sends a call with the retry rules of {@link decideRetry}: each attempt gets
 * its own timeout, which covers reading the whole body with `read` (so a slow
 * or cut body is caught here, and a read can be retried), the caller's signal
 * stops everything at once, and `send` sends the whole request each time.
 * Every error it throws is made here, whole, from the call's context.
 */
export async function sendWithRetries<Body>(
  send: SendAttempt,
  read: (response: Response) => Promise<Body>,
  ctx: CallContext,
  settings: TransportSettings,
): Promise<ReadResponse<Body>> {
  ctx.startedAt = settings.now();
  if (ctx.deadlineMs === undefined) return sendAttempts(send, read, ctx, settings);
  // The deadline stops every attempt and wait as the caller's signal would: the call runs on a
  // signal that either aborts, and an abort is told apart from the deadline by `passed`.
  ctx.deadlineAt = ctx.startedAt + ctx.deadlineMs;
  const caller = ctx.signal;
  const controller = new AbortController();
  const onCallerAbort = () => controller.abort(caller?.reason);
  if (caller?.aborted) onCallerAbort();
  else caller?.addEventListener("abort", onCallerAbort, { once: true });
  const timer = setTimeout(() => controller.abort(DEADLINE), ctx.deadlineMs);
  ctx.signal = controller.signal;
  try {
    return await sendAttempts(send, read, ctx, settings);
  } finally {
    clearTimeout(timer);
    caller?.removeEventListener("abort", onCallerAbort);
    ctx.signal = caller;
  }
}

/** The reason the call's own signal aborts with when its deadline passes. */
const DEADLINE = Symbol("deadline");

async function sendAttempts<Body>(
  send: SendAttempt,
  read: (response: Response) => Promise<Body>,
  ctx: CallContext,
  settings: TransportSettings,
): Promise<ReadResponse<Body>> {
  for (;;) {
    if (ctx.signal?.aborted) throw abortError(ctx, false, settings);
    // Waiting for a slot or a rate budget is not an attempt: count and time only what is sent.
    const waiting = settings.acquire?.(ctx);
    const release = waiting && (await waiting.catch((error: unknown) => Promise.reject(abortedOr(error, ctx, settings))));
    ctx.waitingOn = undefined;
    if (ctx.signal?.aborted) {
      release?.();
      throw abortError(ctx, false, settings);
    }
    ctx.attempts += 1;
    const started = settings.now();
    let result: AttemptResult & { response?: ReadResponse<Body> };
    try {
      result = { response: await attempt(send, read, ctx, settings) };
      settings.observe?.(ctx, result.response);
    } catch (failure) {
      if (ctx.signal?.aborted) throw abortError(ctx, true, settings);
      result = { failure: failure as AttemptFailure };
    } finally {
      release?.();
    }
    logAttempt(ctx, settings, result, settings.now() - started);
    if (result.response && result.response.status < 300) return result.response; // no retry rule applies to a success
    const decision = decideRetry(result, ctx, settings);
    if (!decision.retry) {
      if (result.failure) throw failureError(result.failure, ctx, settings);
      return result.response as ReadResponse<Body>;
    }
    const waitFor = `${decision.delayMs} ms before attempt ${ctx.attempts + 1}`;
    // Waiting past the deadline would only end in its error: it is said now, with what the wait was for.
    if (ctx.deadlineAt !== undefined && settings.now() + decision.delayMs >= ctx.deadlineAt) {
      throw deadlineError(ctx, settings, `before the wait of ${waitFor} (${decision.reason})`, false);
    }
    // Reported once: through onRetry when the caller listens, else as a warning (at debug both).
    settings.log.write(
      settings.onRetry ? "debug" : "warn",
      `retrying ${ctx.method} ${ctx.path} in ${decision.delayMs} ms (${decision.reason})`,
      { attempt: ctx.attempts, maxRetries: ctx.maxRetries },
    );
    if (settings.onRetry) {
      const { operationId, method, path, attempts: attempt } = ctx;
      const { delayMs, reason } = decision;
      notify(settings.onRetry, {
        operationId,
        method,
        path,
        attempt,
        delayMs,
        reason: settings.redact(reason),
        status: result.response?.status,
      });
    }
    ctx.waitingOn = `the wait of ${waitFor}`;
    await settings.sleep(decision.delayMs, ctx.signal).catch((error: unknown) => Promise.reject(abortedOr(error, ctx, settings)));
    ctx.waitingOn = undefined;
  }
}

/**
 * Announces a wait for a rate budget before it starts: logged at `info` with the group and
 * the wait, told to `onRateLimitWait`, and remembered for the message of an abort during it.
 * A wait that would end past the call's deadline is refused at once with the deadline's error.
 */
export function announceBudgetWait(ctx: CallContext, wait: BudgetWait, settings: TransportSettings): void {
  const { group, delayMs, reason } = wait;
  ctx.waitingOn = `the rate budget of group ${group} (${reason})`;
  if (ctx.deadlineAt !== undefined && settings.now() + delayMs >= ctx.deadlineAt) {
    throw deadlineError(ctx, settings, `before waiting ${delayMs} ms for ${ctx.waitingOn}`, false);
  }
  settings.log.write("info", `${ctx.method} ${ctx.path} waits ${delayMs} ms for the rate budget of group ${group}: ${reason}`, {
    operationId: ctx.operationId,
    group,
    delayMs,
  });
  if (settings.onRateLimitWait) {
    const { operationId, method, path } = ctx;
    notify(settings.onRateLimitWait, { operationId, method, path, group, delayMs, reason });
  }
}

/**
 * Waits `ms`, or rejects with the signal's reason as soon as `signal` aborts (as
 * `fetch` does: the caller, who knows the call, makes the `OmiAbortError`).
 * Leaves no timer behind.
 */
export function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject((signal as AbortSignal).reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * One attempt: settles with the whole response, or rejects with an
 * {@link AttemptFailure} as soon as its timer fires or the caller aborts, even
 * when `fetch` ignores the aborted signal (Node's fetch can leave a request that
 * was still waiting for a connection pending forever).
 */
function attempt<Body>(
  send: SendAttempt,
  read: (response: Response) => Promise<Body>,
  ctx: CallContext,
  settings: TransportSettings,
): Promise<ReadResponse<Body>> {
  // An id and a hint belong to the attempt whose response carried them.
  ctx.requestId = undefined;
  ctx.retryAfterMs = undefined;
  const controller = new AbortController();
  const { signal } = controller;
  const caller = ctx.signal;
  return new Promise<ReadResponse<Body>>((resolve, reject) => {
    let timedOut = false;
    const finish = (error?: unknown, response?: ReadResponse<Body>): void => {
      clearTimeout(timer);
      caller?.removeEventListener("abort", onCallerAbort);
      if (response) resolve(response);
      else if (timedOut) {
        const message = `no complete response within ${ctx.timeoutMs} ms (timeoutMs, each attempt)`;
        reject({ kind: "timeout", message, cause: redactError(error, settings.redact) } satisfies AttemptFailure);
      } else reject(connectionFailure(error, settings.redact));
    };
    const giveUp = (reason?: unknown): void => {
      if (signal.aborted) return;
      controller.abort(reason);
      finish(signal.reason);
    };
    const timer = setTimeout(() => {
      timedOut = true;
      giveUp();
    }, ctx.timeoutMs);
    const onCallerAbort = () => giveUp(caller?.reason);
    caller?.addEventListener("abort", onCallerAbort, { once: true });
    const exchange = async (): Promise<ReadResponse<Body>> => {
      const response = await send(signal);
      if (signal.aborted) {
        discardBody(response); // it arrived after its attempt was given up: release the connection
        throw signal.reason;
      }
      const requestId = response.headers.get("x-request-id");
      if (requestId !== null) ctx.requestId = settings.redact(requestId);
      // Parsed once here: the retry rules, the rate budgets and the RateLimitError all read it from ctx.
      if (response.status >= 400) ctx.retryAfterMs = parseRetryAfter(response.headers.get("retry-after"), settings.now());
      return { status: response.status, statusText: response.statusText, headers: response.headers, body: await read(response) };
    };
    exchange().then(
      (response) => {
        if (!signal.aborted) finish(undefined, response);
      },
      (error: unknown) => {
        if (!signal.aborted) finish(error);
      },
    );
  });
}

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

/** The call as messages name it: method, path and operationId. */
function callName(ctx: CallContext): string {
  return `${ctx.method} ${ctx.path}${ctx.operationId ? ` (${ctx.operationId})` : ""}`;
}

/** The error of an attempt that failed without a whole response. */
function failureError(failure: AttemptFailure, ctx: CallContext, settings: TransportSettings): OmiError {
  const call = errorCall(ctx, failure);
  if (failure.kind !== "timeout") {
    return new OmiConnectionError(`${callName(ctx)}: ${failure.message}`, failure.reachedServer, {
      ...call,
      cause: failure.cause,
    });
  }
  const message = `${callName(ctx)}: ${failure.message}, ${overall(ctx, settings)}`;
  return new OmiTimeoutError(message, ctx.timeoutMs, { ...call, cause: failure.cause });
}

/** The whole call's figures for a timeout's message: attempts, time in all, and the deadline or how to set one. */
function overall(ctx: CallContext, settings: TransportSettings): string {
  const elapsed = settings.now() - (ctx.startedAt ?? settings.now());
  const attempts = `${ctx.attempts} attempt${ctx.attempts === 1 ? "" : "s"} and ${Math.round(elapsed)} ms in all`;
  return ctx.deadlineMs === undefined
    ? `after ${attempts} (the deadlineMs option limits the whole call)`
    : `after ${attempts}, within the call's deadline of ${ctx.deadlineMs} ms (deadlineMs)`;
}

/** The error of a call whose deadline passed (or would pass before a wait ended); `inFlight` when an attempt was on its way. */
function deadlineError(ctx: CallContext, settings: TransportSettings, when: string, inFlight: boolean): OmiTimeoutError {
  const deadlineMs = ctx.deadlineMs as number;
  const call = errorCall(ctx, inFlight ? { kind: "timeout", message: "", cause: undefined } : { kind: "abort", inFlight });
  const tried = `${ctx.attempts} attempt${ctx.attempts === 1 ? "" : "s"} made, each allowed ${ctx.timeoutMs} ms (timeoutMs)`;
  const message = `${callName(ctx)}: the call's deadline of ${deadlineMs} ms (deadlineMs) passed ${when}; ${tried}`;
  return new OmiTimeoutError(message, deadlineMs, call);
}

/** The error of a call stopped by its signal: its caller's abort, or its deadline; `inFlight` when an attempt was on its way. */
function abortError(ctx: CallContext, inFlight: boolean, settings: TransportSettings): OmiError {
  if (ctx.signal?.reason === DEADLINE) {
    const when = inFlight ? `during attempt ${ctx.attempts}` : ctx.waitingOn ? `while waiting for ${ctx.waitingOn}` : "";
    return deadlineError(ctx, settings, when, inFlight);
  }
  const call = errorCall(ctx, { kind: "abort", inFlight });
  const during = call.outcomeUnknown
    ? " while the write was in flight"
    : ctx.waitingOn
      ? ` while waiting for ${ctx.waitingOn}`
      : "";
  return new OmiAbortError(`${callName(ctx)}: The call was aborted by its signal${during}`, {
    ...call,
    cause: ctx.signal?.reason,
  });
}

// A wait (a slot, a rate budget, a backoff) rejects only when the caller's signal aborts, with its reason.
function abortedOr(error: unknown, ctx: CallContext, settings: TransportSettings): unknown {
  return ctx.signal?.aborted ? abortError(ctx, false, settings) : error;
}

/**
 * The error for a non-2xx response to a helper call: its status's class, with
 * the call's context and `outcomeUnknown` as the retry rules decide it.
 */
export function responseError(response: ReadResponse<string>, ctx: CallContext, redact: Redactor): OmiApiError {
  const call = errorCall(ctx, { kind: "status", response });
  return errorFromResponse({ ...response, retryAfterMs: ctx.retryAfterMs }, response.body, call, redact);
}

/**
 * The JSON body of a 2xx response, or `undefined` for 204/205. Anything else
 * that is not well-formed JSON (an empty body, an HTML page, a wrong content
 * type) is an {@link OmiInvalidResponseError} with an excerpt of the body.
 */
export function parseSuccessBody(response: ResponseHead, text: string | undefined, ctx: CallContext, redact: Redactor): unknown {
  if (response.status === 204 || response.status === 205) return undefined;
  const rawType = response.headers.get("content-type");
  const fail = (what: string, cause?: unknown) =>
    new OmiInvalidResponseError(`${callName(ctx)} answered ${response.status} with ${what}`, {
      ...errorCall(ctx, { kind: "unreadable" }),
      status: response.status,
      contentType: rawType === null ? undefined : redact(rawType),
      bodyExcerpt: excerpt(text ?? "", redact),
      cause,
    });
  if (!text) throw fail("an empty body where JSON was expected");
  if (!rawType || !/[/+]json\b/i.test(rawType))
    throw fail(`content type ${rawType ? redact(rawType) : "(none)"} instead of JSON`);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw fail("malformed JSON", redactError(error, redact));
  }
}

/**
 * The error for a 2xx answer that was well-formed JSON but not what the helper
 * needs to go on (a list, a batch's result field, a listing that moves with
 * `offset`). `ctx` is the call that brought the answer.
 */
export function unexpectedResult(message: string, ctx: CallContext): OmiInvalidResponseError {
  return new OmiInvalidResponseError(message, {
    ...errorCall(ctx, { kind: "unreadable" }),
    status: 200,
    contentType: undefined,
    bodyExcerpt: "",
  });
}

// A hook must not change how a call ends, as a logger must not: what it throws, or rejects with, is dropped.
function notify<Event>(hook: (event: Event) => void, event: Event): void {
  try {
    const returned = hook(event) as unknown;
    if (returned instanceof Promise) returned.catch(() => undefined);
  } catch {
    // Ignored: the retry goes ahead.
  }
}

function discardBody(response: Response): void {
  response.body?.cancel().catch(() => undefined);
}

function logAttempt(ctx: CallContext, settings: TransportSettings, result: AttemptResult, elapsedMs: number): void {
  if (!settings.log.enabled("debug")) return;
  const outcome = result.response
    ? String(result.response.status)
    : result.failure.kind === "timeout"
      ? "OmiTimeoutError"
      : "OmiConnectionError";
  settings.log.write("debug", `${ctx.method} ${ctx.path} → ${outcome}`, {
    operationId: ctx.operationId,
    attempt: ctx.attempts,
    maxAttempts: ctx.maxRetries + 1,
    elapsedMs: Math.round(elapsedMs),
    requestId: ctx.requestId,
  });
}
