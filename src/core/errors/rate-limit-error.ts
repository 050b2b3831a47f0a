import { OmiApiError, type OmiApiErrorInit } from "./omi-api-error.js";

/**
 * HTTP 429: the key used up its hourly budget for this kind of operation.
 * `retryAfterMs` says how long the server asked to wait; the client waits and
 * retries by itself when that is at most `maxRetryDelayMs`, and throws this at
 * once when the wait would be longer.
 */
export class RateLimitError extends OmiApiError {
  /** The class name, set explicitly so that it survives minification (`new.target.name` would not). */
  override name = "RateLimitError";

  /** How long the server asked to wait before the next call, from `Retry-After`; `undefined` without a valid hint. */
  readonly retryAfterMs: number | undefined;
  /** The hourly budget from `X-RateLimit-Limit`, when sent. */
  readonly limit: number | undefined;
  /** Calls left in the budget from `X-RateLimit-Remaining`, when sent. */
  readonly remaining: number | undefined;

  /** @param init - What the response said, with the parsed `Retry-After` hint in `retryAfterMs`. */
  constructor(init: OmiApiErrorInit) {
    super(init);
    this.retryAfterMs = init.retryAfterMs;
    this.limit = integerHeader(init.headers["x-ratelimit-limit"]);
    this.remaining = integerHeader(init.headers["x-ratelimit-remaining"]);
  }
}

function integerHeader(value: string | undefined): number | undefined {
  return value !== undefined && /^\d+$/.test(value.trim()) ? Number(value) : undefined;
}
