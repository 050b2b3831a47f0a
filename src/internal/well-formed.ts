import { OmiInputError } from "../core/errors.js";

/** Throws {@link OmiInputError} when `value` cannot be put in a URL (an unpaired UTF-16 surrogate). */
export function assertWellFormed(operationId: string, name: string, value: string): void {
  try {
    encodeURIComponent(value);
  } catch {
    throw new OmiInputError(`${operationId}: \`${name}\` contains an unpaired UTF-16 surrogate and cannot be sent in a URL`);
  }
}

/**
 * Checks every value (and value in an array) of a query object: strings with
 * {@link assertWellFormed}, and no object but a plain one (a `Date` has no
 * fields to send and would silently drop its filter).
 */
export function assertWellFormedQuery(operationId: string, query: unknown): void {
  if (!query || typeof query !== "object") return;
  for (const [name, value] of Object.entries(query)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (typeof item === "string") assertWellFormed(operationId, name, item);
      else if (item && typeof item === "object" && Object.getPrototypeOf(item) !== Object.prototype) {
        throw new OmiInputError(
          `${operationId}: \`${name}\` must be a string, a number or a boolean${item instanceof Date ? " (for a Date, pass date.toISOString())" : ""}`,
        );
      }
    }
  }
}
