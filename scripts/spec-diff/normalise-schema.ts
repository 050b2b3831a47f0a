/**
 * Normalising a JSON Schema node to one comparable shape, one level deep.
 *
 * What is normalised away:
 * - `$ref`s (followed; sibling keywords such as `default` or `description` are kept and win),
 * - `allOf` (members merged: properties and `required` united, types intersected, tighter limits kept),
 * - nullability: OpenAPI 3.0 `nullable: true`, 3.1 `type: [T, "null"]`, `anyOf`/`oneOf` with a
 *   `{type: "null"}` member and `enum`s containing `null` all become `nullable: true`,
 * - `anyOf`/`oneOf` of plain types (`string | integer`) become a type list,
 * - 3.0 boolean `exclusiveMinimum`/`exclusiveMaximum` become the 3.1 numeric form,
 * - `const` becomes a one-value enum; a missing `type` is inferred from `properties`/`items`/`enum`.
 *
 * Children (`properties`, `items`, …) stay raw: the comparison normalises them lazily, which
 * keeps recursive schemas finite.
 */
import { refNameOf, refOf, type RefResolver } from "./resolve-refs.js";
import { asNumber, asString, canonicalJson, isJsonObject, type JsonObject } from "./types.js";

/** Numeric limits that bound values from below: raising or adding one narrows what is allowed. */
export const LOWER_LIMITS = ["minLength", "minimum", "exclusiveMinimum", "minItems", "minProperties"] as const;
/** Numeric limits that bound values from above: lowering or adding one narrows what is allowed. */
export const UPPER_LIMITS = ["maxLength", "maximum", "exclusiveMaximum", "maxItems", "maxProperties"] as const;

/** The name of a numeric limit keyword. */
export type LimitName = (typeof LOWER_LIMITS)[number] | (typeof UPPER_LIMITS)[number] | "multipleOf";

/** A schema reduced to the facts the comparison looks at. */
export interface NormalisedSchema {
  /** Allowed JSON types other than `null` (sorted); `undefined` means unconstrained. */
  types: string[] | undefined;
  /** Whether `null` is allowed. */
  nullable: boolean;
  /** The `format` keyword. */
  format: string | undefined;
  /** Allowed values other than `null`; `undefined` means no enum constraint. */
  enumValues: unknown[] | undefined;
  /** Property name → raw (not yet normalised) property schema. */
  properties: Map<string, unknown>;
  /** Names of required properties. */
  required: Set<string>;
  /** Raw schema of array items, if any. */
  items: unknown;
  /** `additionalProperties`: a boolean, a raw schema, or `undefined` when not stated (allowed). */
  additionalProperties: boolean | JsonObject | undefined;
  /** Numeric limits that are set. */
  limits: Partial<Record<LimitName, number>>;
  /** The `pattern` keyword. */
  pattern: string | undefined;
  /** The `uniqueItems` keyword. */
  uniqueItems: boolean;
  /**
   * Rules between this value and a sibling property that the client checks before sending
   * (`x-omi-greater-than`, `x-omi-not-before`, `x-omi-offset-like`): extension name → sibling.
   */
  siblingRules: Record<string, string>;
  /** Whether a `default` is given (it may be `null`). */
  hasDefault: boolean;
  /** The `default` value, when `hasDefault`. */
  defaultValue: unknown;
  /** The `description` keyword. */
  description: string | undefined;
  /** The `deprecated` keyword. */
  deprecated: boolean;
  /** The `readOnly` keyword (such properties are not part of requests). */
  readOnly: boolean;
  /** The `writeOnly` keyword (such properties are not part of responses). */
  writeOnly: boolean;
  /** Raw members of an `anyOf`/`oneOf` that could not be flattened into a type list. */
  variants: unknown[] | undefined;
  /** The component the schema came from, for messages (e.g. `Memory`). */
  refName: string | undefined;
  /** A reference that could not be followed. */
  unresolvedRef: string | undefined;
}

