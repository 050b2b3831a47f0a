/**
 * Listing the operations of a document in a form that can be matched across documents:
 * by HTTP method and path, where path-template variable names do not matter
 * (`/items/{id}` and `/items/{item_id}` are the same operation).
 */
import type { RefResolver } from "./resolve-refs.js";
import { asArray, asObject, asString, isJsonObject, type JsonObject } from "./types.js";

/** The HTTP methods a path item can hold, in the order reports list them. */
export const HTTP_METHODS = ["get", "post", "put", "patch", "delete", "head", "options", "trace"] as const;

/** One parameter of an operation (path-level and operation-level ones merged, `$ref`s resolved). */
export interface ParameterInfo {
  /** The parameter's name. */
  name: string;
  /** Where it goes: `path`, `query`, `header` or `cookie`. */
  in: string;
  /** Whether it must be sent (path parameters always must). */
  required: boolean;
  /** Whether it is marked deprecated. */
  deprecated: boolean;
  /** Its description, if any. */
  description: string | undefined;
  /** Its raw schema (from `schema`, or from the first `content` entry). */
  schema: unknown;
  /** Matching key across documents: `query:limit`, `header:x-id` (case-insensitive), `path#0` (by position). */
  key: string;
  /** Report location, e.g. `request.query.limit`. */
  location: string;
}

/** One operation of a document. */
export interface OperationInfo {
  /** Matching key: `METHOD /path` with template variables blanked (`GET /items/{}`). */
  key: string;
  /** Upper-case HTTP method. */
  method: string;
  /** The path as written in the document. */
  path: string;
  /** The operation object itself. */
  operation: JsonObject;
  /** The operation's `operationId`, if any. */
  operationId: string | undefined;
  /** Path-level and operation-level parameters, operation-level ones overriding. */
  parameters: ParameterInfo[];
  /** The request body object with `$ref` resolved, if any. */
  requestBody: JsonObject | undefined;
  /** Status code → response object (not yet resolved). */
  responses: JsonObject;
  /** The effective security requirements (the operation's, else the document's; `[]` = none). */
  security: unknown[];
}

/** Names of the template variables of a path, in order (`/a/{x}/b/{y}` → `["x", "y"]`). */
export function pathVariables(path: string): string[] {
  return [...path.matchAll(/\{([^}]*)\}/g)].map((m) => m[1] ?? "");
}

/** The matching key of an operation: upper-case method and the path with template variables blanked. */
export function operationKey(method: string, path: string): string {
  return `${method.toUpperCase()} ${path.replace(/\{[^}]*\}/g, "{}")}`;
}

function parameterInfo(raw: JsonObject, path: string): ParameterInfo | undefined {
  const name = asString(raw.name);
  const location = asString(raw.in);
  if (name === undefined || location === undefined) return undefined;
  let schema: unknown = raw.schema;
  if (schema === undefined && isJsonObject(raw.content)) {
    const first = Object.values(raw.content)[0];
    schema = isJsonObject(first) ? first.schema : undefined;
  }
  let key: string;
  if (location === "path") {
    const index = pathVariables(path).indexOf(name);
    key = index >= 0 ? `path#${index}` : `path:${name}`;
  } else if (location === "header") {
    key = `header:${name.toLowerCase()}`;
  } else {
    key = `${location}:${name}`;
  }
  return {
    name,
    in: location,
    required: location === "path" || raw.required === true,
    deprecated: raw.deprecated === true,
    description: asString(raw.description),
    schema,
    key,
    location: `request.${location}.${name}`,
  };
}

function collectParameters(lists: unknown[][], path: string, resolver: RefResolver): ParameterInfo[] {
  const byKey = new Map<string, ParameterInfo>();
  for (const list of lists) {
    for (const entry of list) {
      const resolved = resolver.resolve(entry).node;
      if (!isJsonObject(resolved)) continue;
      const info = parameterInfo(resolved, path);
      if (info) byKey.set(info.key, info);
    }
  }
  return [...byKey.values()];
}

/**
 * Collects the operations of a document, keyed by {@link operationKey}.
 * @param document - The OpenAPI document.
 * @param resolver - Resolver for `$ref`s in the same document (path items, parameters, request bodies).
 */
export function collectOperations(document: JsonObject, resolver: RefResolver): Map<string, OperationInfo> {
  const out = new Map<string, OperationInfo>();
  const documentSecurity = Array.isArray(document.security) ? document.security : [];
  for (const [path, rawItem] of Object.entries(asObject(document.paths))) {
    const pathItem = asObject(resolver.resolve(rawItem).node);
    for (const method of HTTP_METHODS) {
      const operation = pathItem[method];
      if (!isJsonObject(operation)) continue;
      const body = resolver.resolve(operation.requestBody).node;
      const info: OperationInfo = {
        key: operationKey(method, path),
        method: method.toUpperCase(),
        path,
        operation,
        operationId: asString(operation.operationId),
        parameters: collectParameters([asArray(pathItem.parameters), asArray(operation.parameters)], path, resolver),
        requestBody: isJsonObject(body) ? body : undefined,
        responses: asObject(operation.responses),
        security: Array.isArray(operation.security) ? operation.security : documentSecurity,
      };
      out.set(info.key, info);
    }
  }
  return out;
}
