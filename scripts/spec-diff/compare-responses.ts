/**
 * Comparing the responses of one operation across documents: status codes, then each shared
 * status's body. Error bodies follow the same rules as success bodies (a client parses both).
 */
import { compareContent, hasContent } from "./compare-content.js";
import type { SchemaComparison } from "./compare-schemas.js";
import type { RefResolver } from "./resolve-refs.js";
import { asObject, type JsonObject } from "./types.js";

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
    if (cmp.verbose && oldResponse.description !== newResponse.description) {
      cmp.emit({
        kind: "changed",
        severity: "info",
        aspect: "description",
        location,
        message: "response description changed",
        before: oldResponse.description,
        after: newResponse.description,
      });
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
