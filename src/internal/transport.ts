import type { RetryEvent } from "../core/options.js";
import { abortError, DEADLINE, deadlineError, failureError } from "./answers.js";
import type { Gate } from "./budgets.js";
import type { CallContext } from "./call-context.js";
import { notify, type Log } from "./log.js";
import { redactError, type Redactor } from "./redaction.js";
import {
  connectionFailure,
  decideRetry,
  parseRetryAfter,
  type AttemptFailure,
  type AttemptResult,
  type ReadResponse,
  type RetrySettings,
} from "./retries.js";

// Sends the attempts of a call: each with its own timeout, after the gate lets it go, with
// the retry rules' waits between them, within the call's deadline. The errors it throws are
// made by ./answers.js.

/** What the transport needs from the client. */
export interface TransportSettings extends RetrySettings {
  fetch: typeof fetch;
  log: Log;
  redact: Redactor;
  sleep(ms: number, signal: AbortSignal | undefined): Promise<void>;
  /** Holds each attempt until the rate budgets and the concurrency limit let it go, and learns from each response. */
  gate?: Gate | undefined;
  /** The client's `onRetry` hook. */
  onRetry?: ((event: RetryEvent) => void) | undefined;
}

/** Sends one attempt of a call with the attempt's signal (the body must be sendable again). */
export type SendAttempt = (signal: AbortSignal) => Promise<Response>;

/**
 * Sends a call with the retry rules of {@link decideRetry}: each attempt gets
 * its own timeout, which covers reading the whole body with `read` (so a slow
 * or cut body is caught here, and a read can be retried), the caller's signal
 * stops everything at once, and `send` sends the whole request each time.
 * A non-2xx answer that is not retried is returned; a call that ends without
 * an answer throws its typed error.
 */
export async function sendWithRetries<Body>(
  send: SendAttempt,
  read: (response: Response) => Promise<Body>,
  ctx: CallContext,
  settings: TransportSettings,
): Promise<ReadResponse<Body>> {
  ctx.startedAt = settings.now();
  const caller = ctx.signal;
  let endDeadline: (() => void) | undefined;
  if (ctx.deadlineMs !== undefined) {
    // The deadline stops every attempt and wait as the caller's signal would: the call runs on
    // a signal that either aborts, and the deadline's abort is told apart by its reason.
    ctx.deadlineAt = ctx.startedAt + ctx.deadlineMs;
    const controller = new AbortController();
    const onCallerAbort = () => controller.abort(caller?.reason);
    if (caller?.aborted) onCallerAbort();
    else caller?.addEventListener("abort", onCallerAbort, { once: true });
    const timer = setTimeout(() => controller.abort(DEADLINE), ctx.deadlineMs);
    ctx.signal = controller.signal;
    endDeadline = () => {
      clearTimeout(timer);
      caller?.removeEventListener("abort", onCallerAbort);
      ctx.signal = caller;
    };
  }
  try {
    for (;;) {
      if (ctx.signal?.aborted) throw abortError(ctx, false);
      // Waiting for a slot or a rate budget is not an attempt: count and time only what is sent.
      const waiting = settings.gate?.acquire(ctx);
      const release = waiting && (await waiting.catch((error: unknown) => Promise.reject(abortedOr(error, ctx))));
      ctx.waitingOn = undefined;
      if (ctx.signal?.aborted) {
        release?.();
        throw abortError(ctx, false);
      }
      ctx.attempts += 1;
      const started = settings.now();
      let result: AttemptResult & { response?: ReadResponse<Body> };
      try {
        result = { response: await attempt(send, read, ctx, settings) };
        settings.gate?.observe(ctx, result.response);
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
        if (result.failure) throw failureError(result.failure, ctx, settings.now());
        return result.response as ReadResponse<Body>;
      }
      const waitFor = `${decision.delayMs} ms before attempt ${ctx.attempts + 1}`;
      // Waiting past the deadline would only end in its error: it is said now, with what the wait was for.
      if (ctx.deadlineAt !== undefined && settings.now() + decision.delayMs >= ctx.deadlineAt) {
        throw deadlineError(ctx, `before the wait of ${waitFor} (${decision.reason})`, false);
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
        const status = result.response?.status;
        notify(settings.onRetry, { operationId, method, path, attempt, delayMs, reason: settings.redact(reason), status });
      }
      ctx.waitingOn = `the wait of ${waitFor}`;
      await settings.sleep(decision.delayMs, ctx.signal).catch((error: unknown) => Promise.reject(abortedOr(error, ctx)));
      ctx.waitingOn = undefined;
    }
  } finally {
    endDeadline?.();
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

// A wait (a slot, a rate budget, a backoff) rejects only when the caller's signal aborts, with its reason.
function abortedOr(error: unknown, ctx: CallContext): unknown {
  return ctx.signal?.aborted ? abortError(ctx, false) : error;
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
