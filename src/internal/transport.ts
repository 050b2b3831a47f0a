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
import type { RetryEvent } from "../core/options.js";
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
  for (;;) {
    if (ctx.signal?.aborted) throw abortError(ctx, false);
    // Waiting for a slot or a rate budget is not an attempt: count and time only what is sent.
    const waiting = settings.acquire?.(ctx);
    const release = waiting && (await waiting.catch((error: unknown) => Promise.reject(abortedOr(error, ctx))));
    if (ctx.signal?.aborted) {
      release?.();
      throw abortError(ctx, false);
    }
    ctx.attempts += 1;
    const started = settings.now();
    let result: AttemptResult & { response?: ReadResponse<Body> };
    try {
      result = { response: await attempt(send, read, ctx, settings) };
      settings.observe?.(ctx, result.response);
    } catch (failure) {
      if (ctx.signal?.aborted) throw abortError(ctx, true);
      result = { failure: failure as AttemptFailure };
    } finally {
      release?.();
    }
    logAttempt(ctx, settings, result, settings.now() - started);
    if (result.response && result.response.status < 300) return result.response; // no retry rule applies to a success
    const decision = decideRetry(result, ctx, settings);
    if (!decision.retry) {
      if (result.failure) throw failureError(result.failure, ctx);
      return result.response as ReadResponse<Body>;
    }
    settings.log.write("warn", `retrying ${ctx.method} ${ctx.path} in ${decision.delayMs} ms (${decision.reason})`, {
      attempt: ctx.attempts,
      maxRetries: ctx.maxRetries,
    });
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
    await settings.sleep(decision.delayMs, ctx.signal).catch((error: unknown) => Promise.reject(abortedOr(error, ctx)));
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
        const message = `no complete response within ${ctx.timeoutMs} ms (the timeoutMs option allows more)`;
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
function failureError(failure: AttemptFailure, ctx: CallContext): OmiError {
  const call = errorCall(ctx, failure);
  const message = `${callName(ctx)}: ${failure.message}`;
  return failure.kind === "timeout"
    ? new OmiTimeoutError(message, ctx.timeoutMs, { ...call, cause: failure.cause })
    : new OmiConnectionError(message, failure.reachedServer, { ...call, cause: failure.cause });
}

/** The error of a call its caller aborted; `inFlight` when an attempt was on its way. */
function abortError(ctx: CallContext, inFlight: boolean): OmiAbortError {
  const call = errorCall(ctx, { kind: "abort", inFlight });
  const message = `${callName(ctx)}: The call was aborted by its signal${call.outcomeUnknown ? " while the write was in flight" : ""}`;
  return new OmiAbortError(message, { ...call, cause: ctx.signal?.reason });
}

// A wait (a slot, a rate budget, a backoff) rejects only when the caller's signal aborts, with its reason.
function abortedOr(error: unknown, ctx: CallContext): unknown {
  return ctx.signal?.aborted ? abortError(ctx, false) : error;
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
function notify(hook: (event: RetryEvent) => void, event: RetryEvent): void {
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