/** A fresh schema that allows anything. */
export function emptySchema(): NormalisedSchema {
  return {
    types: undefined,
    nullable: false,
    format: undefined,
    enumValues: undefined,
    properties: new Map(),
    required: new Set(),
    items: undefined,
    additionalProperties: undefined,
    limits: {},
    pattern: undefined,
    uniqueItems: false,
    siblingRules: {},
    hasDefault: false,
    defaultValue: undefined,
    description: undefined,
    deprecated: false,
    readOnly: false,
    writeOnly: false,
    variants: undefined,
    refName: undefined,
    unresolvedRef: undefined,
  };
}

/** The extensions that state a rule between two fields of one object (see `NormalisedSchema.siblingRules`). */
export const SIBLING_RULES = ["x-omi-greater-than", "x-omi-not-before", "x-omi-offset-like"] as const;

const TRUE_SCHEMA: JsonObject = {};
const FALSE_SCHEMA: JsonObject = { not: {} };
const MISSING_SCHEMA: JsonObject = {};

/** True when types list `a` admits every value of types list `b` (`undefined` = anything; `number` covers `integer`). */
export function typesCover(a: string[] | undefined, b: string[] | undefined): boolean {
  if (a === undefined) return true;
  if (b === undefined) return false;
  return b.every((t) => a.includes(t) || (t === "integer" && a.includes("number")));
}

/** True when the schema can be an object (its properties are worth comparing). */
export function isObjectLike(schema: NormalisedSchema): boolean {
  return schema.types === undefined || schema.types.includes("object");
}

/** True when the schema can be an array (its items are worth comparing). */
export function isArrayLike(schema: NormalisedSchema): boolean {
  return schema.types === undefined || schema.types.includes("array");
}

function uniqueSorted(values: Iterable<string>): string[] {
  return [...new Set(values)].sort();
}

function intersectTypes(a: string[] | undefined, b: string[] | undefined): string[] | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  const out = a.filter((t) => b.includes(t) || (t === "integer" && b.includes("number")));
  for (const t of b) if (t === "integer" && a.includes("number")) out.push(t);
  return uniqueSorted(out);
}

function unionTypes(list: (string[] | undefined)[]): string[] | undefined {
  if (list.some((t) => t === undefined)) return undefined;
  return uniqueSorted(list.flatMap((t) => t ?? []));
}

function intersectEnums(a: unknown[] | undefined, b: unknown[] | undefined): unknown[] | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  const keys = new Set(b.map(canonicalJson));
  return a.filter((v) => keys.has(canonicalJson(v)));
}

function inferTypeOfValues(values: unknown[]): string[] | undefined {
  const types = new Set<string>();
  for (const v of values) {
    if (typeof v === "string") types.add("string");
    else if (typeof v === "boolean") types.add("boolean");
    else if (typeof v === "number") types.add(Number.isInteger(v) ? "integer" : "number");
    else if (Array.isArray(v)) types.add("array");
    else if (isJsonObject(v)) types.add("object");
  }
  if (types.has("number")) types.delete("integer");
  return types.size > 0 ? uniqueSorted(types) : undefined;
}

function isPlainTypeOnly(schema: NormalisedSchema): boolean {
  return (
    schema.types !== undefined &&
    schema.properties.size === 0 &&
    schema.items === undefined &&
    schema.additionalProperties === undefined &&
    schema.variants === undefined
  );
}

/**
 * Normalises the schemas of one document; results are memoised per raw node, so normalising the
 * same node twice yields the same object (and the same raw children).
 */
export class SchemaNormaliser {
  private readonly memo = new WeakMap<object, NormalisedSchema>();
  private readonly inProgress = new Set<object>();
  private readonly mergedNodes = new WeakMap<object, WeakMap<object, JsonObject>>();
  private readonly ids = new WeakMap<object, number>();
  private nextId = 1;

  /** @param resolver - Resolver of the document the schemas belong to. */
  constructor(readonly resolver: RefResolver) {}

