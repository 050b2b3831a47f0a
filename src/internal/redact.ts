const KEY_SHAPES = /\b(omi_(?:dev|mcp)_)[A-Za-z0-9._~+/=-]+/g;
const BEARER = /\b(Bearer\s+)[^\s"',;]+/gi;

/** Replaces secrets in a text: the given secret strings, anything shaped like an Omi key, and bearer tokens. */
export type Redactor = (text: string) => string;

/**
 * Makes a redactor for the client's own secrets. `secrets` are replaced wherever
 * they appear (even when they do not look like keys, e.g. a Firebase token).
 */
export function createRedactor(secrets: () => ReadonlyArray<string | undefined>): Redactor {
  return (text) => {
    let out = text;
    for (const secret of secrets()) {
      if (secret && secret.length >= 8) out = out.split(secret).join("[REDACTED]");
    }
    return out.replace(KEY_SHAPES, "$1[REDACTED]").replace(BEARER, "$1[REDACTED]");
  };
}

/** Applies a redactor to every string inside a JSON-like value. */
export function redactDeep<T>(value: T, redact: Redactor): T {
  if (typeof value === "string") return redact(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => redactDeep(v, redact)) as T;
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v, redact)])) as T;
  }
  return value;
}
