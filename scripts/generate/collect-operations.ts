import { collectBodyRules, type BodyRule } from "./collect-body-rules.js";
import { resolveLocalRef } from "../lib/load-spec.js";
import { camelCase, groupNameFromTag, helperNameFromOperationId } from "./helper-naming.js";
import {
  HTTP_METHODS,
  type ExtraRateLimitGroup,
  type PaginationExtension,
  type PollExtension,
  type SpecDocument,
  type SpecOperation,
  type SpecParameter,
} from "../lib/spec-types.js";

/** A parameter as the helpers expose it. */
export interface ParameterInfo {
  name: string;
  /** The helper's argument name (camelCase) for path parameters. */
  argName: string;
  required: boolean;
  description: string | undefined;
}

/** One error or success status of an operation, with the spec's description of it. */
export interface StatusInfo {
  status: number;
  description: string;
}

/** Everything the renderers need to know about one operation. */
export interface OperationInfo {
  operationId: string;
  method: string;
  path: string;
  tag: string;
  group: string;
  helper: string;
  summary: string;
  description: string;
  pathParams: ParameterInfo[];
  queryParams: ParameterInfo[];
  query: "none" | "optional" | "required";
  body: "none" | "optional" | "required";
  bodyDescription: string | undefined;
  security: string;
  statuses: StatusInfo[];
  timeoutMs: number | undefined;
  idempotencyKey: string | undefined;
  idempotent: boolean | undefined;
  poll: PollExtension | undefined;
  rateLimitGroup: string | undefined;
  extraRateLimitGroups: ExtraRateLimitGroup[] | undefined;
  pagination: PaginationExtension | undefined;
  batch: { itemsField: string; resultField: string; maxItems: number } | undefined;
  /** A batch's item and created-item types by schema name (`CreateMemoryRequest[]`, `Memory[]`), when the spec names them. */
  batchTypes: { items: string | undefined; result: string | undefined } | undefined;
  bodyRules: BodyRule[] | undefined;
  /** The JSON body's type by schema name (`CreateMemoryRequest`), when the spec names it. */
  bodyType: string | undefined;
  /** The 2xx result's type by schema name (`Conversation[]`, `Memory`, `undefined` for no content), when the spec names it. */
  resultType: string | undefined;
  /** For a listing whose answer is an object, the type of an item of its `itemsField` by schema name (`DailySummary`), when the spec names it. */
  pageItemType: string | undefined;
}

/** A helper group (one per tag) and its description. */
export interface GroupInfo {
  group: string;
  tag: string;
  description: string;
  operations: OperationInfo[];
}

/**
 * Walks the spec's paths and returns every operation with the names of its helper,
 * sorted by operationId so that the generated files are stable.
 * Throws when two operations would get the same helper, or an operation has no operationId or tag.
 */
