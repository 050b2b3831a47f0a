import { OmiInvalidResponseError } from "../core/errors/omi-invalid-response-error.js";

/**
 * The error for a 2xx answer that was well-formed JSON but not what the helper
 * needs to go on (a list, a batch's result field, a listing that moves with `offset`).
 * `call` is the request that brought the answer: its attempts and request id.
 */
export function unexpectedResult(
  operationId: string,
  message: string,
  call: { attempts: number; requestId: string | undefined },
): OmiInvalidResponseError {
  const error = new OmiInvalidResponseError(message, { status: 200, contentType: undefined, bodyExcerpt: "", operationId });
  error.attempts = call.attempts;
  error.requestId = call.requestId;
  return error;
}
