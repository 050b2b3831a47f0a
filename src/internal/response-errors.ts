import type { ErrorDetail, OmiApiError } from "../core/errors/omi-api-error.js";
import type { OmiError } from "../core/errors/omi-error.js";
import { OmiInvalidResponseError } from "../core/errors/omi-invalid-response-error.js";
import type { CallContext } from "./call-context.js";
import { redactDeep, redactError, type Redactor } from "./redaction.js";
import { parseRetryAfter } from "./retry-after.js";
import { outcomeUnknown, refusedBeforeHandler, type ResponseHead } from "./retry-policy.js";
import { errorClassFor } from "./status-errors.js";

const EXCERPT_LENGTH = 200;

/** A short, redacted, single-line excerpt of a response body for error messages. */
export function excerpt(text: string, redact: Redactor): string {
  const flat = redact(text).replace(/\s+/g, " ").trim();
  return flat.length > EXCERPT_LENGTH ? `${flat.slice(0, EXCERPT_LENGTH)}…` : flat;
}

/**
 * The error for a non-2xx response: the status's {@link OmiApiError} subclass, or,
 * for a 5xx answer to a write that is not safe to replay (other than the 503 the
 * rate limiter raises before the handler), an `OmiOutcomeUnknownError`
 * whose `cause` is that error. `errorBody` is the body as {@link parseErrorBody}
 * reads it: parsed JSON, or the raw text when it was not JSON.
 */
export function errorFromResponse(
  response: ResponseHead,
  errorBody: unknown,
  ctx: CallContext,
  redact: Redactor,
  now: number,
): OmiError {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (name !== "set-cookie") headers[name] = redact(value);
  });
  const detail =
    errorBody && typeof errorBody === "object" && "detail" in errorBody ? (errorBody as { detail: unknown }).detail : undefined;
  const raw =
    typeof errorBody === "string"
      ? errorBody
      : detail === undefined && errorBody !== undefined
        ? JSON.stringify(errorBody)
        : undefined;
  const ErrorClass = errorClassFor(response.status);
  const error: OmiApiError = new ErrorClass({
    status: response.status,
    detail: detail === undefined ? undefined : redactDeep(detail as ErrorDetail, redact),
    headers,
    operationId: ctx.operationId,
    method: ctx.method,
    path: ctx.path,
    bodyExcerpt: raw ? excerpt(raw, redact) : undefined,
    retryAfterMs: response.status === 429 ? parseRetryAfter(response.headers.get("retry-after"), now) : undefined,
  });
  error.attempts = ctx.attempts;
  error.requestId = ctx.requestId;
  // A 503 from the rate limiter came before the handler: nothing was applied, the outcome is known.
  if (response.status >= 500 && !ctx.replaySafe && !refusedBeforeHandler(response)) {
    return outcomeUnknown(ctx, error, response.status);
  }
  return error;
}

/** An error body: parsed JSON, the raw text when it is not JSON (an HTML page), `undefined` when empty. */
export function parseErrorBody(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/**
 * The JSON body of a 2xx response, or `undefined` for 204/205. Anything else
 * that is not well-formed JSON (an empty body, an HTML page, a wrong content
 * type) is an {@link OmiInvalidResponseError} with an excerpt of the body.
 */
export function parseSuccessBody(response: ResponseHead, text: string | undefined, ctx: CallContext, redact: Redactor): unknown {
  if (response.status === 204 || response.status === 205) return undefined;
  const rawType = response.headers.get("content-type");
  const fail = (what: string, cause?: unknown) => {
    const contentType = rawType === null ? undefined : redact(rawType);
    const error = new OmiInvalidResponseError(
      `${ctx.method} ${ctx.path}${ctx.operationId ? ` (${ctx.operationId})` : ""} answered ${response.status} with ${what}`,
      { status: response.status, contentType, bodyExcerpt: excerpt(text ?? "", redact), operationId: ctx.operationId, cause },
    );
    error.attempts = ctx.attempts;
    error.requestId = ctx.requestId;
    return error;
  };
  if (!text) throw fail("an empty body where JSON was expected");
  if (!rawType || !/[/+]json\b/i.test(rawType))
    throw fail(`content type ${rawType ? redact(rawType) : "(none)"} instead of JSON`);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw fail("malformed JSON", redactError(error, redact));
  }
}
