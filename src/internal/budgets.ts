import type { RateLimitWaitEvent } from "../core/options.js";
import { deadlineError } from "./answers.js";
import type { CallContext } from "./call-context.js";
import { notify, type Log } from "./log.js";
import type { ResponseHead } from "./retries.js";
import type { BudgetSettings } from "./settings.js";

// What makes an attempt wait before it goes: the server's hourly rate budgets, the client's
// limit on requests in flight, and the gate that holds each attempt until both let it go.

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
  /** Learns from a response: a 429 pauses the call's groups for its `Retry-After` (`retryAfterMs`, parsed by the transport). */
  observe(groups: readonly string[], response: ResponseHead, retryAfterMs: number | undefined): void;
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

  return {
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
      // Without budgets, and before any 429, nothing can hold a request back.
      if (!settings && pausedUntil.size === 0) return true;
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

/** What holds each attempt until it may go, and learns from each response: the rate budgets and the concurrency limit. */
export interface Gate {
  /** `undefined` when the attempt may go at once and holds nothing, else a promise of the release function. */
  acquire(ctx: CallContext): Promise<() => void> | undefined;
  /** Learns from a response: a 429 pauses the call's groups. */
  observe(ctx: CallContext, response: ResponseHead): void;
}

/** What a client's {@link Gate} is made of. */
export interface GateSettings {
  /** How the budgets pace; `undefined` when `rateLimit` is off. */
  rateLimit: BudgetSettings | undefined;
  /** The most attempts in flight at once; `undefined` for no limit. */
  maxConcurrency: number | undefined;
  /** Longer pauses are left to the callers' retry rules when `rateLimit` is off. */
  maxRetryDelayMs: number;
  /** How long a 429 without a readable `Retry-After` pauses its group. */
  pauseWithoutHintMs: number;
  /** Where a wait for a budget is announced (at `info`). */
  log: Log;
  /** Told of each wait for a budget before it starts. */
  onRateLimitWait?: ((event: RateLimitWaitEvent) => void) | undefined;
}

/**
 * The gate of a client. A call waits for its groups' budgets without holding a slot; once
 * holding one, it checks again (a 429 may have paused a group meanwhile) and gives the slot
 * back if it must wait. Each wait for a budget is announced before it starts (logged at
 * `info`, told to `onRateLimitWait`); a wait that would end past the call's deadline fails
 * at once with the deadline's error.
 */
export function createGate(settings: GateSettings, clock: BudgetClock): Gate {
  const { maxConcurrency, log, onRateLimitWait } = settings;
  const budgets = createRateBudgets(settings.rateLimit, clock, settings.maxRetryDelayMs, settings.pauseWithoutHintMs);
  const slots = maxConcurrency === undefined ? undefined : createSemaphore(maxConcurrency);
  const announce = (ctx: CallContext, { group, delayMs, reason }: BudgetWait): void => {
    ctx.waitingOn = `the rate budget of group ${group} (${reason})`;
    if (ctx.deadlineAt !== undefined && clock.now() + delayMs >= ctx.deadlineAt) {
      throw deadlineError(ctx, `before waiting ${delayMs} ms for ${ctx.waitingOn}`, false);
    }
    const { operationId, method, path } = ctx;
    log.write("info", `${method} ${path} waits ${delayMs} ms for the rate budget of group ${group}: ${reason}`, {
      operationId,
      group,
      delayMs,
    });
    notify(onRateLimitWait, { operationId, method, path, group, delayMs, reason });
  };
  const acquire = async (ctx: CallContext): Promise<() => void> => {
    for (;;) {
      await budgets.ready(ctx.rateLimitGroups, ctx.signal, (wait) => announce(ctx, wait));
      ctx.waitingOn = slots && `a free slot (maxConcurrency ${maxConcurrency})`;
      const release = slots ? await slots.acquire(ctx.signal) : noop;
      if (budgets.tryTake(ctx.rateLimitGroups)) return release;
      release();
    }
  };
  return {
    acquire: (ctx) => (!slots && budgets.tryTake(ctx.rateLimitGroups) ? undefined : acquire(ctx)),
    observe: (ctx, response) => budgets.observe(ctx.rateLimitGroups, response, ctx.retryAfterMs),
  };
}

function noop(): void {}
