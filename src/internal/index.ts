/**
 * `omi-developer-api/internal`: what the client is built from, for tools that
 * read the spec's policy as the client does (a proxy that applies the same
 * timeouts, a dashboard of rate-limit groups) or construct the client's errors
 * themselves. Outside semver: these names follow the generator and may change
 * in any release. Users of the client need only `omi-developer-api`.
 *
 * @packageDocumentation
 */
export type {
  BatchSpec,
  BodyRule,
  ExtraRateLimitGroupSpec,
  OperationSpec,
  PaginationSpec,
  PaginationWindows,
  PollSpec,
  ReducedLimit,
} from "../core/operation-spec.js";
export type { OptionalFields } from "../core/call-record.js";
export type {
  OmiApiErrorInit,
  OmiBatchErrorInit,
  OmiErrorOptions,
  OmiInvalidResponseInit,
  OmiListIncompleteInit,
} from "../core/errors.js";
export { operationTable } from "../../generated/operations.js";
export { rateLimits } from "../../generated/routes.js";
