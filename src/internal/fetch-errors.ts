import { OmiConnectionError } from "../core/errors/omi-connection-error.js";
import { isErrorLike, redactError, type Redactor } from "./redaction.js";

// Failures that happen before a connection to the server exists: the request cannot have reached it.
const NOT_REACHED = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EADDRNOTAVAIL",
  "UND_ERR_CONNECT_TIMEOUT",
]);

/**
 * Turns what `fetch` (or reading the body) threw into an {@link OmiConnectionError}.
 * Runtimes that do not tell why (browsers) count as "may have reached the server".
 */
export function connectionError(error: unknown, redact: Redactor): OmiConnectionError {
  const code = errorCode(error);
  const detail = describe(error);
  // Node's fetch refuses some ports (e.g. 9) before connecting, with no code: "fetch failed: bad port".
  const reached = !(code && NOT_REACHED.has(code)) && !/\bbad port\b/.test(detail);
  const message = reached
    ? `The connection failed after the request was sent or while it was being sent (${detail})`
    : `Could not connect to the server (${detail})`;
  return new OmiConnectionError(redact(message), reached, redactError(error, redact));
}

function errorCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && typeof e === "object" && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

function describe(error: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = error, depth = 0; isErrorLike(e) && depth < 3; depth++) {
    parts.push(e.message);
    e = e.cause;
  }
  return parts.join(": ") || String(error);
}