  /**
   * A stable number identifying a raw schema node (used to detect recursion: the set of raw
   * nodes in a document is finite, so an endless descent must revisit a pair of them).
   */
  identity(schema: unknown): number {
    const node = this.nodeOf(this.followPureRefs(schema));
    let id = this.ids.get(node);
    if (id === undefined) {
      id = this.nextId++;
      this.ids.set(node, id);
    }
    return id;
  }

  /** Normalises one raw schema node (see the module comment for what that covers). */
  normalise(schema: unknown): NormalisedSchema {
    if (schema === false) return { ...emptySchema(), types: [] };
    if (!isJsonObject(schema)) return emptySchema();
    const cached = this.memo.get(schema);
    if (cached) return cached;
    // A schema that (through $ref/allOf/anyOf) contains itself at the same level: treat the
    // inner occurrence as unconstrained rather than looping.
    if (this.inProgress.has(schema)) return emptySchema();
    this.inProgress.add(schema);
    try {
      const result = this.normaliseObject(schema);
      this.memo.set(schema, result);
      return result;
    } finally {
      this.inProgress.delete(schema);
    }
  }

  /** A short human label of a schema's type, e.g. `string(date-time) | null`, `array<Memory>`. */
  describe(schema: unknown, depth = 0): string {
    const norm = this.normalise(schema);
    return describeNormalised(norm, (child) => (depth > 3 ? "…" : this.describe(child, depth + 1)));
  }

  /**
   * Follows references that have no sibling keywords, so that `{$ref: X}` written in two places
   * counts as the same node as X itself (a recursive schema is then recognised one level earlier).
   */
  private followPureRefs(schema: unknown): unknown {
    let current = schema;
    const seen = new Set<unknown>();
    while (isJsonObject(current) && Object.keys(current).length === 1 && !seen.has(current)) {
      const ref = refOf(current);
      if (ref === undefined) break;
      seen.add(current);
      const target = this.resolver.lookup(ref);
      if (target === undefined) break;
      current = target;
    }
    return current;
  }

  private nodeOf(schema: unknown): object {
    if (schema === true) return TRUE_SCHEMA;
    if (schema === false) return FALSE_SCHEMA;
    return isJsonObject(schema) ? schema : MISSING_SCHEMA;
  }

  private normaliseObject(node: JsonObject): NormalisedSchema {
    const own = parseOwnKeywords(node);
    const parts: NormalisedSchema[] = [own];
    const ref = refOf(node);
    if (ref !== undefined) {
      const target = this.resolver.lookup(ref);
      if (target === undefined) own.unresolvedRef = ref;
      else parts.push({ ...this.normalise(target), refName: refNameOf(ref) });
    }
    if (Array.isArray(node.allOf)) {
      for (const member of node.allOf) parts.push(this.normalise(member));
    }
    for (const key of ["anyOf", "oneOf"] as const) {
      const members = node[key];
      if (Array.isArray(members) && members.length > 0) parts.push(this.normaliseUnion(members));
    }
    const merged = parts.length === 1 ? own : this.mergeParts(parts);
    if (ref !== undefined) merged.refName = refNameOf(ref);
    if (merged.types === undefined && merged.variants === undefined) {
      if (merged.properties.size > 0 || isJsonObject(merged.additionalProperties)) merged.types = ["object"];
      else if (merged.items !== undefined) merged.types = ["array"];
      else if (merged.enumValues !== undefined) merged.types = inferTypeOfValues(merged.enumValues);
    }
    return merged;
  }

  private isNullSchema(member: unknown): boolean {
    const resolved = this.resolver.resolve(member).node;
    if (!isJsonObject(resolved)) return false;
    const type = resolved.type;
    if (type === "null") return true;
    if (Array.isArray(type) && type.length > 0 && type.every((t) => t === "null")) return true;
    if (Array.isArray(resolved.enum) && resolved.enum.length > 0 && resolved.enum.every((v) => v === null)) return true;
    return "const" in resolved && resolved.const === null;
  }

