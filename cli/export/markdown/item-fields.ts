/**
 * Reading the mirror's items, which are JSON as the server sent it: every
 * field is checked for its type here, so that a field missing, `null` or of
 * another type renders as absent instead of failing the vault.
 */

/** A JSON object of the mirror. */
export type Item = Record<string, unknown>;

/** Whether a value is a JSON object. */
export function isItem(value: unknown): value is Item {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A string field, or `undefined`. */
export function text(item: Item | undefined, key: string): string | undefined {
  const value = item?.[key];
  return typeof value === "string" ? value : undefined;
}

/** A finite number field, or `undefined`. */
export function num(item: Item | undefined, key: string): number | undefined {
  const value = item?.[key];
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

/** An object field, or `undefined`. */
export function child(item: Item | undefined, key: string): Item | undefined {
  const value = item?.[key];
  return isItem(value) ? value : undefined;
}

/** The objects of an array field (other entries skipped); empty when absent. */
export function children(item: Item | undefined, key: string): Item[] {
  const value = item?.[key];
  return Array.isArray(value) ? value.filter(isItem) : [];
}

/** The strings of an array field; empty when absent. */
export function texts(item: Item | undefined, key: string): string[] {
  const value = item?.[key];
  return Array.isArray(value) ? value.filter((entry): entry is string => typeof entry === "string") : [];
}

/** Orders items by a string field, then by id: the vault lists them the same way whatever order the server used. */
export function byFieldThenId(key: string): (a: Item, b: Item) => number {
  return (a, b) => compare(text(a, key) ?? "", text(b, key) ?? "") || compare(text(a, "id") ?? "", text(b, "id") ?? "");
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
