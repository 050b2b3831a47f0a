import { OmiInputError } from "../core/errors.js";
import { assertWellFormed } from "./well-formed.js";

/**
 * Checks the path arguments of a call and returns them by the spec's names.
 * Ids are percent-encoded when the URL is built (so `a/b` stays one segment);
 * an empty id, `.` or `..` would still change the route, so they are refused.
 */
export function pathParamsObject(
  operationId: string,
  names: readonly string[],
  values: readonly unknown[],
): Record<string, string> {
  const out: Record<string, string> = {};
  names.forEach((name, i) => {
    const value = values[i];
    if (typeof value !== "string" && typeof value !== "number") {
      throw new OmiInputError(`${operationId}: \`${name}\` must be a string, got ${value === null ? "null" : typeof value}`);
    }
    const text = String(value);
    if (text.trim() === "" || text === "." || text === "..") {
      throw new OmiInputError(
        `${operationId}: \`${name}\` must be a non-empty id other than "." and ".." (got ${JSON.stringify(text)})`,
      );
    }
    assertWellFormed(operationId, name, text);
    out[name] = text;
  });
  return out;
}

/** The path template with the ids filled in, percent-encoded, for messages and logs. */
export function fillPath(template: string, ids: Record<string, string>): string {
  if (!template.includes("{")) return template; // most listings: no regex on every call
  return template.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(ids[name] ?? ""));
}
