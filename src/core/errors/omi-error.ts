/**
 * Base class of every error this package throws. Catch `OmiError` to handle
 * anything that went wrong in a call to the Omi Developer API.
 *
 * Errors never contain the API key or a Firebase token: messages, properties
 * and `toJSON()` are built from redacted values only.
 */
export class OmiError extends Error {
  /**
   * The class name, e.g. `NotFoundError`. Every subclass sets it as a literal
   * (`new.target.name` would be a minifier's short name in a browser bundle).
   */
  override name = "OmiError";
  /** Number of HTTP attempts made before this error was thrown (0 when none was sent). */
  attempts = 0;
  /** The server's `x-request-id` of the last attempt, when it sent one. */
  requestId: string | undefined = undefined;
  /**
   * The idempotency key the client generated for this call, when the operation
   * has one (e.g. `client_session_id` of `createFromSegments`). Send it again
   * with the retry, so that the server returns the same item instead of a new one.
   */
  idempotencyKey: string | undefined = undefined;

  /** @param message - Human-readable description, already redacted. */
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }

  /** A plain, secret-free view of the error for logs and `JSON.stringify`. */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = { name: this.name, message: this.message };
    for (const [key, value] of Object.entries(this)) {
      if (key !== "cause" && value !== undefined) out[key] = value;
    }
    return out;
  }
}
