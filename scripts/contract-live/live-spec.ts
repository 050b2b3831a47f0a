import { resolveLocalRef } from "../lib/load-spec.js";
import { HTTP_METHODS, type SpecDocument, type SpecOperation, type SpecParameter } from "../lib/spec-types.js";

/** One operation of the spec, as the live checks need it. */
export interface LiveOperation {
  operationId: string;
  /** Lower-case HTTP method. */
  method: string;
  /** Path template, e.g. `/v1/dev/user/goals/{goal_id}`. */
  path: string;
  /** Its parameters, `$ref`s resolved. */
  parameters: SpecParameter[];
  /** The documented response keys (`"200"`, `"4XX"`, `"default"`, …). */
  responseKeys: string[];
  operation: SpecOperation;
}

/** The documented response of an operation for one status. */
export interface DocumentedResponse {
  /** The response key that matched (`"404"`, `"4XX"`, `"default"`). */
  key: string;
  /** A `$ref`-able pointer (inside the document) to the JSON body schema, when a JSON body is documented. */
  jsonSchemaPointer: string | undefined;
  /** Whether any body content is documented. */
  hasContent: boolean;
}

/** The spec a live run checks against. */
export interface LiveSpec {
  document: SpecDocument;
  operations: Map<string, LiveOperation>;
}

/** Indexes the operations of a loaded OpenAPI document (see `scripts/lib/load-spec.ts`) by operationId. */
export function indexLiveSpec(document: SpecDocument): LiveSpec {
  const operations = new Map<string, LiveOperation>();
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, raw] of Object.entries(item)) {
      if (!(HTTP_METHODS as readonly string[]).includes(method)) continue;
      const operation = raw as SpecOperation;
      if (!operation.operationId) continue;
      const shared = (item.parameters as SpecOperation["parameters"]) ?? [];
      const parameters = [...shared, ...(operation.parameters ?? [])].map((p) => resolveLocalRef<SpecParameter>(document, p));
      operations.set(operation.operationId, {
        operationId: operation.operationId,
        method,
        path,
        parameters,
        responseKeys: Object.keys(operation.responses ?? {}),
        operation,
      });
    }
  }
  return { document, operations };
}

/** The response the spec documents for `status` (exact code, then `NXX`, then `default`), or undefined. */
export function documentedResponse(spec: LiveSpec, op: LiveOperation, status: number): DocumentedResponse | undefined {
  const candidates = [String(status), `${Math.floor(status / 100)}XX`, "default"];
  const key = candidates.find((k) => op.responseKeys.includes(k));
  if (key === undefined) return undefined;
  const raw = op.operation.responses?.[key] as { $ref?: string } | undefined;
  const base = raw?.$ref ?? `#/paths/${escapePointer(op.path)}/${op.method}/responses/${key}`;
  const resolved = resolveLocalRef(spec.document, raw) as { content?: Record<string, { schema?: unknown }> } | undefined;
  const content = resolved?.content ?? {};
  const json = content["application/json"];
  return {
    key,
    jsonSchemaPointer: json?.schema ? `${base}/content/${escapePointer("application/json")}/schema` : undefined,
    hasContent: Object.keys(content).length > 0,
  };
}

/** Escapes one JSON Pointer segment (`~` → `~0`, `/` → `~1`). */
export function escapePointer(segment: string): string {
  return segment.replace(/~/g, "~0").replace(/\//g, "~1");
}
