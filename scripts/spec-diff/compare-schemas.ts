/**
 * Structural comparison of two schemas (one from each document), field by field, recursing into
 * object properties, array items, map values and union variants. Component names play no part:
 * only shapes are compared. Recursive schemas are safe: a pair of raw nodes already being compared
 * higher up the current path is not compared again.
 */
import { reportDeprecation, reportTextChange, severityFor, type Direction } from "./classify.js";
import {
  isArrayLike,
  isObjectLike,
  LOWER_LIMITS,
  SIBLING_RULES,
  typesCover,
  UPPER_LIMITS,
  type LimitName,
  type NormalisedSchema,
  type SchemaNormaliser,
} from "./normalise-schema.js";
import { canonicalJson, show, type ChangeKind, type ChangeSink, type Side } from "./types.js";

/** Everything a schema comparison needs besides the two schemas. */
export interface SchemaComparison {
  /** Request schemas (client sends) and response schemas (client receives) follow opposite rules. */
  side: Side;
  /** Normaliser of the base document. */
  base: SchemaNormaliser;
  /** Normaliser of the other document. */
  other: SchemaNormaliser;
  /** Report description changes too. */
  verbose: boolean;
  /** Receives the changes found. */
  emit: ChangeSink;
  /**
   * A location whose own nullability is not compared. Parameters use it: a query, path, header or
   * cookie value cannot be JSON `null`, so `anyOf: [T, {type: null}]` on one only means "optional".
   */
  ignoreNullableAt?: string;
}

/** How deep a comparison may go before it stops (a safety net; recursion is caught earlier). */
const MAX_DEPTH = 64;

/**
 * Compares the base schema `oldSchema` with the other document's `newSchema`.
 * @param location - Where the schema sits, e.g. `request.body` or `response.200.body`; nested
 *   fields extend it (`.name` for properties, `[]` for array items, `.*` for map values).
 */
export function compareSchemas(oldSchema: unknown, newSchema: unknown, location: string, cmp: SchemaComparison): void {
  walk(oldSchema, newSchema, location, cmp, new Set(), 0);
}

function walk(
  oldRaw: unknown,
  newRaw: unknown,
  location: string,
  cmp: SchemaComparison,
  onPath: Set<string>,
  depth: number,
): void {
  const key = `${cmp.base.identity(oldRaw)}:${cmp.other.identity(newRaw)}`;
  if (onPath.has(key) || depth > MAX_DEPTH) return;
  onPath.add(key);
  try {
    const o = cmp.base.normalise(oldRaw);
    const n = cmp.other.normalise(newRaw);
    const recurse = (a: unknown, b: unknown, where: string): void => walk(a, b, where, cmp, onPath, depth + 1);
    compareNode(o, n, location, cmp, recurse);
  } finally {
    onPath.delete(key);
  }
}

type Recurse = (oldChild: unknown, newChild: unknown, location: string) => void;

function typeLabel(schema: NormalisedSchema): string {
  if (schema.types === undefined) return "any";
  return schema.types.length === 0 ? "null" : schema.types.join(" | ");
}

