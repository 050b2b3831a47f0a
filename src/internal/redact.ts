const KEY_SHAPES = /\b(omi_(?:dev|mcp)_)[A-Za-z0-9._~+/=-]+/g;
const BEARER = /\b(Bearer\s+)[^\s"',;]+/gi;
// Credentials learned while calling (tokens returned by a function), kept per redactor; the newest few suffice.
const MAX_LEARNED = 8;
const learned = new WeakMap<Redactor, string[]>();

/** Replaces secrets in a text: the given secret strings, anything shaped like an Omi key, and bearer tokens. */
export type Redactor = (text: string) => string;

/**
 * Makes a redactor for the client's own secrets. `secrets` are replaced wherever
 * they appear (even when they do not look like keys, e.g. a Firebase token), and
 * so are the secrets later given to {@link rememberSecret}.
 */
export function createRedactor(secrets: () => ReadonlyArray<string | undefined>): Redactor {
  const known: string[] = [];
  const redact: Redactor = (text) => {
    let out = text;
    for (const list of [secrets(), known]) {
      for (const secret of list) if (secret && secret.length >= 8) out = out.split(secret).join("[REDACTED]");
    }
    return out.replace(KEY_SHAPES, "$1[REDACTED]").replace(BEARER, "$1[REDACTED]");
  };
  learned.set(redact, known);
  return redact;
}

/**
 * Teaches a redactor made by {@link createRedactor} a secret only known at call
 * time, e.g. a Firebase ID token returned by a `firebaseIdToken` function, so
 * that a server echoing it bare (without `Bearer `) is still redacted. Keeps the
 * newest few; a no-op for other redactors.
 */
export function rememberSecret(redact: Redactor, secret: string): void {
  const known = learned.get(redact);
  if (!known || known.includes(secret)) return;
  known.push(secret);
  if (known.length > MAX_LEARNED) known.shift();
}

/** Applies a redactor to every string inside a JSON-like value, property names included. */
export function redactDeep<T>(value: T, redact: Redactor): T {
  if (typeof value === "string") return redact(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => redactDeep(v, redact)) as T;
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [redact(k), redactDeep(v, redact)])) as T;
  }
  return value;
}