export function collectOperations(doc: SpecDocument): OperationInfo[] {
  const tags = new Map((doc.tags ?? []).map((t) => [t.name, t]));
  const defaultSecurity = firstScheme(doc.security) ?? "none";
  const operations: OperationInfo[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    const shared = (item.parameters as SpecOperation["parameters"]) ?? [];
    for (const method of HTTP_METHODS) {
      const raw = item[method] as SpecOperation | undefined;
      if (!raw) continue;
      const where = `${method.toUpperCase()} ${path}`;
      if (!raw.operationId) throw new Error(`${where} has no operationId`);
      const tag = raw.tags?.[0];
      if (!tag) throw new Error(`${where} (${raw.operationId}) has no tag`);
      const params = [...shared, ...(raw.parameters ?? [])].map((p) => resolveLocalRef<SpecParameter>(doc, p));
      // A helper has no argument for them: it would compile and send the request without them.
      const unsupported = params.find((p) => p.in !== "path" && p.in !== "query");
      if (unsupported) {
        throw new Error(
          `${where} (${raw.operationId}): ${unsupported.in} parameter ${unsupported.name} is not supported by the generated helpers ` +
            "(only path and query parameters are); describe the header in the operation's description, for callers to pass with the `headers` option",
        );
      }
      const pathParams = orderPathParams(
        path,
        params.filter((p) => p.in === "path"),
      ).map(toParameterInfo);
      const queryParams = params.filter((p) => p.in === "query").map(toParameterInfo);
      const body = raw.requestBody ? resolveLocalRef(doc, raw.requestBody) : undefined;
      const batch = collectBatch(doc, raw);
      operations.push({
        operationId: raw.operationId,
        method,
        path,
        tag,
        group: tags.get(tag)?.["x-omi-group"] ?? groupNameFromTag(tag),
        helper: raw["x-omi-helper"] ?? helperNameFromOperationId(raw.operationId, tag),
        summary: raw.summary ?? raw.operationId,
        description: raw.description ?? "",
        pathParams,
        queryParams,
        query: queryParams.length === 0 ? "none" : queryParams.some((p) => p.required) ? "required" : "optional",
        body: !body ? "none" : body.required ? "required" : "optional",
        bodyDescription: body?.description,
        security: raw.security ? (firstScheme(raw.security) ?? "none") : defaultSecurity,
        statuses: collectStatuses(doc, raw),
        timeoutMs: raw["x-omi-timeout-ms"],
        idempotencyKey: raw["x-omi-idempotency-key"],
        idempotent: raw["x-omi-idempotent"] === true ? true : undefined,
        poll: raw["x-omi-poll"],
        rateLimitGroup: raw["x-omi-rate-limit-group"],
        extraRateLimitGroups: raw["x-omi-extra-rate-limit-groups"],
        pagination: raw["x-omi-pagination"],
        batch,
        batchTypes: collectBatchTypes(doc, raw, batch),
        bodyRules: bodyRulesOf(doc, body),
        bodyType: namedType(jsonSchema(body)),
        resultType: resultTypeOf(doc, raw),
        pageItemType: pageItemTypeOf(doc, raw),
      });
    }
  }
  assertUniqueHelpers(operations);
  for (const op of operations) {
    // Polling sends the call again and again: only a read, or a write the server keeps from repeating, may be polled.
    if (op.poll && op.method !== "get" && !op.idempotencyKey && !op.idempotent) {
      throw new Error(`${op.operationId}: x-omi-poll needs a read, an x-omi-idempotency-key or x-omi-idempotent`);
    }
  }
  return operations.sort((a, b) => a.operationId.localeCompare(b.operationId));
}

/** Groups operations by helper group, in the order of the spec's tags. */
export function groupOperations(doc: SpecDocument, operations: OperationInfo[]): GroupInfo[] {
  const groups = new Map<string, GroupInfo>();
  for (const tag of doc.tags ?? []) {
    const group = tag["x-omi-group"] ?? groupNameFromTag(tag.name);
    groups.set(group, { group, tag: tag.name, description: tag.description ?? tag.name, operations: [] });
  }
  for (const op of operations) {
    let info = groups.get(op.group);
    if (!info) {
      info = { group: op.group, tag: op.tag, description: op.tag, operations: [] };
      groups.set(op.group, info);
    }
    info.operations.push(op);
  }
  return [...groups.values()].filter((g) => g.operations.length > 0);
}

function toParameterInfo(p: SpecParameter): ParameterInfo {
  return { name: p.name, argName: camelCase(p.name), required: p.required === true, description: p.description };
}

function orderPathParams(path: string, params: SpecParameter[]): SpecParameter[] {
  const names = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] as string);
  return names.map((name) => {
    const found = params.find((p) => p.name === name);
    if (!found) throw new Error(`${path}: path parameter {${name}} is not declared`);
    return found;
  });
}

function collectStatuses(doc: SpecDocument, op: SpecOperation): StatusInfo[] {
  return Object.entries(op.responses ?? {})
    .filter(([code]) => /^\d{3}$/.test(code))
    .map(([code, response]) => ({
      status: Number(code),
      description: resolveLocalRef(doc, response).description ?? "",
    }));
}

function collectBatch(doc: SpecDocument, op: SpecOperation): OperationInfo["batch"] {
  const batch = op["x-omi-batch"];
  if (!batch || !op.requestBody) return undefined;
  const body = resolveLocalRef(doc, op.requestBody);
  const media = body.content?.["application/json"] as { schema?: unknown } | undefined;
  const schema = resolveLocalRef<{ properties?: Record<string, unknown> }>(doc, media?.schema as object);
  const items = resolveLocalRef<{ maxItems?: number }>(doc, schema.properties?.[batch.itemsField] as object);
  if (typeof items?.maxItems !== "number") {
    throw new Error(`${op.operationId}: x-omi-batch field "${batch.itemsField}" needs a maxItems in the schema`);
  }
  return { itemsField: batch.itemsField, resultField: batch.resultField, maxItems: items.maxItems };
}

