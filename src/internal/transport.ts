import type { OmiError } from "../core/errors/omi-error.js";
import type { RetryEvent } from "../core/options.js";
import { OmiOutcomeUnknownError } from "../core/errors/omi-outcome-unknown-error.js";
import { OmiTimeoutError } from "../core/errors/omi-timeout-error.js";
import type { CallContext } from "./call-context.js";
import { connectionError } from "./fetch-errors.js";
import type { Log } from "./log.js";
import { redactError, type Redactor } from "./redaction.js";
import { decideRetry, type AttemptResult, type ResponseHead, type RetrySettings } from "./retry-policy.js";
import { abortError } from "./sleep.js";

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

/**
 * Sends a call with the retry rules of {@link decideRetry}: each attempt gets
 * its own timeout, which covers reading the whole body with `read` (so a slow
 * or cut body is caught here, and a read can be retried), the caller's signal
 * stops everything at once, and `send` sends the whole request each time.
 */
export async function sendWithRetries<Body>(
  send: SendAttempt,
  read: (response: Response) => Promise<Body>,
  ctx: CallContext,
  settings: TransportSettings,
): Promise<ReadResponse<Body>> {
  for (;;) {
    if (ctx.signal?.aborted) throw withCall(abortError(ctx.signal), ctx);
    // Waiting for a slot or a rate budget is not an attempt: count and time only what is sent.
    const waiting = settings.acquire?.(ctx);
    const release = waiting && (await waiting.catch((error: OmiError) => Promise.reject(withCall(error, ctx))));
    if (ctx.signal?.aborted) {
      release?.();
      throw withCall(abortError(ctx.signal), ctx);
    }
    ctx.attempts += 1;
    const started = settings.now();
    let result: AttemptResult & { response?: ReadResponse<Body> };
    try {
      result = { response: await attempt(send, read, ctx, settings) };
      settings.observe?.(ctx, result.response);
    } catch (error) {
      if (ctx.signal?.aborted) throw withCall(abortError(ctx.signal, !ctx.replaySafe), ctx);
      result = { error: error as OmiError };
    } finally {
      release?.();
    }
    logAttempt(ctx, settings, result, settings.now() - started);
    if (result.response && result.response.status < 300) return result.response; // no retry rule applies to a success
    const decision = decideRetry(result, ctx, settings);
    if (!decision.retry) {
      if (decision.error) throw withCall(decision.error, ctx);
      if (result.error) throw withCall(result.error, ctx);
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
    await settings.sleep(decision.delayMs, ctx.signal).catch((error: OmiError) => {
      throw withCall(error, ctx);
    });
  }
}

/**
 * One attempt: settles with the whole response, or rejects as soon as its timer
 * fires or the caller aborts, even when `fetch` ignores the aborted signal (Node's
 * fetch can leave a request that was still waiting for a connection pending forever).
 */
function attempt<Body>(
  send: SendAttempt,
  read: (response: Response) => Promise<Body>,
  ctx: CallContext,
  settings: TransportSettings,
): Promise<ReadResponse<Body>> {
  ctx.requestId = undefined; // an id belongs to the attempt whose response carried it
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
        const cause = redactError(error, settings.redact);
        const message = `no complete response within ${ctx.timeoutMs} ms (the timeoutMs option allows more)`;
        reject(new OmiTimeoutError(message, ctx.timeoutMs, cause));
      } else reject(connectionError(error, settings.redact));
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
  const outcome = result.response ? String(result.response.status) : result.error.name;
  settings.log.write("debug", `${ctx.method} ${ctx.path} → ${outcome}`, {
    operationId: ctx.operationId,
    attempt: ctx.attempts,
    maxAttempts: ctx.maxRetries + 1,
    elapsedMs: Math.round(elapsedMs),
    requestId: ctx.requestId,
  });
}

// Errors without a response (timeouts, lost connections, aborts) are made without the call
// at hand: name it at the front of the message, once (an outcome-unknown error names it already).
function withCall<E extends OmiError>(error: E, ctx: CallContext): E {
  error.attempts = ctx.attempts;
  error.requestId ??= ctx.requestId;
  const call = `${ctx.method} ${ctx.path}${ctx.operationId ? ` (${ctx.operationId})` : ""}`;
  if (!(error instanceof OmiOutcomeUnknownError) && !error.message.startsWith(call)) error.message = `${call}: ${error.message}`;
  return error;
}
