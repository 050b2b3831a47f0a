/**
 * Comparing one operation present in both documents: identity (operationId), documentation,
 * deprecation, security, tags, parameters, request body and responses.
 */
import type { OperationInfo } from "./collect-operations.js";
import { compareParameters } from "./compare-parameters.js";
import { compareRequestBody } from "./compare-request-body.js";
import { compareResponses } from "./compare-responses.js";
import type { SchemaComparison } from "./compare-schemas.js";
import { compareSecurity, type SecurityDocuments } from "./compare-security.js";
import type { RefResolver } from "./resolve-refs.js";
import { asArray, asString, type ChangeSink } from "./types.js";

/** The per-document context an operation comparison needs. */
export interface OperationComparison {
  /** Schema comparison context (normalisers, verbosity, sink). */
  schemas: SchemaComparison;
  /** Resolvers of the base and other documents. */
  resolvers: { base: RefResolver; other: RefResolver };
  /** Security schemes of both documents. */
  security: SecurityDocuments;
}

function compareText(field: "summary" | "description", before: unknown, after: unknown, emit: ChangeSink): void {
  const a = asString(before);
  const b = asString(after);
  if (a === b) return;
  emit({ kind: "changed", severity: "info", aspect: field, location: field, message: `${field} changed`, before: a, after: b });
}

function compareTags(before: unknown, after: unknown, emit: ChangeSink): void {
  const oldTags = asArray(before).filter((t): t is string => typeof t === "string");
  const newTags = asArray(after).filter((t): t is string => typeof t === "string");
  for (const tag of newTags) {
    if (!oldTags.includes(tag)) {
      emit({
        kind: "added",
        severity: "info",
        aspect: "tag",
        location: "tags",
        message: `tag ${JSON.stringify(tag)} added`,
        after: tag,
      });
    }
  }
  for (const tag of oldTags) {
    if (!newTags.includes(tag)) {
      emit({
        kind: "removed",
        severity: "info",
        aspect: "tag",
        location: "tags",
        message: `tag ${JSON.stringify(tag)} removed`,
        before: tag,
      });
    }
  }
}

/** Compares an operation of the base document with the matching operation of the other document. */
export function compareOperation(before: OperationInfo, after: OperationInfo, ctx: OperationComparison): void {
  const { emit, verbose } = ctx.schemas;
  if (before.operationId !== after.operationId) {
    const kind = before.operationId === undefined ? "added" : after.operationId === undefined ? "removed" : "changed";
    emit({
      kind,
      severity: "info",
      aspect: "operationId",
      location: "operationId",
      message:
        kind === "changed"
          ? `operationId renamed from ${before.operationId ?? ""} to ${after.operationId ?? ""}`
          : `operationId ${kind}`,
      before: before.operationId,
      after: after.operationId,
    });
  }
  if (verbose) {
    compareText("summary", before.operation.summary, after.operation.summary, emit);
    compareText("description", before.operation.description, after.operation.description, emit);
  }
  const wasDeprecated = before.operation.deprecated === true;
  const isDeprecated = after.operation.deprecated === true;
  if (wasDeprecated !== isDeprecated) {
    emit({
      kind: "changed",
      severity: isDeprecated ? "warning" : "info",
      aspect: "deprecated",
      location: "operation",
      message: isDeprecated ? "operation deprecated" : "operation no longer deprecated",
      before: wasDeprecated,
      after: isDeprecated,
    });
  }
  compareSecurity(before.security, after.security, ctx.security, emit);
  compareTags(before.operation.tags, after.operation.tags, emit);
  compareParameters(before.parameters, after.parameters, ctx.schemas);
  compareRequestBody(before.requestBody, after.requestBody, ctx.schemas);
  compareResponses(before.responses, after.responses, ctx.resolvers, ctx.schemas);
}
