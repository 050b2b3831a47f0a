import type { Redactor } from "./redact.js";

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
