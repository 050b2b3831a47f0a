import { AuthenticationError } from "../core/errors/authentication-error.js";
import { BadRequestError } from "../core/errors/bad-request-error.js";
import { ConflictError } from "../core/errors/conflict-error.js";
import { InternalServerError } from "../core/errors/internal-server-error.js";
import { NotFoundError } from "../core/errors/not-found-error.js";
import { OmiApiError } from "../core/errors/omi-api-error.js";
import { PaymentRequiredError } from "../core/errors/payment-required-error.js";
import { PermissionDeniedError } from "../core/errors/permission-denied-error.js";
import { RateLimitError } from "../core/errors/rate-limit-error.js";
import { UnprocessableEntityError } from "../core/errors/unprocessable-entity-error.js";

const byStatus: Record<number, typeof OmiApiError> = {
  400: BadRequestError,
  401: AuthenticationError,
  402: PaymentRequiredError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  422: UnprocessableEntityError,
  429: RateLimitError,
};

/** The error class the client throws for an HTTP status outside 2xx. */
export function errorClassFor(status: number): typeof OmiApiError {
  return byStatus[status] ?? (status >= 500 ? InternalServerError : OmiApiError);
}
