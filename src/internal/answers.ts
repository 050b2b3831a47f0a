import type { CallOutcome, CallRecord } from "../core/call-record.js";
import {
  errorClassFor,
  OmiAbortError,
  OmiConnectionError,
  OmiInvalidResponseError,
  OmiTimeoutError,
  type ErrorDetail,
  type OmiApiError,
  type OmiError,
} from "../core/errors.js";
import type { CallContext } from "./call-context.js";
import { redactDeep, redactError, type Redactor } from "./redaction.js";
import { outcomeUnknown, type AttemptFailure, type Ending, type ReadResponse, type ResponseHead } from "./retries.js";

// How a call ends: its answer turned into a result (a 2xx body parsed) or into its typed error,
// and the errors of calls that end without an answer (timeouts, cut connections, aborts,
// deadlines). Every error is made here, whole, from the call's context.

/** The call an error is about, and what the client knew of it when the error was made. */
export interface ErrorCall extends CallRecord, CallOutcome {
  /** Whether the write may have taken effect, as the retry rules decide it. */
  outcomeUnknown: boolean;
}

/** What an error about the call gets from it at construction, with its `outcomeUnknown`. */
export function errorCall(ctx: CallContext, ending: Ending): ErrorCall {
  const { operationId, method, path, attempts, requestId, idempotencyKey } = ctx;
  return { operationId, method, path, attempts, requestId, idempotencyKey, outcomeUnknown: outcomeUnknown(ctx, ending) };
}

/** The call as messages name it: method, path and operationId. */
function callName(ctx: CallRecord): string {
  return `${ctx.method} ${ctx.path}${ctx.operationId ? ` (${ctx.operationId})` : ""}`;
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

/**
 * The error for a non-2xx response to a helper call: its status's class, with
 * the call's context and `outcomeUnknown` as the retry rules decide it.
 */
export function responseError(response: ReadResponse<string>, ctx: CallContext, redact: Redactor): OmiApiError {
  const call = errorCall(ctx, { kind: "status", response });
  return errorFromResponse({ ...response, retryAfterMs: ctx.retryAfterMs }, response.body, call, redact);
}

/** The parts of a non-2xx response {@link errorFromResponse} reads. */
export interface ErrorResponse {
  status: number;
  headers: Headers;
  /** The `Retry-After` hint in ms, parsed once when the response arrived. */
  retryAfterMs?: number | undefined;
}

/**
 * The error for a non-2xx response: its status's {@link OmiApiError} subclass
 * (writes included), made whole with what the client knew of the call. `body`
 * is the response text: its JSON `detail` when it has one, else an excerpt.
 */
export function errorFromResponse(
  response: ErrorResponse,
  body: string | undefined,
  call: ErrorCall,
  redact: Redactor,
): OmiApiError {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (name !== "set-cookie") headers[name] = redact(value);
  });
  const parsed = parseErrorBody(body);
  const detail = parsed && typeof parsed === "object" && "detail" in parsed ? (parsed as { detail: unknown }).detail : undefined;
  const raw =
    typeof parsed === "string" ? parsed : detail === undefined && parsed !== undefined ? JSON.stringify(parsed) : undefined;
  const ErrorClass = errorClassFor(response.status);
  return new ErrorClass({
    ...call,
    status: response.status,
    detail: detail === undefined ? undefined : redactDeep(detail as ErrorDetail, redact),
    headers,
    bodyExcerpt: raw ? excerpt(raw, redact) : undefined,
    retryAfterMs: response.status === 429 ? response.retryAfterMs : undefined,
  });
}

/** An error body: parsed JSON, the raw text when it is not JSON (an HTML page), `undefined` when empty. */
function parseErrorBody(text: string | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

const EXCERPT_LENGTH = 200;

/** A short, redacted, single-line excerpt of a response body for error messages. */
export function excerpt(text: string, redact: Redactor): string {
  const flat = redact(text).replace(/\s+/g, " ").trim();
  return flat.length > EXCERPT_LENGTH ? `${flat.slice(0, EXCERPT_LENGTH)}…` : flat;
}

/** The reason a call's own signal aborts with when its deadline passes. */
export const DEADLINE = Symbol("deadline");

/** The error of an attempt that failed without a whole response. */
export function failureError(failure: AttemptFailure, ctx: CallContext, now: number): OmiError {
  const call = errorCall(ctx, failure);
  if (failure.kind !== "timeout") {
    return new OmiConnectionError(`${callName(ctx)}: ${failure.message}`, failure.reachedServer, {
      ...call,
      cause: failure.cause,
    });
  }
  const message = `${callName(ctx)}: ${failure.message}, ${overall(ctx, now)}`;
  return new OmiTimeoutError(message, ctx.timeoutMs, { ...call, cause: failure.cause });
}

/** The whole call's figures for a timeout's message: attempts, time in all, and the deadline or how to set one. */
function overall(ctx: CallContext, now: number): string {
  const elapsed = now - (ctx.startedAt ?? now);
  const attempts = `${ctx.attempts} attempt${ctx.attempts === 1 ? "" : "s"} and ${Math.round(elapsed)} ms in all`;
  return ctx.deadlineMs === undefined
    ? `after ${attempts} (the deadlineMs option limits the whole call)`
    : `after ${attempts}, within the call's deadline of ${ctx.deadlineMs} ms (deadlineMs)`;
}

/** The error of a call whose deadline passed (or would pass before a wait ended); `inFlight` when an attempt was on its way. */
export function deadlineError(ctx: CallContext, when: string, inFlight: boolean): OmiTimeoutError {
  const deadlineMs = ctx.deadlineMs as number;
  const call = errorCall(ctx, inFlight ? { kind: "timeout", message: "", cause: undefined } : { kind: "abort", inFlight });
  const tried = `${ctx.attempts} attempt${ctx.attempts === 1 ? "" : "s"} made, each allowed ${ctx.timeoutMs} ms (timeoutMs)`;
  const message = `${callName(ctx)}: the call's deadline of ${deadlineMs} ms (deadlineMs) passed ${when}; ${tried}`;
  return new OmiTimeoutError(message, deadlineMs, call);
}

/** The error of a call stopped by its signal: its caller's abort, or its deadline; `inFlight` when an attempt was on its way. */
export function abortError(ctx: CallContext, inFlight: boolean): OmiError {
  if (ctx.signal?.reason === DEADLINE) {
    const when = inFlight ? `during attempt ${ctx.attempts}` : ctx.waitingOn ? `while waiting for ${ctx.waitingOn}` : "";
    return deadlineError(ctx, when, inFlight);
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
