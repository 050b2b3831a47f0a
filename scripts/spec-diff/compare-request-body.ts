/**
 * Comparing the request body of one operation across documents.
 */
import { compareContent } from "./compare-content.js";
import type { SchemaComparison } from "./compare-schemas.js";
import type { JsonObject } from "./types.js";

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
  if (cmp.verbose && oldBody.description !== newBody.description) {
    cmp.emit({
      kind: "changed",
      severity: "info",
      aspect: "description",
      location,
      message: "request body description changed",
      before: oldBody.description,
      after: newBody.description,
    });
  }
  compareContent(oldBody.content, newBody.content, "request", request, "breaking");
}
