import fc from "fast-check";
import { operationTable } from "../../generated/operations.js";
import { resolveLocalRef } from "../../scripts/lib/load-spec.js";
import type { OperationSpec } from "../../src/core/operation-spec.js";
import { schemaArbitrary, type JsonSchema } from "./schema-arbitrary.js";
import { parametersOf, spec, type SpecEntry } from "./spec.js";
import { SPECIAL_CHARACTERS } from "./text-arbitraries.js";

/** The arguments of one helper call, before the per-call options. */
export interface OperationInput {
  /** Path ids, in path order. */
  ids: string[];
  body?: unknown;
  query?: Record<string, unknown>;
}

/** The generated operation table row of a spec entry. */
export function rowOf(entry: SpecEntry): OperationSpec {
  return (operationTable as Readonly<Record<string, OperationSpec>>)[entry.operationId] as OperationSpec;
}

/** The helper's arguments for an input: ids, then the body and/or query the operation takes, then `options`. */
export function helperArguments(entry: SpecEntry, input: OperationInput, options: object): unknown[] {
  const row = rowOf(entry);
  return [...input.ids, ...(row.body === "none" ? [] : [input.body]), ...(row.query === "none" ? [] : [input.query]), options];
}

/** Whether the client accepts a string as a path id (it refuses blank ids, `.` and `..`, which would change the route). */
export function isUsableId(id: string): boolean {
  return id.trim() !== "" && id !== "." && id !== "..";
}

/**
 * Path ids from the parameter's schema, often made only of characters that
 * must be percent-encoded (`/`, `?`, `#`, `%`, space, non-ASCII).
 */
export function idArbitrary(schema: JsonSchema): fc.Arbitrary<string> {
  const fromSchema = schemaArbitrary({ ...schema, minLength: Math.max(1, schema.minLength ?? 0) }, spec) as fc.Arbitrary<string>;
  const special = fc.string({ unit: fc.constantFrom(...SPECIAL_CHARACTERS), minLength: 1, maxLength: 8 });
  return fc.oneof(fromSchema, special).filter(isUsableId);
}

/** Valid inputs of an operation, all generated from its parameter and request body schemas. */
export function validInput(entry: SpecEntry): fc.Arbitrary<OperationInput> {
  return inputArbitrary(entry, bodySchemaOf(entry));
}

/**
 * Inputs of an operation: ids and query from its parameters, and the body from
 * `body` (a schema) or `bodyValue` (an arbitrary of bodies), when it takes one.
 */
export function inputArbitrary(
  entry: SpecEntry,
  body: JsonSchema | undefined,
  bodyValue?: fc.Arbitrary<unknown>,
): fc.Arbitrary<OperationInput> {
  const row = rowOf(entry);
  const params = parametersOf(entry);
  const ids = fc.tuple(
    ...row.pathParams.map((name) =>
      idArbitrary((params.find((p) => p.name === name && p.in === "path")?.schema ?? { type: "string" }) as JsonSchema),
    ),
  );
  const queryParams = params.filter((p) => p.in === "query");
  const queryModel: Record<string, fc.Arbitrary<unknown>> = {};
  for (const p of queryParams) queryModel[p.name] = schemaArbitrary((p.schema ?? {}) as JsonSchema, spec);
  const queryRecord = fc.record(queryModel, {
    requiredKeys: queryParams.filter((p) => p.required).map((p) => p.name),
  }) as fc.Arbitrary<Record<string, unknown>>;
  const query =
    row.query === "optional"
      ? fc.option(queryRecord, { nil: undefined })
      : row.query === "required"
        ? queryRecord
        : fc.constant(undefined);
  const bodyArb = bodyValue ?? (body ? schemaArbitrary(body, spec) : fc.constant(undefined));
  return fc.record({ ids, body: bodyArb, query }).map(({ ids: idList, body: b, query: q }) => ({
    ids: idList,
    ...(b === undefined ? {} : { body: b }),
    ...(q === undefined ? {} : { query: q }),
  }));
}

/** The JSON request body schema of an operation, if it takes a body. */
export function bodySchemaOf(entry: SpecEntry): JsonSchema | undefined {
  if (!entry.operation.requestBody) return undefined;
  const requestBody = resolveLocalRef(spec, entry.operation.requestBody);
  return (requestBody.content?.["application/json"] as { schema?: JsonSchema } | undefined)?.schema;
}

/** The schema with its `$ref` (if any) followed. */
export function resolve(schema: JsonSchema): JsonSchema {
  return resolveLocalRef<JsonSchema>(spec, schema as JsonSchema | { $ref: string });
}

/** The object schema's properties with their `$ref`s followed. */
export function resolvedProperties(schema: JsonSchema): Record<string, JsonSchema> {
  return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([n, p]) => [n, resolve(p)]));
}

/** Valid values of an object schema. */
export function validBody(schema: JsonSchema): fc.Arbitrary<Record<string, unknown>> {
  return schemaArbitrary(schema, spec) as fc.Arbitrary<Record<string, unknown>>;
}

/** Inputs whose body schema is `root` with one property replaced (and required). */
export function withProperty(
  entry: SpecEntry,
  root: JsonSchema,
  name: string,
  replacement: JsonSchema,
): fc.Arbitrary<OperationInput> {
  const schema: JsonSchema = {
    ...root,
    required: [...new Set([...(root.required ?? []), name])],
    properties: { ...root.properties, [name]: replacement },
  };
  return inputArbitrary(entry, schema);
}

/** The schema without `"null"` among its types. */
export function nonNull(schema: JsonSchema): JsonSchema {
  if (schema.anyOf) {
    // `anyOf: [X, {type: null}]`: keep X, with the property's own keywords (its x-omi-* rules).
    const { anyOf, ...rest } = schema;
    const branches = anyOf.filter((branch) => resolve(branch).type !== "null");
    return branches.length === 1 ? { ...rest, ...branches[0] } : { ...rest, anyOf: branches };
  }
  const type = Array.isArray(schema.type) ? schema.type.filter((t) => t !== "null") : schema.type;
  return { ...schema, type: Array.isArray(type) && type.length === 1 ? type[0] : type };
}
