/** Bounds of the exponential backoff used when the server gives no `Retry-After`. */
export interface BackoffBounds {
  /** Smallest delay, before the first retry (default 500 ms). */
  initialDelayMs: number;
  /** Largest delay (default 8 000 ms). */
  maxDelayMs: number;
}

/** The default bounds: from 0.5 s to 8 s. */
export const DEFAULT_BACKOFF: BackoffBounds = { initialDelayMs: 500, maxDelayMs: 8000 };

/**
 * Delay before retry number `retry` (1 for the first retry): a random point
 * between `initial·2^(retry−1)` and twice that, both capped at the maximum, so
 * that many clients do not retry in step. Always within the bounds.
 */
export function backoffDelay(retry: number, bounds: BackoffBounds, random: () => number = Math.random): number {
  const low = Math.min(bounds.maxDelayMs, bounds.initialDelayMs * 2 ** (retry - 1));
  const high = Math.min(bounds.maxDelayMs, low * 2);
  return Math.round(low + random() * (high - low));
}
