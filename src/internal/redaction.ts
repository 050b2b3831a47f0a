// Keeping the client's secrets out of everything it writes: error messages and their causes,
// log lines, and whatever else quotes a request (the export's output, the live checks' reports).

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

const MAX_CAUSE_DEPTH = 5;

/** Something shaped like an `Error` (checked by shape: errors from another realm fail `instanceof Error`). */
export interface ErrorLike {
  name: string;
  message: string;
  stack?: string;
  cause?: unknown;
}

/** Whether `value` is shaped like an `Error`: an object with a string `message`. */
export function isErrorLike(value: unknown): value is ErrorLike {
  return typeof value === "object" && value !== null && typeof (value as { message?: unknown }).message === "string";
}

/**
 * The error to keep as the `cause` of a client error: `error` itself when it
 * holds no secret (the usual case, so its identity and details survive), else a
 * plain `Error` copy with the same name, redacted message and stack, its
 * primitive fields (e.g. `code`) redacted, and its own `cause` treated the same
 * way. Guards against a custom `fetch` whose errors quote the request headers.
 */
export function redactError(error: unknown, redact: Redactor, depth = 0): unknown {
  if (!holdsSecret(error, redact, 0)) return error;
  if (!isErrorLike(error) || depth >= MAX_CAUSE_DEPTH) return typeof error === "string" ? redact(error) : "[REDACTED]";
  const copy = new Error(redact(error.message));
  copy.name = String(error.name);
  if (typeof error.stack === "string") copy.stack = redact(error.stack);
  else delete copy.stack;
  const fields = copy as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(error)) {
    if (typeof value === "string") fields[key] = redact(value);
    else if (typeof value === "number" || typeof value === "boolean") fields[key] = value;
  }
  if (error.cause !== undefined) copy.cause = redactError(error.cause, redact, depth + 1);
  return copy;
}

// An object whose data lives outside its own fields (a Request, Headers, a Map, a class
// instance) cannot be searched, so it counts as holding one, and only the copy is kept.
function holdsSecret(value: unknown, redact: Redactor, depth: number): boolean {
  if (typeof value === "string") return redact(value) !== value;
  if (!value || typeof value !== "object" || depth > MAX_CAUSE_DEPTH) return false;
  const errorLike = isErrorLike(value);
  const prototype: unknown = Object.getPrototypeOf(value);
  if (!errorLike && prototype !== Object.prototype && prototype !== Array.prototype && prototype !== null) return true;
  const texts = errorLike ? [value.message, value.stack, value.cause] : [];
  return [...texts, ...Object.keys(value), ...Object.values(value)].some((v) => holdsSecret(v, redact, depth + 1));
}
