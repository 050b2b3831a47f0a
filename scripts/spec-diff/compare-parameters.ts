/**
 * Comparing the parameters of one operation across documents. Parameters are matched by location
 * and name (header names case-insensitively, path parameters by position in the path template);
 * a parameter whose name survives but whose location changed is reported as moved.
 */
import { reportDeprecation, reportTextChange } from "./classify.js";
import type { ParameterInfo } from "./collect-operations.js";
import { compareSchemas, type SchemaComparison } from "./compare-schemas.js";

function describeParameter(cmp: SchemaComparison, side: "base" | "other", param: ParameterInfo): string {
  const normaliser = side === "base" ? cmp.base : cmp.other;
  return normaliser.describe(param.schema);
}

/**
 * Compares two parameter lists (always request side: the client sends parameters).
 * @param cmp - Comparison context; its `side` is ignored (parameters are always request-side).
 */
export function compareParameters(oldParams: ParameterInfo[], newParams: ParameterInfo[], cmp: SchemaComparison): void {
  const request: SchemaComparison = { ...cmp, side: "request" };
  const { emit } = cmp;
  const oldByKey = new Map(oldParams.map((p) => [p.key, p]));
  const newByKey = new Map(newParams.map((p) => [p.key, p]));
  const pairs: [ParameterInfo, ParameterInfo][] = [];
  const unmatchedOld = oldParams.filter((p) => !newByKey.has(p.key));
  const unmatchedNew = newParams.filter((p) => !oldByKey.has(p.key));
  for (const p of oldParams) {
    const match = newByKey.get(p.key);
    if (match) pairs.push([p, match]);
  }
  // Same name, different location: a move rather than a removal plus an addition.
  for (const p of [...unmatchedOld]) {
    const index = unmatchedNew.findIndex((q) => q.name.toLowerCase() === p.name.toLowerCase());
    if (index < 0) continue;
    const [q] = unmatchedNew.splice(index, 1);
    if (!q) continue;
    unmatchedOld.splice(unmatchedOld.indexOf(p), 1);
    emit({
      kind: "changed",
      severity: "breaking",
      aspect: "parameter",
      location: q.location,
      message: `parameter moved from ${p.in} to ${q.in}`,
      before: p.in,
      after: q.in,
    });
    pairs.push([p, q]);
  }

  for (const p of unmatchedOld) {
    const label = describeParameter(cmp, "base", p);
    emit({
      kind: "removed",
      severity: "breaking",
      aspect: "parameter",
      location: p.location,
      message: `${p.required ? "required" : "optional"} ${p.in} parameter removed (${label})`,
      before: label,
    });
  }
  for (const q of unmatchedNew) {
    const label = describeParameter(cmp, "other", q);
    emit({
      kind: "added",
      severity: q.required ? "breaking" : "info",
      aspect: "parameter",
      location: q.location,
      message: `${q.required ? "required" : "optional"} ${q.in} parameter added (${label})`,
      after: label,
    });
  }

  for (const [p, q] of pairs) {
    if (p.in === "path" && q.in === "path" && p.name !== q.name) {
      emit({
        kind: "changed",
        severity: "info",
        aspect: "parameter",
        location: q.location,
        message: `path parameter renamed from {${p.name}} to {${q.name}} (same position)`,
        before: p.name,
        after: q.name,
      });
    }
    if (p.required !== q.required) {
      emit({
        kind: "changed",
        severity: q.required ? "breaking" : "info",
        aspect: "required",
        location: q.location,
        message: q.required ? "parameter became required" : "parameter became optional",
        before: p.required,
        after: q.required,
      });
    }
    reportDeprecation(emit, q.location, "parameter", p.deprecated, q.deprecated);
    if (cmp.verbose)
      reportTextChange(emit, "description", q.location, "parameter description changed", p.description, q.description);
    compareSchemas(p.schema, q.schema, q.location, { ...request, ignoreNullableAt: q.location });
  }
}
