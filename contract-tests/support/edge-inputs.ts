import type fc from "fast-check";
import { bodySchemaOf, inputArbitrary, nonNull, resolve, withProperty, type OperationInput } from "./arbitraries.js";
import type { SpecEntry } from "./spec.js";

/** A valid input that sits on an edge of the schema, and which edge. */
export interface EdgeCase {
  operationId: string;
  name: string;
  input: fc.Arbitrary<OperationInput>;
}

/**
 * Valid inputs on the edges of an operation's request body schema: every
 * array with `maxItems` at exactly that many items (the batch limits 25 and
 * 50 among them), every string with `maxLength` at exactly that length, and
 * the body with nothing but its required fields.
 */
export function edgeCases(entry: SpecEntry): EdgeCase[] {
  const body = bodySchemaOf(entry);
  if (!body) return [];
  const root = resolve(body);
  const cases: EdgeCase[] = [];
  const add = (name: string, input: fc.Arbitrary<OperationInput>) => cases.push({ operationId: entry.operationId, name, input });
  for (const [name, raw] of Object.entries(root.properties ?? {})) {
    const prop = nonNull(resolve(raw));
    if (prop.maxItems !== undefined)
      add(`${name} with exactly ${prop.maxItems} items`, withProperty(entry, root, name, { ...prop, minItems: prop.maxItems }));
    if (prop.maxLength !== undefined && prop.type === "string") {
      add(
        `${name} of exactly ${prop.maxLength} characters`,
        withProperty(entry, root, name, { ...prop, minLength: prop.maxLength }),
      );
    }
  }
  const required = root.required ?? [];
  if (required.length >= (root.minProperties ?? 0)) {
    const onlyRequired = Object.fromEntries(Object.entries(root.properties ?? {}).filter(([name]) => required.includes(name)));
    add("only the required fields", inputArbitrary(entry, { ...root, properties: onlyRequired }));
  }
  return cases;
}
