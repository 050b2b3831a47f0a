import type { ResponseHead } from "./retries.js";

// What makes an attempt wait before it goes: the server's hourly rate budgets, and the
// client's limit on requests in flight.

const HOUR_MS = 3_600_000;

/** The clock the budgets run on (the real one, or a simulated one in tests). */
export interface BudgetClock {
  now(): number;
  sleep(ms: number, signal: AbortSignal | undefined): Promise<void>;
}

/** A wait for a group's budget, as {@link RateBudgets.ready} announces it before it starts. */
export interface BudgetWait {
  /** The group the call waits for (the one with the longest wait, when it spends several). */
  group: string;
  /** How long the wait is, in ms. */
  delayMs: number;
  /** Why: the group is paused after a 429, or its hourly budget is spent. */
  reason: string;
}

/**
 * Client-side pacing per rate-limit group of the server. A call names every
 * group it spends (most calls one, a conversation read with transcripts two),
 * and may go only when all of them may.
 */
export interface RateBudgets {
  /**
   * Waits until every group may send (no pause, budget left), without counting a request;
   * `onWait` is told of each wait before it starts (and may throw to refuse it).
   */
  ready(groups: readonly string[], signal: AbortSignal | undefined, onWait?: (wait: BudgetWait) => void): Promise<void>;
  /** Counts one request in every group if all may send right now; `false` if it must wait again. */
  tryTake(groups: readonly string[]): boolean;
  /** {@link ready} then {@link tryTake}, until a request is counted. */
  acquire(groups: readonly string[], signal: AbortSignal | undefined): Promise<void>;
  /** Learns from a response: a 429 pauses the call's groups for its `Retry-After` (`retryAfterMs`, parsed by the transport). */
  observe(groups: readonly string[], response: ResponseHead, retryAfterMs: number | undefined): void;
}

/** How the budgets pace: the caller's fixed hourly numbers, and whether the server's limits are learned. */
export interface BudgetSettings {
  /** Fixed hourly budgets the caller gave, by group (e.g. `{"memories:write": 12000}`). */
  fixed?: Readonly<Record<string, number>>;
  /** Pace every group by the limit a 429's `X-RateLimit-Limit` states, once one has been seen. */
  learn: boolean;
}

/**
 * Paces requests per group so that no sliding hour holds more than the group's
 * hourly budget: the caller's fixed number for the group, else (with `learn`)
 * the limit the server stated in `X-RateLimit-Limit` on a 429 of that group;
 * a group with neither is not paced (the numbers the spec documents are base
 * values that production multiplies, never a ceiling to pace by). After a 429,
 * every request of that group is held back until the server's `Retry-After`
 * has passed, instead of letting each collect its own 429 (for
 * `pauseWithoutHintMs` when the 429 gives no readable `Retry-After`, as in a
 * browser, where the server does not expose it). With budgets on (`settings`
 * given), a pause longer than `maxPauseMs` holds the group for the whole time
 * all the same (the call that met the 429 fails at once with `RateLimitError`,
 * the following ones wait rather than hammer a closed budget); without them,
 * such a pause is left to the caller's retry rules (each request fails fast
 * with its own `RateLimitError`).
 */
export function createRateBudgets(
  settings: BudgetSettings | undefined,
  clock: BudgetClock,
  maxPauseMs: number,
  pauseWithoutHintMs: number,
): RateBudgets {
  const sent = new Map<string, number[]>();
  const pausedUntil = new Map<string, number>();
  const learned = new Map<string, number>();
  const budgetOf = (group: string): number | undefined => settings?.fixed?.[group] ?? learned.get(group);

  // The group's request times within the last hour (older ones are dropped as they age out).
  const lastHour = (group: string, now: number): number[] | undefined => {
    const log = sent.get(group);
    while (log?.length && (log[0] as number) <= now - HOUR_MS) log.shift();
    return log;
  };
  const delayOf = (group: string, now: number): number => {
    const pause = (pausedUntil.get(group) ?? 0) - now;
    if (pause > 0) return pause;
    const budget = budgetOf(group);
    const log = budget === undefined ? undefined : lastHour(group, now);
    if (budget === undefined || !log) return 0;
    return log.length < budget ? 0 : (log[0] as number) + HOUR_MS - now;
  };
  // The longest wait among the groups, and the group it is for.
  const longestWait = (groups: readonly string[], now: number): [delayMs: number, group: string] => {
    let longest: [number, string] = [0, ""];
    for (const group of groups) {
      const wait = delayOf(group, now);
      if (wait > longest[0]) longest = [wait, group];
    }
    return longest;
  };
  const delay = (groups: readonly string[], now: number): number => longestWait(groups, now)[0];

  const self: RateBudgets = {
    async ready(groups, signal, onWait) {
      for (;;) {
        const now = clock.now();
        const [delayMs, group] = longestWait(groups, now);
        if (delayMs <= 0) return;
        const reason =
          (pausedUntil.get(group) ?? 0) > now
            ? "paused after a 429 until its Retry-After has passed"
            : `its hourly budget of ${budgetOf(group)} requests is spent`;
        onWait?.({ group, delayMs, reason });
        await clock.sleep(delayMs, signal);
      }
    },
    tryTake(groups) {
      const now = clock.now();
      if (delay(groups, now) > 0) return false;
      // With learning on, every group's requests are counted: a limit learned later applies to the past hour too.
      for (const group of groups) {
        if (!settings?.learn && budgetOf(group) === undefined) continue;
        // Only the last hour is kept: a client that never meets a 429 must not keep every request's time.
        const log = lastHour(group, now);
        if (log) log.push(now);
        else sent.set(group, [now]);
      }
      return true;
    },
    async acquire(groups, signal) {
      do await self.ready(groups, signal);
      while (!self.tryTake(groups));
    },
    // The server does not say which of a call's budgets a 429 is about: all of them wait.
    observe(groups, response, retryAfterMs) {
      if (response.status !== 429) return;
      const now = clock.now();
      const limit = Number(response.headers.get("x-ratelimit-limit"));
      if (settings?.learn && Number.isInteger(limit) && limit > 0) for (const group of groups) learned.set(group, limit);
      const wait = retryAfterMs ?? pauseWithoutHintMs;
      if (wait > maxPauseMs && !settings) return;
      for (const group of groups) pausedUntil.set(group, Math.max(pausedUntil.get(group) ?? 0, now + wait));
    },
  };
  return self;
}

/** A counting semaphore: at most `limit` holders at once, the others wait in order. */
export interface Semaphore {
  /** Waits for a free slot (or rejects with the signal's reason if `signal` aborts first); resolves to its release function. */
  acquire(signal: AbortSignal | undefined): Promise<() => void>;
}

/** Creates a {@link Semaphore} of `limit` slots. */
export function createSemaphore(limit: number): Semaphore {
  let active = 0;
  const waiting: Array<() => void> = [];
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else active -= 1;
  };
  const once = () => {
    let released = false;
    return () => {
      if (!released) {
        released = true;
        release();
      }
    };
  };
  return {
    acquire(signal) {
      if (active < limit) {
        active += 1;
        return Promise.resolve(once());
      }
      return new Promise((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason);
        const grant = () => {
          signal?.removeEventListener("abort", onAbort);
          resolve(once());
        };
        const onAbort = () => {
          waiting.splice(waiting.indexOf(grant), 1);
          reject((signal as AbortSignal).reason);
        };
        waiting.push(grant);
        signal?.addEventListener("abort", onAbort, { once: true });
      });
    },
  };
}
