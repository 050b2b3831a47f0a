import { OmiInputError } from "../core/errors/omi-input-error.js";

/** Throws {@link OmiInputError} when `value` cannot be put in a URL (an unpaired UTF-16 surrogate). */
export function assertWellFormed(operationId: string, name: string, value: string): void {
  try {
    encodeURIComponent(value);
  } catch {
    throw new OmiInputError(`${operationId}: \`${name}\` contains an unpaired UTF-16 surrogate and cannot be sent in a URL`);
  }
}

/** Checks every string (and string in an array) of a query object with {@link assertWellFormed}. */
export function assertWellFormedQuery(operationId: string, query: unknown): void {
  if (!query || typeof query !== "object") return;
  for (const [name, value] of Object.entries(query)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (typeof item === "string") assertWellFormed(operationId, name, item);
    }
  }
}
