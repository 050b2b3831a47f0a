import { createHash } from "node:crypto";

/**
 * A short digest of an item's content: the first 48 bits of the SHA-256 of its
 * canonical JSON (object keys sorted at every depth, so a server that orders
 * fields differently does not make an item look edited), as a number. A
 * refresh keeps one per id instead of the items themselves, so its memory
 * grows with the number of ids, not with their content; a number takes less
 * than a string, and an edit goes unseen only with a chance of 2⁻⁴⁸.
 */
export function contentHash(item: unknown): number {
  return createHash("sha256").update(canonicalJson(item)).digest().readUIntBE(0, 6);
}

/** JSON with object keys sorted at every depth (arrays keep their order). */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== "object" || value === null) return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) sorted[key] = sortKeys((value as Record<string, unknown>)[key]);
  return sorted;
}
