/**
 * The whole comparison: match the operations of two OpenAPI documents and compare each pair.
 */
import { collectOperations, HTTP_METHODS, type OperationInfo } from "./collect-operations.js";
import { compareOperation, type OperationComparison } from "./compare-operations.js";
import { SchemaNormaliser } from "./normalise-schema.js";
import { RefResolver } from "./resolve-refs.js";
import { asObject, type ChangeDraft, type DiffOptions, type SpecChange } from "./types.js";

/** The changes between two documents plus diagnostics about references that could not be followed. */
export interface DiffResult {
  /** The changes, grouped by operation (operations sorted by path, then method). */
  changes: SpecChange[];
  /** `$ref`s of the base document that could not be followed. */
  unresolvedBaseRefs: string[];
  /** `$ref`s of the other document that could not be followed. */
  unresolvedOtherRefs: string[];
}

function methodRank(method: string): number {
  const index = (HTTP_METHODS as readonly string[]).indexOf(method.toLowerCase());
  return index < 0 ? HTTP_METHODS.length : index;
}

function byPathThenMethod(a: OperationInfo, b: OperationInfo): number {
  if (a.path !== b.path) return a.path < b.path ? -1 : 1;
  return methodRank(a.method) - methodRank(b.method);
}

/**
 * Compares two OpenAPI documents and returns the changes plus reference diagnostics.
 * @param base - The current document ("old").
 * @param other - The newer document ("new"): the changes say what adopting it would change.
 */
export function diffDocuments(base: object, other: object, options: DiffOptions = {}): DiffResult {
  const baseDoc = asObject(base);
  const otherDoc = asObject(other);
  const resolvers = { base: new RefResolver(baseDoc), other: new RefResolver(otherDoc) };
  const before = collectOperations(baseDoc, resolvers.base);
  const after = collectOperations(otherDoc, resolvers.other);
  const changes: SpecChange[] = [];

  const keys = [...new Set([...before.keys(), ...after.keys()])];
  const sortInfo = (key: string): OperationInfo => {
    const info = after.get(key) ?? before.get(key);
    if (!info) throw new Error(`internal: no operation for ${key}`);
    return info;
  };
  keys.sort((a, b) => byPathThenMethod(sortInfo(a), sortInfo(b)));

  const baseNormaliser = new SchemaNormaliser(resolvers.base);
  const otherNormaliser = new SchemaNormaliser(resolvers.other);
  for (const key of keys) {
    const oldOp = before.get(key);
    const newOp = after.get(key);
    const shown = newOp ?? oldOp;
    if (!shown) continue;
    const operation = `${shown.method} ${shown.path}`;
    const operationId = newOp?.operationId ?? oldOp?.operationId;
    const emit = (draft: ChangeDraft): void => {
      const change: SpecChange = {
        kind: draft.kind,
        breaking: draft.severity === "breaking",
        severity: draft.severity,
        operation,
        ...(operationId === undefined ? {} : { operationId }),
        location: draft.location,
        aspect: draft.aspect,
        ...(draft.before === undefined ? {} : { before: draft.before }),
        ...(draft.after === undefined ? {} : { after: draft.after }),
        message: draft.message,
      };
      changes.push(change);
    };
    if (!oldOp) {
      emit({ kind: "added", severity: "info", aspect: "operation", location: "operation", message: "operation added" });
      continue;
    }
    if (!newOp) {
      emit({ kind: "removed", severity: "breaking", aspect: "operation", location: "operation", message: "operation removed" });
      continue;
    }
    const ctx: OperationComparison = {
      schemas: {
        side: "request",
        base: baseNormaliser,
        other: otherNormaliser,
        verbose: options.verbose === true,
        emit,
      },
      resolvers,
      security: {
        base: { resolver: resolvers.base, schemes: asObject(baseDoc.components).securitySchemes },
        other: { resolver: resolvers.other, schemes: asObject(otherDoc.components).securitySchemes },
      },
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
