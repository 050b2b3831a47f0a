import { parseRetryAfter } from "./retry-after.js";
import type { ResponseHead } from "./retry-policy.js";

const HOUR_MS = 3_600_000;

/** The clock the budgets run on (the real one, or a simulated one in tests). */
export interface BudgetClock {
  now(): number;
  sleep(ms: number, signal: AbortSignal | undefined): Promise<void>;
}

/** Client-side pacing per rate-limit group of the server. */
export interface RateBudgets {
  /** Waits until the group may send (no pause, budget left), without counting a request. */
  ready(group: string | undefined, signal: AbortSignal | undefined): Promise<void>;
  /** Counts one request of the group if it may send right now; `false` if it must wait again. */
  tryTake(group: string | undefined): boolean;
  /** {@link ready} then {@link tryTake}, until a request is counted. */
  acquire(group: string | undefined, signal: AbortSignal | undefined): Promise<void>;
  /** Learns from a response: a 429 pauses the whole group for its `Retry-After`. */
  observe(group: string | undefined, response: ResponseHead): void;
}

/**
 * Paces requests per group so that no sliding hour holds more than the group's
 * hourly budget (`budgets`, e.g. `{"memories:write": 120}`; groups without a
 * budget are not paced), and after a 429 holds back every request of that group
 * until the server's `Retry-After` has passed, instead of letting each of them
 * collect its own 429 (for `pauseWithoutHintMs` when the 429 gives no usable
 * `Retry-After`). Pauses longer than `maxPauseMs` are left to the caller's retry
 * rules (the request then fails fast with `RateLimitError`).
 */
export function createRateBudgets(
  budgets: Readonly<Record<string, number>> | undefined,
  clock: BudgetClock,
  maxPauseMs: number,
  pauseWithoutHintMs: number,
): RateBudgets {
  const sent = new Map<string, number[]>();
  const pausedUntil = new Map<string, number>();

  const delay = (group: string, now: number): number => {
    const pause = (pausedUntil.get(group) ?? 0) - now;
    if (pause > 0) return pause;
    const budget = budgets?.[group];
    const log = sent.get(group);
    if (budget === undefined || !log) return 0;
    while (log.length && (log[0] as number) <= now - HOUR_MS) log.shift();
    return log.length < budget ? 0 : (log[0] as number) + HOUR_MS - now;
  };

  const self: RateBudgets = {
    async ready(group, signal) {
      if (!group) return;
      for (let wait = delay(group, clock.now()); wait > 0; wait = delay(group, clock.now())) await clock.sleep(wait, signal);
    },
    tryTake(group) {
      if (!group) return true;
      const now = clock.now();
      if (delay(group, now) > 0) return false;
      if (budgets?.[group] !== undefined) {
        const log = sent.get(group);
        if (log) log.push(now);
        else sent.set(group, [now]);
      }
      return true;
    },
    async acquire(group, signal) {
      do await self.ready(group, signal);
      while (!self.tryTake(group));
    },
    observe(group, response) {
      if (!group || response.status !== 429) return;
      const now = clock.now();
      const wait = parseRetryAfter(response.headers.get("retry-after"), now) ?? pauseWithoutHintMs;
      if (wait > maxPauseMs) return;
      pausedUntil.set(group, Math.max(pausedUntil.get(group) ?? 0, now + wait));
    },
  };
  return self;
}
