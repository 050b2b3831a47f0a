/**
 * Typed client of the Omi Developer API (memories, conversations, folders,
 * action items, goals and API keys), generated from its OpenAPI document.
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
export type {
  BatchSpec,
  BodyRule,
  ExtraRateLimitGroupSpec,
  OperationSpec,
  PaginationSpec,
  PaginationWindows,
  PollSpec,
  ReducedLimit,
} from "./core/operation-spec.js";
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
  type OmiListIncompleteInit,
  type ErrorDetail,
  type ValidationIssue,
  type OmiErrorOptions,
  type OmiApiErrorInit,
  type OmiInvalidResponseInit,
  type OmiBatchErrorInit,
  type OmiBatchErrorOf,
} from "./core/errors.js";
export { operationTable } from "../generated/operations.js";
export { rateLimits } from "../generated/routes.js";
export { VERSION } from "../generated/version.js";
export type * from "../generated/helpers.js";
export type * from "../generated/schemas.js";
export type { components, operations, paths } from "../generated/openapi.js";
