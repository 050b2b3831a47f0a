import { OmiInputError } from "../core/errors/omi-input-error.js";

// A UTF-16 surrogate without its pair cannot be encoded in a URL (encodeURIComponent throws).
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Throws {@link OmiInputError} when `value` holds a lone surrogate, which no URL can carry. */
export function assertWellFormed(operationId: string, name: string, value: string): void {
  if (LONE_SURROGATE.test(value)) {
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
