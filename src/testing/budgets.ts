import { rateLimits } from "../../generated/routes.js";
import { fail, type FakeAnswer } from "./answers.js";

// The server's hourly rate budgets: fixed one-hour windows per key and group, charged after
// the key and its scope are checked and before the request is validated or looked up (a 404
// or a 422 costs a call too). Only a 429 carries the `X-RateLimit-*` headers.

/** How the fake's budgets are sized. */
export interface FakeRateLimitOptions {
  /**
   * The factor the deployment multiplies the base budgets by (`RATE_LIMIT_BOOST`; default
   * 100, the production value a server comment gives). Set 1 to meet the base numbers.
   */
  boost?: number;
  /** Effective limits per group that replace `base × boost`, e.g. `{ "memories:batch": 2 }`. */
  limits?: Readonly<Record<string, number>>;
}

const HOUR_MS = 3_600_000;

/** The hourly budgets of every key, in fixed windows on the fake's clock. */
export class HourlyBudgets {
  private readonly used = new Map<string, number>();
  private window = -1;

  constructor(private readonly options: FakeRateLimitOptions = {}) {}

  /** The effective hourly limit of a group. */
  limitOf(group: string): number {
    return this.options.limits?.[group] ?? (rateLimits[group] ?? 60) * (this.options.boost ?? 100);
  }

  /** Spends one call of each group in turn; the 429 of the first group that is used up, else `undefined`. */
  charge(keyId: string, groups: readonly string[], nowMs: number): FakeAnswer | undefined {
    const window = Math.floor(nowMs / HOUR_MS);
    if (window !== this.window) {
      this.used.clear();
      this.window = window;
    }
    for (const group of groups) {
      const limit = this.limitOf(group);
      const name = `${keyId} ${group}`;
      const used = this.used.get(name) ?? 0;
      if (used >= limit) {
        const wait = Math.max(1, Math.ceil(((window + 1) * HOUR_MS - nowMs) / 1000));
        return fail(429, `Rate limit exceeded. Try again in ${wait}s.`, {
          "retry-after": String(wait),
          "x-ratelimit-limit": String(limit),
          "x-ratelimit-remaining": "0",
        });
      }
      this.used.set(name, used + 1);
    }
    return undefined;
  }

  /** Forgets every call spent (a new window for every key). */
  reset(): void {
    this.used.clear();
  }
}
