// The fake's sense of time. Timestamps, rate windows, processing times and delays all
// follow it, so jest's or vitest's fake timers (which replace `Date` and `setTimeout`)
// drive the fake as they drive the client.

/** Where the fake reads the time and how it waits. */
export interface FakeClock {
  /** Milliseconds since the epoch (default `Date.now()`, which fake timers control). */
  now(): number;
  /** Waits `ms` (default: the global `setTimeout`, which fake timers control); rejects when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal | null): Promise<void>;
}

/** The clock of `options.now`, or of `Date.now()`, waiting with the global `setTimeout` looked up at each wait. */
export function createClock(now?: () => number): FakeClock {
  return {
    now: now ?? (() => Date.now()),
    sleep: (ms, signal) =>
      new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason as Error);
        const timer = setTimeout(() => {
          signal?.removeEventListener("abort", onAbort);
          resolve();
        }, ms);
        const onAbort = () => {
          clearTimeout(timer);
          reject(signal?.reason as Error);
        };
        signal?.addEventListener("abort", onAbort, { once: true });
      }),
  };
}
