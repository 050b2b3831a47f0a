const MAX_TEXT = 60;
const SECRET_FIELDS = new Set(["key", "token", "secret", "password"]);

/**
 * A short description of an actual value for the report: its JSON type and
 * (for scalars) the value, e.g. `number 1763484127`, `string "yesterday"`,
 * `missing`. Values of fields named like a secret are withheld.
 */
export function describeValue(found: boolean, value: unknown, fieldName?: string): string {
  if (!found) return "missing";
  if (fieldName !== undefined && SECRET_FIELDS.has(fieldName.toLowerCase()) && value !== null)
    return `${jsonType(value)} (value withheld)`;
  if (value === null) return "null";
  if (typeof value === "string")
    return `string ${JSON.stringify(value.length > MAX_TEXT ? `${value.slice(0, MAX_TEXT)}…` : value)}`;
  if (typeof value === "number" || typeof value === "boolean") return `${typeof value} ${String(value)}`;
  if (Array.isArray(value)) return `array of ${value.length} item${value.length === 1 ? "" : "s"}`;
  if (typeof value === "object") {
    const keys = Object.keys(value as object);
    return keys.length ? `object {${keys.slice(0, 5).join(", ")}${keys.length > 5 ? ", …" : ""}}` : "object {}";
  }
  return typeof value;
}

/** The JSON type name of a value (`null`, `array`, `integer`-agnostic `number`, …). */
export function jsonType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

/** A short, single-line excerpt of a text. */
export function excerptText(text: string, max = MAX_TEXT): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}