  private normaliseUnion(members: unknown[]): NormalisedSchema {
    const nonNull = members.filter((m) => !this.isNullSchema(m));
    const hasNull = nonNull.length < members.length;
    if (nonNull.length === 0) return { ...emptySchema(), types: [], nullable: true };
    if (nonNull.length === 1) {
      const single = this.normalise(nonNull[0]);
      return { ...single, nullable: single.nullable || hasNull };
    }
    const norms = nonNull.map((m) => this.normalise(m));
    const nullable = hasNull || norms.some((n) => n.nullable);
    const types = unionTypes(norms.map((n) => n.types));
    if (norms.every(isPlainTypeOnly)) {
      const formats = new Set(norms.map((n) => n.format));
      const enums = norms.every((n) => n.enumValues !== undefined) ? dedupe(norms.flatMap((n) => n.enumValues ?? [])) : undefined;
      return {
        ...emptySchema(),
        types,
        nullable,
        format: formats.size === 1 ? norms[0]?.format : undefined,
        enumValues: enums,
      };
    }
    return { ...emptySchema(), types, nullable, variants: nonNull };
  }

  private mergedNode(a: unknown, b: unknown): JsonObject {
    const left = this.nodeOf(a);
    const right = this.nodeOf(b);
    let inner = this.mergedNodes.get(left);
    if (!inner) {
      inner = new WeakMap();
      this.mergedNodes.set(left, inner);
    }
    let merged = inner.get(right);
    if (!merged) {
      merged = { allOf: [a, b] };
      inner.set(right, merged);
    }
    return merged;
  }

  private mergeParts(parts: NormalisedSchema[]): NormalisedSchema {
    const out = emptySchema();
    const refNames = parts.map((p) => p.refName).filter((n): n is string => n !== undefined);
    for (const part of parts) {
      out.types = intersectTypes(out.types, part.types);
      out.nullable = out.nullable || part.nullable;
      out.format ??= part.format;
      out.siblingRules = { ...part.siblingRules, ...out.siblingRules };
      out.enumValues = intersectEnums(out.enumValues, part.enumValues);
      for (const [name, child] of part.properties) {
        const existing = out.properties.get(name);
        out.properties.set(name, existing === undefined ? child : this.mergedNode(existing, child));
      }
      for (const name of part.required) out.required.add(name);
      if (part.items !== undefined) {
        out.items = out.items === undefined ? part.items : this.mergedNode(out.items, part.items);
      }
      if (part.additionalProperties === false || out.additionalProperties === false) out.additionalProperties = false;
      else out.additionalProperties ??= part.additionalProperties;
      // The tighter limit wins: the larger lower bound, the smaller upper bound.
      for (const [names, tighter] of [[LOWER_LIMITS, Math.max] as const, [UPPER_LIMITS, Math.min] as const]) {
        for (const name of names) {
          const value = part.limits[name];
          if (value !== undefined) out.limits[name] = tighter(out.limits[name] ?? value, value);
        }
      }
      out.limits.multipleOf ??= part.limits.multipleOf;
      out.pattern ??= part.pattern;
      out.uniqueItems = out.uniqueItems || part.uniqueItems;
      if (!out.hasDefault && part.hasDefault) {
        out.hasDefault = true;
        out.defaultValue = part.defaultValue;
      }
      out.description ??= part.description;
      out.deprecated = out.deprecated || part.deprecated;
      out.readOnly = out.readOnly || part.readOnly;
      out.writeOnly = out.writeOnly || part.writeOnly;
      out.variants ??= part.variants;
      out.unresolvedRef ??= part.unresolvedRef;
    }
    if (refNames.length === 1) out.refName = refNames[0];
    return out;
  }
}

