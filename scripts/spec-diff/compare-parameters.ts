/**
 * Comparing the parameters of one operation across documents. Parameters are matched by location
 * and name (header names case-insensitively, path parameters by position in the path template);
 * a parameter whose name survives but whose location changed is reported as moved.
 */
import { reportDeprecation, reportTextChange } from "./classify.js";
import type { ParameterInfo } from "./collect-operations.js";
import { compareSchemas, type SchemaComparison } from "./compare-schemas.js";

/**
 * Compares two parameter lists (always request side: the client sends parameters).
 * @param cmp - Comparison context; its `side` is ignored (parameters are always request-side).
 */
export function compareParameters(oldParams: ParameterInfo[], newParams: ParameterInfo[], cmp: SchemaComparison): void {
  const request: SchemaComparison = { ...cmp, side: "request" };
  const { emit } = cmp;
  const oldByKey = new Map(oldParams.map((p) => [p.key, p]));
  const newByKey = new Map(newParams.map((p) => [p.key, p]));
  const pairs = oldParams.flatMap((p): [ParameterInfo, ParameterInfo][] => {
    const match = newByKey.get(p.key);
    return match ? [[p, match]] : [];
  });
  const unmatchedOld = oldParams.filter((p) => !newByKey.has(p.key));
  const unmatchedNew = newParams.filter((p) => !oldByKey.has(p.key));
  // Same name, different location: a move rather than a removal plus an addition.
  for (const p of [...unmatchedOld]) {
    const index = unmatchedNew.findIndex((q) => q.name.toLowerCase() === p.name.toLowerCase());
    const [q] = index < 0 ? [] : unmatchedNew.splice(index, 1);
    if (!q) continue;
    unmatchedOld.splice(unmatchedOld.indexOf(p), 1);
    const message = `parameter moved from ${p.in} to ${q.in}`;
    emit({
      kind: "changed",
      severity: "breaking",
      aspect: "parameter",
      location: q.location,
      message,
      before: p.in,
      after: q.in,
    });
    pairs.push([p, q]);
  }

  const label = (p: ParameterInfo, kind: "added" | "removed"): string =>
    `${p.required ? "required" : "optional"} ${p.in} parameter ${kind}`;
  for (const p of unmatchedOld) {
    const before = cmp.base.describe(p.schema);
    const message = `${label(p, "removed")} (${before})`;
    emit({ kind: "removed", severity: "breaking", aspect: "parameter", location: p.location, message, before });
  }
  for (const q of unmatchedNew) {
    const after = cmp.other.describe(q.schema);
    const message = `${label(q, "added")} (${after})`;
    emit({
      kind: "added",
      severity: q.required ? "breaking" : "info",
      aspect: "parameter",
      location: q.location,
      message,
      after,
    });
  }

  for (const [p, q] of pairs) {
    const location = q.location;
    if (p.in === "path" && q.in === "path" && p.name !== q.name) {
      const message = `path parameter renamed from {${p.name}} to {${q.name}} (same position)`;
      emit({ kind: "changed", severity: "info", aspect: "parameter", location, message, before: p.name, after: q.name });
    }
    if (p.required !== q.required) {
      const message = q.required ? "parameter became required" : "parameter became optional";
      const severity = q.required ? "breaking" : "info";
      emit({ kind: "changed", severity, aspect: "required", location, message, before: p.required, after: q.required });
    }
    reportDeprecation(emit, location, "parameter", p.deprecated, q.deprecated);
    if (cmp.verbose)
      reportTextChange(emit, "description", location, "parameter description changed", p.description, q.description);
    compareSchemas(p.schema, q.schema, location, { ...request, ignoreNullableAt: location });
  }
}