function sameList(a: string[] | undefined, b: string[] | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

function compareNode(o: NormalisedSchema, n: NormalisedSchema, location: string, cmp: SchemaComparison, recurse: Recurse): void {
  const { side, emit } = cmp;
  const constraint: ConstraintEmitter = (kind, direction, aspect, message, before, after) =>
    emit({ kind, severity: severityFor(side, direction, aspect), aspect, location, message, before, after });

  if (o.unresolvedRef !== n.unresolvedRef && (o.unresolvedRef !== undefined || n.unresolvedRef !== undefined)) {
    const [was, is] = [o.unresolvedRef, n.unresolvedRef];
    const message = `unresolvable reference changed: ${was ?? "(none)"} → ${is ?? "(none)"}`;
    emit({ kind: "changed", severity: "warning", aspect: "reference", location, message, before: was, after: is });
  }

  // Type.
  if (!sameList(o.types, n.types)) {
    const direction: Direction = typesCover(n.types, o.types)
      ? "widened"
      : typesCover(o.types, n.types)
        ? "narrowed"
        : "incompatible";
    const before = typeLabel(o);
    const after = typeLabel(n);
    constraint("changed", direction, "type", `type changed from ${before} to ${after}`, before, after);
  }

  // Nullability. A schema without any constraint takes null too.
  if (allowsNull(o) !== allowsNull(n) && location !== cmp.ignoreNullableAt) {
    constraint(
      "changed",
      allowsNull(n) ? "widened" : "narrowed",
      "nullable",
      allowsNull(n) ? "became nullable" : "no longer nullable",
      allowsNull(o),
      allowsNull(n),
    );
  }

  compareKeyword(constraint, "format", "format", o.format, n.format);
  compareEnums(o, n, constraint);
  compareLimits(o, n, constraint);

  // Defaults matter to what a client may omit; they mean nothing in responses.
  if (side === "request" && (o.hasDefault !== n.hasDefault || canonicalJson(o.defaultValue) !== canonicalJson(n.defaultValue))) {
    const kind: ChangeKind = !o.hasDefault ? "added" : !n.hasDefault ? "removed" : "changed";
    const message =
      kind === "added"
        ? `default ${show(n.defaultValue)} added`
        : kind === "removed"
          ? `default ${show(o.defaultValue)} removed`
          : `default changed from ${show(o.defaultValue)} to ${show(n.defaultValue)}`;
    const [before, after] = [o.hasDefault ? o.defaultValue : undefined, n.hasDefault ? n.defaultValue : undefined];
    emit({ kind, severity: "info", aspect: "default", location, message, before, after });
  }

  reportDeprecation(emit, location, "", o.deprecated, n.deprecated);
  if (cmp.verbose) reportTextChange(emit, "description", location, "description changed", o.description, n.description);

  if (isObjectLike(o) && isObjectLike(n)) {
    compareAdditionalProperties(o, n, location, cmp, recurse);
    compareProperties(o, n, location, cmp, recurse);
  }
  if (isArrayLike(o) && isArrayLike(n) && (o.items !== undefined || n.items !== undefined)) {
    recurse(o.items ?? true, n.items ?? true, `${location}[]`);
  }
  compareVariants(o, n, location, cmp, recurse);
}

type ConstraintEmitter = (
  kind: ChangeKind,
  direction: Direction,
  aspect: "type" | "nullable" | "format" | "enum" | "limit",
  message: string,
  before: unknown,
  after: unknown,
) => void;

/** How many enum values a message lists before it abbreviates (the JSON report has them all). */
const MAX_LISTED_VALUES = 8;

function listValues(values: unknown[]): string {
  const shown = values.slice(0, MAX_LISTED_VALUES).map((v) => show(v));
  const rest = values.length - shown.length;
  return rest > 0 ? `${shown.join(", ")}, … (${values.length} values)` : shown.join(", ");
}

function compareEnums(o: NormalisedSchema, n: NormalisedSchema, constraint: ConstraintEmitter): void {
  if (o.enumValues === undefined && n.enumValues === undefined) return;
  if (o.enumValues === undefined && n.enumValues !== undefined) {
    const message = `enum constraint added: ${listValues(n.enumValues)}`;
    constraint("added", "narrowed", "enum", message, undefined, n.enumValues);
    return;
  }
  if (o.enumValues !== undefined && n.enumValues === undefined) {
    const message = `enum constraint removed (any ${typeLabel(n)} allowed now; was ${listValues(o.enumValues)})`;
    constraint("removed", "widened", "enum", message, o.enumValues, undefined);
    return;
  }
  const before = o.enumValues ?? [];
  const after = n.enumValues ?? [];
  const beforeKeys = new Set(before.map(canonicalJson));
  const afterKeys = new Set(after.map(canonicalJson));
  const added = after.filter((v) => !beforeKeys.has(canonicalJson(v)));
  const removed = before.filter((v) => !afterKeys.has(canonicalJson(v)));
  if (added.length > 0) {
    constraint("added", "widened", "enum", `enum values added: ${listValues(added)}`, undefined, added);
  }
  if (removed.length > 0) {
    constraint("removed", "narrowed", "enum", `enum values removed: ${listValues(removed)}`, removed, undefined);
  }
}

function compareLimits(o: NormalisedSchema, n: NormalisedSchema, constraint: ConstraintEmitter): void {
  const numeric = (name: LimitName, lower: boolean | undefined): void => {
    const before = o.limits[name];
    const after = n.limits[name];
    if (before === after) return;
    let direction: Direction;
    let kind: ChangeKind;
    if (before === undefined) {
      kind = "added";
      direction = "narrowed";
    } else if (after === undefined) {
      kind = "removed";
      direction = "widened";
    } else {
      kind = "changed";
      if (lower === undefined)
        direction = after % before === 0 ? "narrowed" : "incompatible"; // multipleOf
      else direction = lower === after > before ? "narrowed" : "widened";
    }
    const how = direction === "narrowed" ? "tighter" : direction === "widened" ? "looser" : "incompatible";
    const message =
      kind === "added"
        ? `${name} ${show(after)} added (${how})`
        : kind === "removed"
          ? `${name} ${show(before)} removed (${how})`
          : `${name} changed from ${show(before)} to ${show(after)} (${how})`;
    constraint(kind, direction, "limit", message, before, after);
  };
  for (const name of LOWER_LIMITS) numeric(name, true);
  for (const name of UPPER_LIMITS) numeric(name, false);
  numeric("multipleOf", undefined);

  compareKeyword(constraint, "limit", "pattern", o.pattern, n.pattern);
  if (o.uniqueItems !== n.uniqueItems) {
    const message = n.uniqueItems ? "uniqueItems added (tighter)" : "uniqueItems removed (looser)";
    constraint("changed", n.uniqueItems ? "narrowed" : "widened", "limit", message, o.uniqueItems, n.uniqueItems);
  }
  // Rules with a sibling field: the client refuses a request that breaks one before sending it.
  for (const name of SIBLING_RULES) {
    compareKeyword(constraint, "limit", name, o.siblingRules[name], n.siblingRules[name], "tighter: refused before sending");
  }
}

/** A keyword that only restricts values (`format`, `pattern`, a sibling rule): adding it narrows, removing it widens. */
function compareKeyword(
  constraint: ConstraintEmitter,
  aspect: "format" | "limit",
  name: string,
  before: string | undefined,
  after: string | undefined,
  tighter = "tighter",
): void {
  if (before === after) return;
  if (before === undefined)
    constraint("added", "narrowed", aspect, `${name} ${show(after)} added (${tighter})`, undefined, after);
  else if (after === undefined)
    constraint("removed", "widened", aspect, `${name} ${show(before)} removed (looser)`, before, undefined);
  else constraint("changed", "incompatible", aspect, `${name} changed from ${show(before)} to ${show(after)}`, before, after);
}

function compareAdditionalProperties(
  o: NormalisedSchema,
  n: NormalisedSchema,
  location: string,
  cmp: SchemaComparison,
  recurse: Recurse,
): void {
  const before = o.additionalProperties;
  const after = n.additionalProperties;
  const closedBefore = before === false;
  const closedAfter = after === false;
  if (closedBefore !== closedAfter) {
    const direction: Direction = closedAfter ? "narrowed" : "widened";
    const severity = severityFor(cmp.side, direction, "additionalProperties");
    const message = closedAfter ? "additional properties no longer allowed" : "additional properties now allowed";
    cmp.emit({
      kind: "changed",
      severity,
      aspect: "additionalProperties",
      location,
      message,
      before: before ?? true,
      after: after ?? true,
    });
    return;
  }
  const isSchema = (v: unknown): boolean => typeof v === "object" && v !== null;
  if (!closedBefore && (isSchema(before) || isSchema(after))) {
    recurse(before ?? true, after ?? true, `${location}.*`);
  }
}

function compareProperties(
  o: NormalisedSchema,
  n: NormalisedSchema,
  location: string,
  cmp: SchemaComparison,
  recurse: Recurse,
): void {
  const { side, emit } = cmp;
  // readOnly properties are not sent, writeOnly properties are not received.
  const visible = (normaliser: SchemaNormaliser, raw: unknown): boolean => {
    const child = normaliser.normalise(raw);
    return side === "request" ? !child.readOnly : !child.writeOnly;
  };
  const oldProps = new Map([...o.properties].filter(([, raw]) => visible(cmp.base, raw)));
  const newProps = new Map([...n.properties].filter(([, raw]) => visible(cmp.other, raw)));

  for (const [name, raw] of oldProps) {
    if (newProps.has(name)) continue;
    const wasRequired = o.required.has(name);
    const label = cmp.base.describe(raw);
    const message = `field removed (was ${wasRequired ? "required" : "optional"}, ${label})`;
    emit({ kind: "removed", severity: "breaking", aspect: "field", location: `${location}.${name}`, message, before: label });
  }
  for (const [name, raw] of newProps) {
    const oldRaw = oldProps.get(name);
    const fieldLocation = `${location}.${name}`;
    const nowRequired = n.required.has(name);
    if (oldRaw === undefined) {
      const label = cmp.other.describe(raw);
      const severity = side === "request" && nowRequired ? "breaking" : "info";
      const message = `${nowRequired ? "required" : "optional"} field added (${label})`;
      emit({ kind: "added", severity, aspect: "field", location: fieldLocation, message, after: label });
      continue;
    }
    const wasRequired = o.required.has(name);
    if (wasRequired !== nowRequired) {
      const severity = severityFor(side, nowRequired ? "narrowed" : "widened", "required");
      const message = nowRequired ? "field became required" : "field became optional";
      emit({
        kind: "changed",
        severity,
        aspect: "required",
        location: fieldLocation,
        message,
        before: wasRequired,
        after: nowRequired,
      });
    }
    recurse(oldRaw, raw, fieldLocation);
  }
}

function compareVariants(
  o: NormalisedSchema,
  n: NormalisedSchema,
  location: string,
  cmp: SchemaComparison,
  recurse: Recurse,
): void {
  if (o.variants === undefined || n.variants === undefined) return;
  const shared = Math.min(o.variants.length, n.variants.length);
  for (let i = 0; i < shared; i++) recurse(o.variants[i], n.variants[i], `${location}(variant ${i + 1})`);
  const emitCount = (kind: ChangeKind, count: number, label: string[]): void => {
    // More variants: the request accepts more (widened), the response may send more (widened).
    const direction: Direction = kind === "added" ? "widened" : "narrowed";
    const severity = severityFor(cmp.side, direction, "variants");
    const message = `${count} union variant${count === 1 ? "" : "s"} ${kind}: ${label.join(" | ")}`;
    const [before, after] = kind === "removed" ? [label, undefined] : [undefined, label];
    cmp.emit({ kind, severity, aspect: "variants", location, message, before, after });
  };
  if (n.variants.length > shared) {
    const extra = n.variants.slice(shared).map((v) => cmp.other.describe(v));
    emitCount("added", extra.length, extra);
  }
  if (o.variants.length > shared) {
    const missing = o.variants.slice(shared).map((v) => cmp.base.describe(v));
    emitCount("removed", missing.length, missing);
  }
}

/** Whether a value may be null: stated so, or nothing about the value is constrained at all. */
function allowsNull(schema: NormalisedSchema): boolean {
  return schema.nullable || (schema.types === undefined && schema.enumValues === undefined && schema.variants === undefined);
}
