import { createHash } from "node:crypto";

/**
 * A short digest of an item's content: SHA-256 of its canonical JSON (object
 * keys sorted at every depth, so a server that orders fields differently does
 * not make an item look edited), 16 bytes in base64. A refresh keeps one per
 * id instead of the items themselves, so its memory grows with the number of
 * ids, not with their content.
 */
export function contentHash(item: unknown): string {
  return createHash("sha256").update(canonicalJson(item)).digest("base64").slice(0, 22);
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
