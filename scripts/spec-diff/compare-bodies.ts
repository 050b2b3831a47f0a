/**
 * Comparing what travels in bodies: the request body, the responses by status, and the
 * `content` maps (media type → schema) of both. Error bodies follow the same rules as success
 * bodies (a client parses both).
 */
import { reportTextChange } from "./classify.js";
import { compareSchemas, type SchemaComparison } from "./compare-schemas.js";
import type { RefResolver } from "./resolve-refs.js";
import { asObject, isJsonObject, type JsonObject, type Severity } from "./types.js";

/** Media type without parameters, lower-cased (`Application/JSON; charset=utf-8` → `application/json`). */
function normaliseMediaType(mediaType: string): string {
  return (mediaType.split(";")[0] ?? mediaType).trim().toLowerCase();
}

/** The report location of a body: `<prefix>.body` for JSON, `<prefix>.body(<media type>)` otherwise. */
function bodyLocation(prefix: string, mediaType: string): string {
  return mediaType === "application/json" ? `${prefix}.body` : `${prefix}.body(${mediaType})`;
}

function mediaMap(content: unknown): Map<string, JsonObject> {
  const out = new Map<string, JsonObject>();
  if (!isJsonObject(content)) return out;
  for (const [type, media] of Object.entries(content)) {
    out.set(normaliseMediaType(type), isJsonObject(media) ? media : {});
  }
  return out;
}

const isJsonish = (type: string): boolean => type === "application/json" || type.endsWith("+json");

/**
 * Compares two `content` maps.
 * @param prefix - Location prefix, e.g. `request` or `response.200`.
 * @param removedSeverity - Severity of a media type that disappears.
 */
function compareContent(
  oldContent: unknown,
  newContent: unknown,
  prefix: string,
  cmp: SchemaComparison,
  removedSeverity: Severity,
): void {
  const before = mediaMap(oldContent);
  const after = mediaMap(newContent);
  const onlyBefore = [...before.keys()].filter((t) => !after.has(t));
  const onlyAfter = [...after.keys()].filter((t) => !before.has(t));
  const pairs: [string, string][] = [...before.keys()].filter((t) => after.has(t)).map((t) => [t, t]);
  // One JSON flavour swapped for another (e.g. application/json → application/problem+json): compare them.
  const [was, is] = [onlyBefore[0], onlyAfter[0]];
  const location = `${prefix}.content`;
  if (onlyBefore.length === 1 && onlyAfter.length === 1 && was && is && isJsonish(was) && isJsonish(is)) {
    const message = `media type changed from ${was} to ${is}`;
    cmp.emit({ kind: "changed", severity: "warning", aspect: "mediaType", location, message, before: was, after: is });
    pairs.push([was, is]);
    onlyBefore.length = 0;
    onlyAfter.length = 0;
  }
  for (const type of onlyBefore) {
    const severity = removedSeverity;
    cmp.emit({ kind: "removed", severity, aspect: "mediaType", location, message: `media type ${type} removed`, before: type });
  }
  for (const type of onlyAfter) {
    cmp.emit({
      kind: "added",
      severity: "info",
      aspect: "mediaType",
      location,
      message: `media type ${type} added`,
      after: type,
    });
  }
  for (const [oldType, newType] of pairs) {
    const oldSchema = before.get(oldType)?.schema;
    const newSchema = after.get(newType)?.schema;
    compareSchemas(oldSchema, newSchema, bodyLocation(prefix, newType), cmp);
  }
}

/** True when a `content` map declares at least one media type. */
function hasContent(content: unknown): boolean {
  return isJsonObject(content) && Object.keys(content).length > 0;
}

/**
 * Compares two (already `$ref`-resolved) request body objects; `undefined` means no body.
 * @param cmp - Comparison context; its `side` is ignored (request bodies are request-side).
 */
export function compareRequestBody(
  oldBody: JsonObject | undefined,
  newBody: JsonObject | undefined,
  cmp: SchemaComparison,
): void {
  const request: SchemaComparison = { ...cmp, side: "request" };
  const location = "request.body";
  if (oldBody === undefined || newBody === undefined) {
    if (newBody !== undefined) {
      const required = newBody.required === true;
      const message = `${required ? "required" : "optional"} request body added`;
      cmp.emit({ kind: "added", severity: required ? "breaking" : "info", aspect: "requestBody", location, message });
    } else if (oldBody !== undefined) {
      cmp.emit({ kind: "removed", severity: "breaking", aspect: "requestBody", location, message: "request body removed" });
    }
    return;
  }
  const [was, is] = [oldBody.required === true, newBody.required === true];
  if (was !== is) {
    const message = is ? "request body became required" : "request body became optional";
    cmp.emit({
      kind: "changed",
      severity: is ? "breaking" : "info",
      aspect: "required",
      location,
      message,
      before: was,
      after: is,
    });
  }
  if (cmp.verbose) {
    const [a, b] = [oldBody.description, newBody.description];
    reportTextChange(cmp.emit, "description", location, "request body description changed", a, b);
  }
  compareContent(oldBody.content, newBody.content, "request", request, "breaking");
}

function responseMap(responses: JsonObject, resolver: RefResolver): Map<string, JsonObject> {
  const out = new Map<string, JsonObject>();
  for (const [status, raw] of Object.entries(responses)) {
    // `2xx` and `2XX`, `Default` and `default` are the same key.
    const key = status.toLowerCase() === "default" ? "default" : status.toUpperCase();
    out.set(key, asObject(resolver.resolve(raw).node));
  }
  return out;
}

/**
 * Compares two `responses` maps.
 * @param resolvers - Resolvers of the base and other documents (responses are often `$ref`s).
 * @param cmp - Comparison context; its `side` is ignored (responses are response-side).
 */
export function compareResponses(
  oldResponses: JsonObject,
  newResponses: JsonObject,
  resolvers: { base: RefResolver; other: RefResolver },
  cmp: SchemaComparison,
): void {
  const response: SchemaComparison = { ...cmp, side: "response" };
  const before = responseMap(oldResponses, resolvers.base);
  const after = responseMap(newResponses, resolvers.other);
  const order = [...new Set([...before.keys(), ...after.keys()])].sort();
  for (const status of order) {
    const location = `response.${status}`;
    const success = status.startsWith("2");
    const oldResponse = before.get(status);
    const newResponse = after.get(status);
    if (oldResponse === undefined || newResponse === undefined) {
      const kind = oldResponse === undefined ? "added" : "removed";
      const severity = !success ? "info" : kind === "added" ? "warning" : "breaking";
      cmp.emit({ kind, severity, aspect: "status", location, message: `status ${status} ${kind}` });
      continue;
    }
    if (cmp.verbose) {
      const [a, b] = [oldResponse.description, newResponse.description];
      reportTextChange(cmp.emit, "description", location, "response description changed", a, b);
    }
    const hadBody = hasContent(oldResponse.content);
    const hasBody = hasContent(newResponse.content);
    if (hadBody && !hasBody) {
      const severity = success ? "breaking" : "warning";
      cmp.emit({ kind: "removed", severity, aspect: "body", location: `${location}.body`, message: "response body removed" });
    } else if (!hadBody && hasBody) {
      cmp.emit({ kind: "added", severity: "info", aspect: "body", location: `${location}.body`, message: "response body added" });
    } else if (hadBody && hasBody) {
      compareContent(oldResponse.content, newResponse.content, location, response, success ? "breaking" : "warning");
    }
  }
}
