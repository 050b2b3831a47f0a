/**
 * The whole comparison: match the operations of two OpenAPI documents and compare each pair.
 */
import { reportDeprecation, reportTextChange } from "./classify.js";
import { collectOperations, HTTP_METHODS, type OperationInfo } from "./collect-operations.js";
import { compareRequestBody, compareResponses } from "./compare-bodies.js";
import { compareParameters } from "./compare-parameters.js";
import type { SchemaComparison } from "./compare-schemas.js";
import { compareSecurity, type SecurityDocuments } from "./compare-security.js";
import { SchemaNormaliser } from "./normalise-schema.js";
import { RefResolver } from "./resolve-refs.js";
import { asArray, asObject, type ChangeDraft, type ChangeSink, type DiffOptions, type SpecChange } from "./types.js";

/** The changes between two documents plus diagnostics about references that could not be followed. */
export interface DiffResult {
  /** The changes, grouped by operation (operations sorted by path, then method). */
  changes: SpecChange[];
  /** `$ref`s of the base document that could not be followed. */
  unresolvedBaseRefs: string[];
  /** `$ref`s of the other document that could not be followed. */
  unresolvedOtherRefs: string[];
}

/**
 * Compares two OpenAPI documents and returns the changes plus reference diagnostics.
 * @param base - The current document ("old").
 * @param other - The newer document ("new"): the changes say what adopting it would change.
 */
export function diffDocuments(base: object, other: object, options: DiffOptions = {}): DiffResult {
  const [baseDoc, otherDoc] = [asObject(base), asObject(other)];
  const resolvers = { base: new RefResolver(baseDoc), other: new RefResolver(otherDoc) };
  const before = collectOperations(baseDoc, resolvers.base);
  const after = collectOperations(otherDoc, resolvers.other);
  // Each operation is shown as the other document writes it when both have it.
  const shown = [...new Set([...before.keys(), ...after.keys()])].map(
    (key) => after.get(key) ?? (before.get(key) as OperationInfo),
  );
  const rank = (info: OperationInfo): number => HTTP_METHODS.indexOf(info.method.toLowerCase() as (typeof HTTP_METHODS)[number]);
  shown.sort((a, b) => (a.path !== b.path ? (a.path < b.path ? -1 : 1) : rank(a) - rank(b)));
  const schemas = { base: new SchemaNormaliser(resolvers.base), other: new SchemaNormaliser(resolvers.other) };
  const security = {
    base: { resolver: resolvers.base, schemes: asObject(baseDoc.components).securitySchemes },
    other: { resolver: resolvers.other, schemes: asObject(otherDoc.components).securitySchemes },
  };
  const changes: SpecChange[] = [];
  for (const { key, method, path } of shown) {
    const [oldOp, newOp] = [before.get(key), after.get(key)];
    const operationId = newOp?.operationId ?? oldOp?.operationId;
    const emit = ({ kind, severity, location, aspect, before: was, after: is, message }: ChangeDraft): void => {
      const id = operationId === undefined ? {} : { operationId };
      const values = { ...(was === undefined ? {} : { before: was }), ...(is === undefined ? {} : { after: is }) };
      changes.push({
        kind,
        breaking: severity === "breaking",
        severity,
        operation: `${method} ${path}`,
        ...id,
        location,
        aspect,
        ...values,
        message,
      });
    };
    if (!oldOp || !newOp) {
      const [kind, severity] = oldOp ? (["removed", "breaking"] as const) : (["added", "info"] as const);
      emit({ kind, severity, aspect: "operation", location: "operation", message: `operation ${kind}` });
      continue;
    }
    const ctx: OperationComparison = {
      schemas: { side: "request", ...schemas, verbose: options.verbose === true, emit },
      resolvers,
      security,
    };
    compareOperation(oldOp, newOp, ctx);
  }
  return {
    changes,
    unresolvedBaseRefs: [...resolvers.base.unresolvedRefs].sort(),
    unresolvedOtherRefs: [...resolvers.other.unresolvedRefs].sort(),
  };
}

/**
 * Compares two OpenAPI 3.x documents operation by operation and field by field.
 * @param base - The current document ("old"), e.g. our spec.
 * @param other - The newer document ("new"); the result says what adopting it would change.
 * @param options - `verbose: true` also reports summary/description changes.
 * @returns The changes, grouped by operation (sorted by path, then method); empty when the
 *   documents describe the same API (component names and descriptions do not matter).
 */
export function diffOpenApi(base: object, other: object, options: DiffOptions = {}): SpecChange[] {
  return diffDocuments(base, other, options).changes;
}

/** The per-document context an operation comparison needs. */
interface OperationComparison {
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

/** Compares an operation of the base document with the matching operation of the other document: its identity, documentation, deprecation, security, tags, parameters, bodies and responses. */
function compareOperation(before: OperationInfo, after: OperationInfo, ctx: OperationComparison): void {
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
