import fc from "fast-check";
import {
  bodySchemaOf,
  inputArbitrary,
  nonNull,
  resolve,
  resolvedProperties,
  rowOf,
  validBody,
  validInput,
  withProperty,
  type OperationInput,
} from "./arbitraries.js";
import { breakRule, crossFieldRules, type CrossFieldRule } from "./cross-field.js";
import type { JsonSchema } from "./schema-arbitrary.js";
import type { SpecEntry } from "./spec.js";

/** An input the client must never turn into a 2xx, and why it is wrong. */
export interface InvalidCase {
  operationId: string;
  /** What is wrong, e.g. `memories has 26–28 items (at most 25)`. */
  name: string;
  /** `cross-field`: a rule the mock cannot know, so the client must refuse it itself; `schema`: the mock can answer 422 too. */
  kind: "cross-field" | "schema";
  input: fc.Arbitrary<OperationInput>;
}

/**
 * Invalid inputs of an operation, derived from its request body schema: every
 * array with `maxItems` gets a few items too many, every string with
 * `minLength` (also inside array items) becomes empty, and every cross-field
 * rule (`x-omi-greater-than`, `x-omi-not-before`) is broken, in the body
 * itself or in one item of an array.
 */
export function invalidCases(entry: SpecEntry): InvalidCase[] {
  const body = bodySchemaOf(entry);
  if (!body) return [];
  const root = resolve(body);
  const cases: InvalidCase[] = [];
  const add = (kind: InvalidCase["kind"], name: string, input: fc.Arbitrary<OperationInput>) =>
    cases.push({ operationId: entry.operationId, name, kind, input });
  for (const [name, raw] of Object.entries(root.properties ?? {})) {
    const prop = resolve(raw);
    if (prop.maxItems !== undefined) {
      const tooMany = { ...prop, minItems: prop.maxItems + 1, maxItems: prop.maxItems + 3 };
      add(
        "schema",
        `${name} has ${prop.maxItems + 1}–${prop.maxItems + 3} items (at most ${prop.maxItems})`,
        withProperty(entry, root, name, tooMany),
      );
    }
    if ((prop.minLength ?? 0) > 0)
      add("schema", `${name} is empty (at least ${prop.minLength} character)`, withProperty(entry, root, name, { const: "" }));
    const item = prop.items ? resolve(prop.items) : undefined;
    for (const [itemName, rawItemProp] of Object.entries(item?.properties ?? {})) {
      if ((resolve(rawItemProp).minLength ?? 0) === 0 || !item) continue;
      const emptyItem: JsonSchema = {
        ...item,
        required: [...(item.required ?? []), itemName],
        properties: { ...item.properties, [itemName]: { const: "" } },
      };
      // At least one item, or there is nothing to be empty.
      const oneOrMore = { ...prop, minItems: Math.max(1, prop.minItems ?? 0), items: emptyItem };
      add("schema", `${name}[].${itemName} is empty`, withProperty(entry, root, name, oneOrMore));
    }
  }
  for (const rule of crossFieldRules(resolvedProperties(root))) {
    const broken = validBody(breakable(root, rule)).map((value) => breakRule(value, rule));
    add("cross-field", ruleName(rule), inputArbitrary(entry, undefined, broken));
  }
  for (const [name, raw] of Object.entries(root.properties ?? {})) {
    const prop = resolve(raw);
    const item = prop.items ? resolve(prop.items) : undefined;
    if (!item) continue;
    for (const rule of crossFieldRules(resolvedProperties(item))) {
      const badItem = validBody(breakable(item, rule)).map((value) => breakRule(value, rule));
      const withBadItem = fc.tuple(validBody(root), badItem, fc.nat()).map(([value, bad, at]) => {
        const list = Array.isArray(value[name]) && (value[name] as unknown[]).length ? [...(value[name] as unknown[])] : [bad];
        list[at % list.length] = bad;
        return { ...value, [name]: list };
      });
      add("cross-field", `${name}[].${ruleName(rule)}`, inputArbitrary(entry, undefined, withBadItem));
    }
  }
  return cases;
}

/** Path ids the client must refuse: blank (spaces, tabs, line breaks, no-break spaces), `.` and `..`. */
export const unusableId: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(".", ".."),
  fc.string({ unit: fc.constantFrom(" ", "\t", "\n", "\r", "\u00a0", "\u2003", "\u3000", "\ufeff"), minLength: 0, maxLength: 4 }),
);

/** Inputs of an operation whose path ids include one the client must refuse; the rest is valid. */
export function withUnusableId(entry: SpecEntry): fc.Arbitrary<OperationInput> | undefined {
  const count = rowOf(entry).pathParams.length;
  if (count === 0) return undefined;
  return fc.tuple(validInput(entry), unusableId, fc.nat({ max: count - 1 })).map(([input, bad, at]) => {
    const ids = [...input.ids];
    ids[at] = bad;
    return { ...input, ids };
  });
}

/** How a broken rule reads: `end before start`, `finished_at without an offset, started_at with one`. */
function ruleName(rule: CrossFieldRule): string {
  return rule.kind === "offset"
    ? `${rule.property} without an offset, ${rule.than} with one`
    : `${rule.property} before ${rule.than}`;
}

/** The object schema with both fields of the rule required and never null, so the rule can be broken. */
function breakable(schema: JsonSchema, rule: CrossFieldRule): JsonSchema {
  const properties = { ...schema.properties };
  for (const name of [rule.property, rule.than]) properties[name] = nonNull(resolve(properties[name] ?? {}));
  return { ...schema, required: [...new Set([...(schema.required ?? []), rule.property, rule.than])], properties };
}
