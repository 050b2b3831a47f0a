import type { OmiError } from "../core/errors/omi-error.js";
import { OmiTimeoutError } from "../core/errors/omi-timeout-error.js";
import type { CallContext } from "./call-context.js";
import { connectionError } from "./fetch-errors.js";
import type { Log } from "./log.js";
import type { Redactor } from "./redact.js";
import { redactError } from "./redact-error.js";
import { decideRetry, type AttemptResult, type RetrySettings } from "./retry-policy.js";
import { abortError } from "./sleep.js";
import { untilAborted } from "./until-aborted.js";

/** What the transport needs from the client. */
export interface TransportSettings extends RetrySettings {
  fetch: typeof fetch;
  log: Log;
  redact: Redactor;
  sleep(ms: number, signal: AbortSignal | undefined): Promise<void>;
  /** Called around each attempt (concurrency and rate budgets); returns the release function. */
  acquire?(ctx: CallContext): Promise<() => void>;
  /** Told about every response, so that rate budgets can slow down after a 429. */
  observe?(ctx: CallContext, response: Response): void;
}

// Statuses whose responses have no body by definition (new Response() refuses one).
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

/**
 * Sends a request with the retry rules of {@link decideRetry}: each attempt gets
 * its own timeout (covering the whole body), the caller's signal stops everything
 * at once, and the body is sent whole on every attempt. Resolves to the final
 * response with its body already read (so a slow or cut body is caught here).
 */
export async function sendWithRetries(request: Request, ctx: CallContext, settings: TransportSettings): Promise<Response> {
  const body = request.body ? await request.arrayBuffer() : undefined;
  for (;;) {
    if (ctx.signal?.aborted) throw withCall(abortError(ctx.signal), ctx);
    // Waiting for a slot or a rate budget is not an attempt: count and time only what is sent.
    const release = settings.acquire
      ? await settings.acquire(ctx).catch((error: OmiError) => Promise.reject(withCall(error, ctx)))
      : undefined;
    if (ctx.signal?.aborted) {
      release?.();
      throw withCall(abortError(ctx.signal), ctx);
    }
    ctx.attempts += 1;
    const started = settings.now();
    let result: AttemptResult;
    try {
      result = { response: await attempt(request, body, ctx, settings) };
      settings.observe?.(ctx, result.response);
    } catch (error) {
      if (ctx.signal?.aborted) throw withCall(abortError(ctx.signal), ctx);
      result = { error: error as OmiError };
    } finally {
      release?.();
    }
    logAttempt(request, ctx, settings, result, settings.now() - started);
    const decision = decideRetry(result, ctx, settings);
    if (!decision.retry) {
      if (decision.error) throw withCall(decision.error, ctx);
      if (result.error) throw withCall(result.error, ctx);
      return result.response;
    }
    settings.log.write("warn", `retrying ${ctx.method} ${ctx.path} in ${decision.delayMs} ms (${decision.reason})`, {
      attempt: ctx.attempts,
      maxRetries: ctx.maxRetries,
    });
    await settings.sleep(decision.delayMs, ctx.signal).catch((error: OmiError) => {
      throw withCall(error, ctx);
    });
  }
}

async function attempt(
  request: Request,
  body: ArrayBuffer | undefined,
  ctx: CallContext,
  settings: TransportSettings,
): Promise<Response> {
  ctx.requestId = undefined; // an id belongs to the attempt whose response carried it
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, ctx.timeoutMs);
  const onCallerAbort = () => controller.abort(ctx.signal?.reason);
  ctx.signal?.addEventListener("abort", onCallerAbort, { once: true });
  try {
    // The signal alone does not always stop fetch (see untilAborted): the race does.
    const fetched = settings.fetch(new Request(request, { body, signal: controller.signal }));
    const response = await untilAborted(fetched, controller.signal, discardBody);
    const requestId = response.headers.get("x-request-id");
    ctx.requestId = requestId === null ? undefined : settings.redact(requestId);
    const buffered = NULL_BODY.has(response.status) ? null : await untilAborted(response.arrayBuffer(), controller.signal);
    return new Response(buffered, { status: response.status, statusText: response.statusText, headers: response.headers });
  } catch (error) {
    if (timedOut) {
      const cause = redactError(error, settings.redact);
      throw new OmiTimeoutError(`No complete response within ${ctx.timeoutMs} ms`, ctx.timeoutMs, cause);
    }
    throw connectionError(error, settings.redact);
  } finally {
    clearTimeout(timer);
    ctx.signal?.removeEventListener("abort", onCallerAbort);
  }
}

// A response that arrived after its attempt was given up: release its connection.
function discardBody(response: Response): void {
  response.body?.cancel().catch(() => undefined);
}

function logAttempt(
  request: Request,
  ctx: CallContext,
  settings: TransportSettings,
  result: AttemptResult,
  elapsedMs: number,
): void {
  if (!settings.log.enabled("debug")) return;
  const outcome = result.response ? String(result.response.status) : result.error.name;
  settings.log.write("debug", `${ctx.method} ${new URL(request.url).pathname} → ${outcome}`, {
    operationId: ctx.operationId,
    attempt: ctx.attempts,
    maxAttempts: ctx.maxRetries + 1,
    elapsedMs: Math.round(elapsedMs),
    requestId: ctx.requestId,
  });
}

function withCall<E extends OmiError>(error: E, ctx: CallContext): E {
  error.attempts = ctx.attempts;
  error.requestId ??= ctx.requestId;
  return error;
}
