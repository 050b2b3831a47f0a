/**
 * Typed client of the Omi Developer API (memories, conversations, folders,
 * action items, goals and API keys), generated from its OpenAPI document.
 *
 * @packageDocumentation
 */
export { createOmiClient, type OmiClient } from "./client.js";
export type { OmiClientOptions, CredentialSource } from "./core/options.js";
export type { Logger, LogLevel } from "./core/logger.js";
export type {
  OperationBody,
  OperationId,
  OperationItem,
  OperationPathParams,
  OperationQuery,
  OperationResult,
  RequestOptions,
} from "./core/operation-types.js";
export type { OperationSpec } from "./core/operation-spec.js";
export * from "./core/errors/index.js";
export { operationTable, type OperationTable } from "../generated/operations.js";
export type * from "../generated/helpers.js";
export type * from "../generated/openapi.js";
