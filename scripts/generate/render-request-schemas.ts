import { GENERATED_HEADER } from "./generated-header.js";
import { resolveLocalRef } from "../lib/load-spec.js";
import type { SpecDocument, SpecOperation, SpecParameter } from "../lib/spec-types.js";
import { tsdoc } from "./tsdoc.js";

// The JSON Schema keywords a request check reads; documentation, examples and defaults stay out.
const KEPT = new Set([
  "type",
  "enum",
  "const",
  "format",
  "pattern",
  "minLength",
  "maxLength",
  "minimum",
  "maximum",
  "minItems",
  "maxItems",
  "minProperties",
  "required",
  "properties",
  "additionalProperties",
  "items",
  "anyOf",
  "$ref",
]);
const METHODS = ["get", "post", "put", "patch", "delete"];

/** A schema with only the keywords a request check reads, `$ref`s left as they are. */
function strip(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(strip);
  if (!schema || typeof schema !== "object") return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (!KEPT.has(key)) continue;
    if (key === "properties") {
      out[key] = Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([n, s]) => [n, strip(s)]));
    } else out[key] = key === "enum" || key === "required" || key === "const" ? value : strip(value);
  }
  return out;
}

/** The names of the component schemas a schema refers to, directly or through others. */
function collectRefs(doc: SpecDocument, schema: unknown, into: Set<string>): void {
  if (Array.isArray(schema)) return schema.forEach((s) => collectRefs(doc, s, into));
  if (!schema || typeof schema !== "object") return;
  const ref = (schema as { $ref?: unknown }).$ref;
  if (typeof ref === "string") {
    const name = ref.replace("#/components/schemas/", "");
    if (into.has(name)) return;
    into.add(name);
    collectRefs(doc, resolveLocalRef(doc, { $ref: ref }), into);
  }
  for (const value of Object.values(schema)) collectRefs(doc, value, into);
}

/**
 * What a server checks of each request before its handler runs, per operation: the
 * path ids (name, schema), the query parameters (name, whether required, schema) and the
 * JSON body's schema, with the component schemas they refer to. Read by the client, which
 * refuses a call that does not fit before sending it (`checkRequest` in
 * `src/internal/input-checks.ts`), and by `omi-developer-api/testing`, whose fake answers
 * such a request with the server's list-form 422.
 */
export function renderRequestSchemas(doc: SpecDocument): string {
  const operations: Record<string, { path?: unknown[]; query: unknown[]; body?: unknown; bodyRequired?: boolean }> = {};
  const refs = new Set<string>();
  for (const item of Object.values(doc.paths)) {
    const shared = ((item.parameters as unknown[] | undefined) ?? []).map((p) =>
      resolveLocalRef<SpecParameter>(doc, p as SpecParameter),
    );
    for (const method of METHODS) {
      const op = item[method] as SpecOperation | undefined;
      if (!op?.operationId) continue;
      const own = (op.parameters ?? []).map((p) => resolveLocalRef<SpecParameter>(doc, p as SpecParameter));
      const params = [...shared.filter((s) => !own.some((o) => o.name === s.name && o.in === s.in)), ...own];
      const path = params.filter((p) => p.in === "path").map((p) => ({ name: p.name, schema: strip(p.schema ?? {}) }));
      const query = params
        .filter((p) => p.in === "query")
        .map((p) => ({ name: p.name, required: p.required === true, schema: strip(p.schema ?? {}) }));
      const requestBody = op.requestBody ? resolveLocalRef(doc, op.requestBody) : undefined;
      const body = (requestBody?.content?.["application/json"] as { schema?: unknown } | undefined)?.schema;
      collectRefs(doc, path, refs);
      collectRefs(doc, query, refs);
      collectRefs(doc, body, refs);
      operations[op.operationId] = {
        ...(path.length ? { path } : {}),
        query,
        ...(body === undefined ? {} : { body: strip(body), bodyRequired: requestBody?.required === true }),
      };
    }
  }
  const schemas = (doc.components?.schemas ?? {}) as Record<string, unknown>;
  const definitions = Object.fromEntries([...refs].sort().map((name) => [name, strip(schemas[name])]));
  const sorted = Object.fromEntries(Object.entries(operations).sort(([a], [b]) => a.localeCompare(b)));
  return [
    GENERATED_HEADER,
    `import type { RequestModel, RequestSchema } from "../src/core/request-schema.js";`,
    "",
    tsdoc(
      [
        "What the server checks of each request before its handler runs, keyed by operationId: the",
        "path ids, the query parameters and the JSON body, as the spec's schemas without their",
        "documentation. The client checks every call against it before sending; the fake answers 422.",
      ],
      "",
    ),
    `export const requestModels: Readonly<Record<string, RequestModel>> = ${JSON.stringify(sorted, null, 2)};`,
    "",
    tsdoc(["The component schemas the request models refer to (`#/components/schemas/<name>`)."], ""),
    `export const requestDefinitions: Readonly<Record<string, RequestSchema>> = ${JSON.stringify(definitions, null, 2)};`,
    "",
  ].join("\n");
}
