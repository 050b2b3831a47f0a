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
export function normaliseMediaType(mediaType: string): string {
  return (mediaType.split(";")[0] ?? mediaType).trim().toLowerCase();
}

/** The report location of a body: `<prefix>.body` for JSON, `<prefix>.body(<media type>)` otherwise. */
export function bodyLocation(prefix: string, mediaType: string): string {
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
export function compareContent(
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
  const [lonelyBefore] = onlyBefore;
  const [lonelyAfter] = onlyAfter;
  if (
    onlyBefore.length === 1 &&
    onlyAfter.length === 1 &&
    lonelyBefore !== undefined &&
    lonelyAfter !== undefined &&
    isJsonish(lonelyBefore) &&
    isJsonish(lonelyAfter)
  ) {
    cmp.emit({
      kind: "changed",
      severity: "warning",
      aspect: "mediaType",
      location: `${prefix}.content`,
      message: `media type changed from ${lonelyBefore} to ${lonelyAfter}`,
      before: lonelyBefore,
      after: lonelyAfter,
    });
    pairs.push([lonelyBefore, lonelyAfter]);
    onlyBefore.length = 0;
    onlyAfter.length = 0;
  }
  for (const type of onlyBefore) {
    cmp.emit({
      kind: "removed",
      severity: removedSeverity,
      aspect: "mediaType",
      location: `${prefix}.content`,
      message: `media type ${type} removed`,
      before: type,
    });
  }
  for (const type of onlyAfter) {
    cmp.emit({
      kind: "added",
      severity: "info",
      aspect: "mediaType",
      location: `${prefix}.content`,
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
export function hasContent(content: unknown): boolean {
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
  if (oldBody === undefined && newBody === undefined) return;
  if (oldBody === undefined && newBody !== undefined) {
    const required = newBody.required === true;
    cmp.emit({
      kind: "added",
      severity: required ? "breaking" : "info",
      aspect: "requestBody",
      location,
      message: `${required ? "required" : "optional"} request body added`,
    });
    return;
  }
  if (oldBody !== undefined && newBody === undefined) {
    cmp.emit({ kind: "removed", severity: "breaking", aspect: "requestBody", location, message: "request body removed" });
    return;
  }
  if (oldBody === undefined || newBody === undefined) return;
  const wasRequired = oldBody.required === true;
  const isRequired = newBody.required === true;
  if (wasRequired !== isRequired) {
    cmp.emit({
      kind: "changed",
      severity: isRequired ? "breaking" : "info",
      aspect: "required",
      location,
      message: isRequired ? "request body became required" : "request body became optional",
      before: wasRequired,
      after: isRequired,
    });
  }
  if (cmp.verbose) {
    reportTextChange(
      cmp.emit,
      "description",
      location,
      "request body description changed",
      oldBody.description,
      newBody.description,
    );
  }
  compareContent(oldBody.content, newBody.content, "request", request, "breaking");
}

/** Normalises a status key: `2xx` → `2XX`, `Default` → `default`, numbers as strings. */
export function normaliseStatus(status: string): string {
  return status.toLowerCase() === "default" ? "default" : status.toUpperCase();
}

/** True for success statuses (`200`, `201`, `2XX`, …). */
export function isSuccessStatus(status: string): boolean {
  return status.startsWith("2");
}

function responseMap(responses: JsonObject, resolver: RefResolver): Map<string, JsonObject> {
  const out = new Map<string, JsonObject>();
  for (const [status, raw] of Object.entries(responses)) {
    out.set(normaliseStatus(status), asObject(resolver.resolve(raw).node));
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
    const success = isSuccessStatus(status);
    const oldResponse = before.get(status);
    const newResponse = after.get(status);
    if (oldResponse === undefined) {
      cmp.emit({
        kind: "added",
        severity: success ? "warning" : "info",
        aspect: "status",
        location,
        message: `status ${status} added`,
      });
      continue;
    }
    if (newResponse === undefined) {
      cmp.emit({
        kind: "removed",
        severity: success ? "breaking" : "info",
        aspect: "status",
        location,
        message: `status ${status} removed`,
      });
      continue;
    }
    if (cmp.verbose) {
      const [a, b] = [oldResponse.description, newResponse.description];
      reportTextChange(cmp.emit, "description", location, "response description changed", a, b);
    }
    const hadBody = hasContent(oldResponse.content);
    const hasBody = hasContent(newResponse.content);
    if (hadBody && !hasBody) {
      cmp.emit({
        kind: "removed",
        severity: success ? "breaking" : "warning",
        aspect: "body",
        location: `${location}.body`,
        message: "response body removed",
      });
    } else if (!hadBody && hasBody) {
      cmp.emit({ kind: "added", severity: "info", aspect: "body", location: `${location}.body`, message: "response body added" });
    } else if (hadBody && hasBody) {
      compareContent(oldResponse.content, newResponse.content, location, response, success ? "breaking" : "warning");
    }
  }
}
