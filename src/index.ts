/**
 * Typed client of the Omi Developer API (memories, conversations, folders,
 * action items, goals and API keys), generated from its OpenAPI document.
 *
 * What a user of the client needs, and nothing else: the client and its
 * options, the helpers' and the API's types, the errors, and `VERSION`. The
 * generator's tables and the errors' constructor arguments are in
 * `omi-developer-api/internal` (src/internal/index.ts), outside semver.
 *
 * @packageDocumentation
 */
export { createOmiClient, type OmiClient } from "./client.js";
export type {
  OmiClientOptions,
  CredentialSource,
  FetchOptions,
  RateLimitWaitEvent,
  RetryBackoffOptions,
  RetryEvent,
} from "./core/options.js";
export type { BatchCountWarning, Logger, LogLevel } from "./core/logger.js";
export type { CallOutcome, CallRecord } from "./core/call-record.js";
export type {
  OperationBody,
  OperationId,
  OperationItem,
  OperationPathParams,
  OperationQuery,
  OperationResult,
  OmiPromise,
  Page,
  PaginationOptions,
  PollOptions,
  RequestOptions,
  WithResponse,
} from "./core/operation-types.js";
export {
  OmiError,
  OmiApiError,
  BadRequestError,
  AuthenticationError,
  PaymentRequiredError,
  PermissionDeniedError,
  NotFoundError,
  ConflictError,
  UnprocessableEntityError,
  RateLimitError,
  InternalServerError,
  OmiConnectionError,
  OmiTimeoutError,
  OmiAbortError,
  OmiConfigurationError,
  OmiInputError,
  OmiInvalidResponseError,
  OmiListIncompleteError,
  OmiListTruncatedError,
  OmiBatchError,
  type ListIncompleteReason,
  type ErrorDetail,
  type ValidationIssue,
  type OmiBatchErrorOf,
} from "./core/errors.js";
export { VERSION } from "../generated/version.js";
export type * from "../generated/helpers.js";
export type * from "../generated/schemas.js";
export type { components, operations, paths } from "../generated/openapi.js";