function dedupe(values: unknown[]): unknown[] {
  const seen = new Set<string>();
  return values.filter((v) => {
    const key = canonicalJson(v);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Reads the keywords of one schema node itself, ignoring `$ref`, `allOf`, `anyOf` and `oneOf`. */
function parseOwnKeywords(node: JsonObject): NormalisedSchema {
  const out = emptySchema();
  const type = node.type;
  if (typeof type === "string") {
    if (type === "null") out.types = [];
    else out.types = [type];
    out.nullable = type === "null";
  } else if (Array.isArray(type)) {
    const names = type.filter((t): t is string => typeof t === "string");
    out.types = uniqueSorted(names.filter((t) => t !== "null"));
    out.nullable = names.includes("null");
  }
  if (node.nullable === true) out.nullable = true;
  out.format = asString(node.format);
  for (const name of SIBLING_RULES) {
    const sibling = asString(node[name]);
    if (sibling !== undefined) out.siblingRules[name] = sibling;
  }
  if (Array.isArray(node.enum)) {
    if (node.enum.includes(null)) out.nullable = true;
    out.enumValues = node.enum.filter((v) => v !== null);
  }
  if ("const" in node) {
    if (node.const === null) out.nullable = true;
    else out.enumValues = [node.const];
  }
  if (isJsonObject(node.properties)) {
    for (const [name, child] of Object.entries(node.properties)) out.properties.set(name, child);
  }
  if (Array.isArray(node.required)) {
    for (const name of node.required) if (typeof name === "string") out.required.add(name);
  }
  if (isJsonObject(node.items) || typeof node.items === "boolean") out.items = node.items;
  if (typeof node.additionalProperties === "boolean" || isJsonObject(node.additionalProperties)) {
    out.additionalProperties = node.additionalProperties;
  }
  for (const name of [...LOWER_LIMITS, ...UPPER_LIMITS, "multipleOf"] as const) {
    const value = asNumber(node[name]);
    if (value !== undefined) out.limits[name] = value;
  }
  // OpenAPI 3.0: boolean exclusiveMinimum/exclusiveMaximum modify minimum/maximum.
  if (node.exclusiveMinimum === true && out.limits.minimum !== undefined) {
    out.limits.exclusiveMinimum = out.limits.minimum;
    delete out.limits.minimum;
  }
  if (node.exclusiveMaximum === true && out.limits.maximum !== undefined) {
    out.limits.exclusiveMaximum = out.limits.maximum;
    delete out.limits.maximum;
  }
  out.pattern = asString(node.pattern);
  out.uniqueItems = node.uniqueItems === true;
  if ("default" in node) {
    out.hasDefault = true;
    out.defaultValue = node.default;
  }
  out.description = asString(node.description);
  out.deprecated = node.deprecated === true;
  out.readOnly = node.readOnly === true;
  out.writeOnly = node.writeOnly === true;
  return out;
}

/**
 * A short label for a normalised schema.
 * @param describeChild - Labels a raw child schema (array items, union variants).
 */
export function describeNormalised(norm: NormalisedSchema, describeChild: (child: unknown) => string): string {
  let label: string;
  const isNamedShape = norm.refName !== undefined && (norm.enumValues !== undefined || (norm.types?.includes("object") ?? false));
  if (isNamedShape && norm.refName !== undefined) {
    label = norm.refName;
  } else if (norm.types === undefined) {
    label = norm.variants ? norm.variants.map(describeChild).join(" | ") : "any";
  } else if (norm.types.length === 0) {
    label = norm.nullable ? "null" : "never";
  } else {
    label = norm.types
      .map((t) => {
        if (t === "array") return `array<${norm.items === undefined ? "any" : describeChild(norm.items)}>`;
        if (norm.format !== undefined && t !== "object" && t !== "boolean") return `${t}(${norm.format})`;
        return t;
      })
      .join(" | ");
    if (norm.enumValues !== undefined) {
      const values = norm.enumValues;
      label += values.length <= 4 ? `{${values.map((v) => JSON.stringify(v)).join(",")}}` : `{${values.length} values}`;
    }
  }
  if (norm.nullable && !(norm.types !== undefined && norm.types.length === 0)) label += " | null";
  return label;
}
