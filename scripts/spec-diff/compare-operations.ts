/**
 * Comparing one operation present in both documents: identity (operationId), documentation,
 * deprecation, security, tags, parameters, request body and responses.
 */
import { reportDeprecation, reportTextChange } from "./classify.js";
import type { OperationInfo } from "./collect-operations.js";
import { compareParameters } from "./compare-parameters.js";
import { compareRequestBody, compareResponses } from "./compare-bodies.js";
import type { SchemaComparison } from "./compare-schemas.js";
import { compareSecurity, type SecurityDocuments } from "./compare-security.js";
import type { RefResolver } from "./resolve-refs.js";
import { asArray, type ChangeSink } from "./types.js";

/** The per-document context an operation comparison needs. */
export interface OperationComparison {
  /** Schema comparison context (normalisers, verbosity, sink). */
  schemas: SchemaComparison;
  /** Resolvers of the base and other documents. */
  resolvers: { base: RefResolver; other: RefResolver };
  /** Security schemes of both documents. */
  security: SecurityDocuments;
}

function compareTags(before: unknown, after: unknown, emit: ChangeSink): void {
  const tags = (list: unknown) => asArray(list).filter((t): t is string => typeof t === "string");
  const [oldTags, newTags] = [tags(before), tags(after)];
  for (const tag of newTags.filter((t) => !oldTags.includes(t))) {
    const message = `tag ${JSON.stringify(tag)} added`;
    emit({ kind: "added", severity: "info", aspect: "tag", location: "tags", message, after: tag });
  }
  for (const tag of oldTags.filter((t) => !newTags.includes(t))) {
    const message = `tag ${JSON.stringify(tag)} removed`;
    emit({ kind: "removed", severity: "info", aspect: "tag", location: "tags", message, before: tag });
  }
}

/** Compares an operation of the base document with the matching operation of the other document. */
export function compareOperation(before: OperationInfo, after: OperationInfo, ctx: OperationComparison): void {
  const { emit, verbose } = ctx.schemas;
  if (before.operationId !== after.operationId) {
    const kind = before.operationId === undefined ? "added" : after.operationId === undefined ? "removed" : "changed";
    const [was, is] = [before.operationId, after.operationId];
    const message = kind === "changed" ? `operationId renamed from ${was ?? ""} to ${is ?? ""}` : `operationId ${kind}`;
    emit({ kind, severity: "info", aspect: "operationId", location: "operationId", message, before: was, after: is });
  }
  if (verbose) {
    reportTextChange(emit, "summary", "summary", "summary changed", before.operation.summary, after.operation.summary);
    const [a, b] = [before.operation.description, after.operation.description];
    reportTextChange(emit, "description", "description", "description changed", a, b);
  }
  reportDeprecation(emit, "operation", "operation", before.operation.deprecated === true, after.operation.deprecated === true);
  compareSecurity(before.security, after.security, ctx.security, emit);
  compareTags(before.operation.tags, after.operation.tags, emit);
  compareParameters(before.parameters, after.parameters, ctx.schemas);
  compareRequestBody(before.requestBody, after.requestBody, ctx.schemas);
  compareResponses(before.responses, after.responses, ctx.resolvers, ctx.schemas);
}
