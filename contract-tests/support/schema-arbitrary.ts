import fc from "fast-check";
import { resolveLocalRef } from "../../scripts/lib/load-spec.js";
import type { SpecDocument } from "../../scripts/lib/spec-types.js";
import type { RequestSchema } from "../../src/core/request-schema.js";
import { crossFieldRules, obey } from "./cross-field.js";
import { calendarDate, dateTime, text } from "./text-arbitraries.js";

/**
 * The JSON Schema keywords the converter understands (OpenAPI 3.1 flavour): those of the
 * generated request models, plus the combinators and cross-field rules of the spec itself.
 */
export interface JsonSchema extends Omit<RequestSchema, "items" | "properties" | "additionalProperties" | "anyOf"> {
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  "x-omi-greater-than"?: string;
  "x-omi-not-before"?: string;
  "x-omi-offset-like"?: string;
}

/** Arrays are kept short unless the schema asks for more (the maximum itself is an edge case of its own). */
const DEFAULT_MAX_ITEMS = 4;
const INT32 = 2 ** 31;
const NUMBER_RANGE = 1e9;

/**
 * A fast-check arbitrary of values valid against `schema` (local `$ref`s are
 * followed in `doc`): `type` (also as a list, `"null"` for nullable), `enum`,
 * `const`, `format: date-time` and `date`, `minLength`/`maxLength` (in characters),
 * `pattern` (from the pattern when it spans the whole value, `^…$`; otherwise by
 * filtering, e.g. `\S`), `minimum`/`maximum`, `minItems`/
 * `maxItems`, `properties` with `required` (optional ones come and go),
 * `minProperties`, `anyOf`/`oneOf`, and the cross-field extensions
 * `x-omi-greater-than` / `x-omi-not-before`. Edge values come up on purpose:
 * strings and arrays of exactly their maximum length, empty optional fields,
 * non-ASCII text and characters that need percent-encoding. Unknown keywords
 * that would constrain values (`allOf`) throw, so a spec change that the
 * converter cannot follow shows up at once. A schema without any constraint
 * gives any JSON value.
 */
export function schemaArbitrary(schema: JsonSchema, doc: SpecDocument): fc.Arbitrary<unknown> {
  const s = resolveLocalRef<JsonSchema>(doc, schema as JsonSchema | { $ref: string });
  if (s.allOf) throw new Error("schemaArbitrary: allOf is not supported");
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  const alternatives = s.anyOf ?? s.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map((branch) => schemaArbitrary(branch, doc)));
  // A schema with no constraint at all (e.g. `client_processing`) takes any JSON value.
  if (s.type === undefined && !s.properties && !s.items) return fc.jsonValue({ maxDepth: 2 });
  if (Array.isArray(s.type)) return fc.oneof(...s.type.map((type) => schemaArbitrary({ ...s, type }, doc)));
  switch (s.type) {
    case "null":
      return fc.constant(null);
    case "boolean":
      return fc.boolean();
    case "integer":
      return fc.integer({ min: s.minimum ?? -INT32, max: s.maximum ?? INT32 - 1 });
    case "number": {
      const min = s.minimum ?? -NUMBER_RANGE;
      const max = s.maximum ?? NUMBER_RANGE;
      // Whole numbers too: fast-check's doubles lean towards tiny and extreme values.
      return fc.oneof(
        fc.double({ min, max, noNaN: true, noDefaultInfinity: true }),
        fc.integer({ min: Math.ceil(min), max: Math.floor(max) }),
      );
    }
    case "string":
      return stringArbitrary(s);
    case "array":
      return arrayArbitrary(s, doc);
    case "object":
      return objectArbitrary(s, doc);
    default:
      throw new Error(`schemaArbitrary: unsupported schema ${JSON.stringify(s).slice(0, 200)}`);
  }
}

function stringArbitrary(s: JsonSchema): fc.Arbitrary<string> {
  if (s.format === "date-time") return dateTime;
  if (s.format === "date") return calendarDate;
  if (s.format !== undefined) throw new Error(`schemaArbitrary: unsupported format ${s.format}`);
  // A whole-value pattern (`^…$`, e.g. the date-time grammar) is generated from the
  // pattern itself: filtering random text would almost never hit it.
  if (s.pattern?.startsWith("^") && s.pattern.endsWith("$") && s.minLength === undefined && s.maxLength === undefined)
    return fc.stringMatching(new RegExp(s.pattern, "u"));
  const base = text({ minLength: s.minLength, maxLength: s.maxLength });
  if (s.pattern === undefined) return base;
  const pattern = new RegExp(s.pattern, "u");
  return base.filter((value) => pattern.test(value));
}

function arrayArbitrary(s: JsonSchema, doc: SpecDocument): fc.Arbitrary<unknown[]> {
  if (!s.items) throw new Error("schemaArbitrary: an array schema needs items");
  const item = schemaArbitrary(s.items, doc);
  const minLength = s.minItems ?? 0;
  const usual = fc.array(item, {
    minLength,
    maxLength: Math.max(minLength, Math.min(s.maxItems ?? DEFAULT_MAX_ITEMS, DEFAULT_MAX_ITEMS)),
  });
  if (s.maxItems === undefined || s.maxItems <= DEFAULT_MAX_ITEMS) return usual;
  return fc.oneof(
    { weight: 5, arbitrary: usual },
    { weight: 1, arbitrary: fc.array(item, { minLength: s.maxItems, maxLength: s.maxItems }) },
  );
}

function objectArbitrary(s: JsonSchema, doc: SpecDocument): fc.Arbitrary<Record<string, unknown>> {
  const properties = s.properties ?? {};
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [name, property] of Object.entries(properties)) model[name] = schemaArbitrary(property, doc);
  const required = (s.required ?? []).filter((name) => name in properties);
  let value = fc.record(model, { requiredKeys: required }) as fc.Arbitrary<Record<string, unknown>>;
  const minProperties = s.minProperties ?? 0;
  if (minProperties > 0) value = value.filter((v) => Object.keys(v).length >= minProperties);
  const rules = crossFieldRules(
    Object.fromEntries(Object.entries(properties).map(([n, p]) => [n, resolveLocalRef<JsonSchema>(doc, p)])),
  );
  return rules.length ? value.map((v) => rules.reduce(obey, v)) : value;
}