function collectBatchTypes(doc: SpecDocument, op: SpecOperation, batch: OperationInfo["batch"]): OperationInfo["batchTypes"] {
  if (!batch || !op.requestBody) return undefined;
  const body = resolveLocalRef<ObjectSchema>(doc, (jsonSchema(resolveLocalRef(doc, op.requestBody)) ?? {}) as ObjectSchema);
  const result = resolveLocalRef<ObjectSchema>(doc, (successSchemas(doc, op)[0] ?? {}) as ObjectSchema);
  return { items: requiredProperty(body, batch.itemsField), result: requiredProperty(result, batch.resultField) };
}

interface ObjectSchema {
  properties?: Record<string, unknown>;
  required?: string[];
}

const SCHEMA_REF = "#/components/schemas/";

/**
 * A schema as a type by name: `Name` for a `$ref` to `#/components/schemas/Name`,
 * `Name[]` for an array of them; `undefined` for anything else (inline schemas
 * keep the generic `OperationResult<…>` form). The names are those of generated/schemas.ts.
 */
export function namedType(schema: unknown): string | undefined {
  const refName = (value: unknown) => {
    const ref = value && typeof value === "object" ? (value as { $ref?: unknown }).$ref : undefined;
    return typeof ref === "string" && ref.startsWith(SCHEMA_REF) ? ref.slice(SCHEMA_REF.length) : undefined;
  };
  const name = refName(schema);
  if (name) return name;
  const array = schema as { type?: unknown; items?: unknown } | undefined;
  const item = array?.type === "array" ? refName(array.items) : undefined;
  return item && `${item}[]`;
}

function jsonSchema(holder: { content?: Record<string, unknown> } | undefined): unknown {
  return (holder?.content?.["application/json"] as { schema?: unknown } | undefined)?.schema;
}

function successSchemas(doc: SpecDocument, op: SpecOperation): unknown[] {
  return Object.entries(op.responses ?? {})
    .filter(([code]) => /^2\d\d$/.test(code))
    .map(([, response]) => jsonSchema(resolveLocalRef(doc, response) as { content?: Record<string, unknown> }));
}

// One 2xx response (the helper resolves to its body): its named type, or `undefined` (the type) for no content.
function resultTypeOf(doc: SpecDocument, op: SpecOperation): string | undefined {
  const schemas = successSchemas(doc, op);
  if (schemas.length !== 1) return undefined;
  return schemas[0] === undefined ? "undefined" : namedType(schemas[0]);
}

// A listing's item type when its answer is an object holding the items in `itemsField` (an array of a named schema).
function pageItemTypeOf(doc: SpecDocument, op: SpecOperation): string | undefined {
  const field = op["x-omi-pagination"]?.itemsField;
  const schemas = successSchemas(doc, op);
  if (!field || schemas.length !== 1) return undefined;
  const result = resolveLocalRef<ObjectSchema>(doc, (schemas[0] ?? {}) as ObjectSchema);
  const items = namedType(result.properties?.[field]);
  return items?.endsWith("[]") ? items.slice(0, -2) : undefined;
}

// A required property's named type (an optional one would be `T | undefined`).
function requiredProperty(schema: ObjectSchema, name: string): string | undefined {
  return schema.required?.includes(name) ? namedType(schema.properties?.[name]) : undefined;
}

function bodyRulesOf(doc: SpecDocument, body: { content?: Record<string, unknown> } | undefined): BodyRule[] | undefined {
  const media = body?.content?.["application/json"] as { schema?: unknown } | undefined;
  const rules = media?.schema ? collectBodyRules(doc, media.schema) : [];
  return rules.length ? rules : undefined;
}

function firstScheme(security: SpecOperation["security"]): string | undefined {
  const first = security?.[0];
  return first ? Object.keys(first)[0] : undefined;
}

function assertUniqueHelpers(operations: OperationInfo[]): void {
  const seen = new Map<string, string>();
  for (const op of operations) {
    for (const helper of op.poll ? [op.helper, op.poll.helper] : [op.helper]) {
      const key = `${op.group}.${helper}`;
      const other = seen.get(key);
      if (other) {
        throw new Error(`${other} and ${op.operationId} both map to helper ${key}; set x-omi-helper on one of them`);
      }
      seen.set(key, op.operationId);
    }
  }
}
