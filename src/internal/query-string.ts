/**
 * Serializes query parameters the way openapi-fetch does by default (and the
 * spec's `form`/`explode` style): `name=value` pairs, arrays repeated
 * (`a=1&a=2`), objects as `name[key]=value`, `undefined` and `null` left out,
 * names and values percent-encoded. Returns `""` or a string starting with `?`.
 */
export function queryString(query: unknown): string {
  if (!query || typeof query !== "object") return "";
  const parts: string[] = [];
  const add = (name: string, value: unknown) => {
    if (value !== undefined && value !== null) parts.push(`${encodeURIComponent(name)}=${encodeURIComponent(String(value))}`);
  };
  for (const [name, value] of Object.entries(query)) {
    if (Array.isArray(value)) for (const item of value) add(name, item);
    else if (value && typeof value === "object") for (const [key, item] of Object.entries(value)) add(`${name}[${key}]`, item);
    else add(name, value);
  }
  return parts.length ? `?${parts.join("&")}` : "";
}
