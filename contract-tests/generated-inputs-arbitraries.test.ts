/**
 * The generators behind the generated-input tests, checked without the mock:
 * what they call valid passes ajv against the spec's own schemas and obeys
 * the cross-field rules; what they call invalid fails exactly where it should;
 * and the edge values (batch limits, maximum lengths, ids that need
 * percent-encoding, omitted optional fields) really come up.
 */
import { instantOf } from "../src/internal/input-checks.js";
import fc from "fast-check";
import { validInput, type OperationInput } from "./support/arbitraries.js";
import { edgeCases } from "./support/edge-inputs.js";
import { invalidCases } from "./support/invalid-inputs.js";
import { crossFieldRules } from "./support/cross-field.js";
import { queryValidators, requestBodyValidator } from "./support/request-schemas.js";
import { resolveLocalRef } from "../scripts/lib/load-spec.js";
import type { JsonSchema } from "./support/schema-arbitrary.js";
import { spec, specOperations, type SpecEntry } from "./support/spec.js";

const RUNS = 40;
const entryOf = (operationId: string) => specOperations.find((e) => e.operationId === operationId) as SpecEntry;
const resolve = (schema: JsonSchema) => resolveLocalRef<JsonSchema>(spec, schema as JsonSchema | { $ref: string });

/** Every cross-field rule of the body (on the body itself and on items of its arrays) that a value breaks. */
function brokenRules(entry: SpecEntry, body: unknown): string[] {
  const requestBody = entry.operation.requestBody as { content?: Record<string, { schema?: JsonSchema }> } | undefined;
  const bodySchema = resolve(requestBody?.content?.["application/json"]?.schema ?? {});
  const broken: string[] = [];
  const check = (schema: JsonSchema, value: unknown, where: string) => {
    if (!value || typeof value !== "object") return;
    const props = Object.fromEntries(Object.entries(schema.properties ?? {}).map(([n, p]) => [n, resolve(p)]));
    for (const rule of crossFieldRules(props)) {
      const a = (value as Record<string, unknown>)[rule.property];
      const b = (value as Record<string, unknown>)[rule.than];
      if (rule.kind === "offset") {
        // A missing or null `than` counts as a time with an offset (the server's default).
        const own = instantOf(a);
        const other = b === undefined || b === null ? { hasOffset: true } : instantOf(b);
        if (own && other && own.hasOffset !== other.hasOffset) broken.push(`${where}${rule.property}`);
        continue;
      }
      if (a === undefined || a === null || b === undefined || b === null) continue;
      const diff = typeof a === "number" && typeof b === "number" ? a - b : (instantOf(a)?.ms ?? NaN) - (instantOf(b)?.ms ?? NaN);
      if (rule.strict ? !(diff > 0) : !(diff >= 0)) broken.push(`${where}${rule.property}`);
    }
    for (const [name, prop] of Object.entries(props)) {
      const list = (value as Record<string, unknown>)[name];
      if (prop.items && Array.isArray(list))
        list.forEach((item, i) => check(resolve(prop.items as JsonSchema), item, `${where}${name}[${i}].`));
    }
  };
  check(bodySchema, body, "");
  return broken;
}

function schemaErrors(entry: SpecEntry, input: OperationInput): string[] {
  const errors: string[] = [];
  const body = requestBodyValidator(entry);
  if (body && !body(input.body)) errors.push(...(body.errors ?? []).map((e) => `body${e.instancePath} ${e.message ?? ""}`));
  const queries = queryValidators(entry);
  for (const [name, value] of Object.entries(input.query ?? {})) {
    const validate = queries.get(name);
    if (!validate) errors.push(`query ${name} is not a parameter`);
    else if (!validate(value)) errors.push(`query ${name} ${validate.errors?.[0]?.message ?? ""}`);
  }
  return errors;
}

describe.each(specOperations.map((e) => [e.operationId, e] as const))("%s generators", (_operationId, entry) => {
  it("generate valid inputs that pass ajv against the spec and obey the cross-field rules", () => {
    fc.assert(
      fc.property(validInput(entry), (input) => {
        expect(schemaErrors(entry, input)).toEqual([]);
        expect(brokenRules(entry, input.body)).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  });

  const edges = edgeCases(entry);
  if (edges.length) {
    it.each(edges.map((c) => [c.name, c] as const))("edge %s: valid", (_name, edge) => {
      fc.assert(
        fc.property(edge.input, (input) => expect(schemaErrors(entry, input)).toEqual([])),
        { numRuns: 3 },
      );
    });
  }

  const invalids = invalidCases(entry);
  if (invalids.length) {
    it.each(invalids.map((c) => [c.name, c] as const))("invalid %s: wrong exactly as named", (_name, invalid) => {
      fc.assert(
        fc.property(invalid.input, (input) => {
          if (invalid.kind === "schema") {
            expect(schemaErrors(entry, input)).not.toEqual([]);
          } else {
            expect(schemaErrors(entry, input)).toEqual([]);
            expect(brokenRules(entry, input.body).length).toBeGreaterThan(0);
          }
        }),
        { numRuns: 10 },
      );
    });
  }
});

describe("edge values come up", () => {
  it("batches of exactly 25 memories, and bodies without some optional field", () => {
    const bodies = fc
      .sample(validInput(entryOf("createMemoriesBatch")), 300)
      .map((i) => i.body as { memories: Array<Record<string, unknown>> });
    expect(bodies.some((b) => b.memories.length === 25)).toBe(true);
    expect(bodies.some((b) => b.memories.some((m) => !("tags" in m)))).toBe(true);
  });

  it("ids that need percent-encoding, non-ASCII ids, and texts of the maximum length", () => {
    const ids = fc.sample(validInput(entryOf("getGoal")), 300).map((i) => i.ids[0] as string);
    expect(ids.filter((id) => encodeURIComponent(id) !== id).length).toBeGreaterThan(100);
    for (const c of ["/", "?", "#", "%"]) expect(ids.some((id) => id.includes(c))).toBe(true);
    expect(ids.some((id) => Array.from(id).some((ch) => (ch.codePointAt(0) ?? 0) > 0x7f))).toBe(true);
    const contents = fc.sample(validInput(entryOf("createMemory")), 300).map((i) => (i.body as { content: string }).content);
    expect(contents.some((c) => Array.from(c).length === 500)).toBe(true);
  });
});
