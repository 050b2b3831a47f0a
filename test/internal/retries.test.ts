/** The retry rules: when an attempt is retried and after how long, the outcome of a failed call, backoff delays, Retry-After parsing. */
import { errorCall } from "../../src/internal/answers.js";
import type { CallContext } from "../../src/internal/call-context.js";
import { DEFAULT_BACKOFF } from "../../src/internal/settings.js";
import {
  backoffDelay,
  decideRetry,
  outcomeUnknown,
  parseHttpDate,
  parseRetryAfter,
  type AttemptFailure,
  type AttemptResult,
  type RetrySettings,
} from "../../src/internal/retries.js";

const NOW = Date.UTC(2026, 0, 15, 12, 0, 0); // Thu, 15 Jan 2026 12:00:00 GMT
const SETTINGS: RetrySettings = {
  maxRetryDelayMs: 60_000,
  backoff: { initialDelayMs: 500, maxDelayMs: 8000 },
  now: () => NOW,
  random: () => 0,
};

type Kind = "read" | "write" | "idempotent write";
function ctx(kind: Kind, overrides: Partial<CallContext> = {}): CallContext {
  return {
    operationId: "op",
    method: kind === "read" ? "GET" : "POST",
    path: "/v1/dev/user/things/t1",
    ids: { thing_id: "t1" },
    replaySafe: kind !== "write",
    retryConflict: kind === "idempotent write",
    rateLimitGroups: [],
    maxRetries: 2,
    timeoutMs: 1000,
    signal: undefined,
    attempts: 1,
    requestId: undefined,
    ...overrides,
  };
}

const status = (code: number, body?: string): AttemptResult => ({
  response: { status: code, headers: new Headers(), body },
});
const notReached = (): AttemptFailure => ({
  kind: "connection",
  reachedServer: false,
  message: "Could not connect",
  cause: new Error("ECONNREFUSED"),
});
const dropped = (): AttemptFailure => ({
  kind: "connection",
  reachedServer: true,
  message: "connection reset",
  cause: new Error("ECONNRESET"),
});
const timeout = (): AttemptFailure => ({ kind: "timeout", message: "no complete response within 1000 ms", cause: undefined });

// The decision table: does the first failed attempt get a retry?
const TABLE: Array<[string, () => AttemptResult, Record<Kind, boolean>]> = [
  ["200", () => status(200), { read: false, write: false, "idempotent write": false }],
  ["400", () => status(400), { read: false, write: false, "idempotent write": false }],
  ["401", () => status(401), { read: false, write: false, "idempotent write": false }],
  ["404", () => status(404), { read: false, write: false, "idempotent write": false }],
  ["409", () => status(409), { read: false, write: false, "idempotent write": true }],
  ["422", () => status(422), { read: false, write: false, "idempotent write": false }],
  ["408", () => status(408), { read: true, write: false, "idempotent write": true }],
  ["429", () => status(429), { read: true, write: true, "idempotent write": true }],
  ["500", () => status(500), { read: true, write: false, "idempotent write": true }],
  ["501", () => status(501), { read: false, write: false, "idempotent write": false }],
  ["502", () => status(502), { read: true, write: false, "idempotent write": true }],
  ["503", () => status(503), { read: true, write: false, "idempotent write": true }],
  ["504", () => status(504), { read: true, write: false, "idempotent write": true }],
  [
    "connection never reached the server",
    () => ({ failure: notReached() }),
    { read: true, write: true, "idempotent write": true },
  ],
  ["connection dropped after sending", () => ({ failure: dropped() }), { read: true, write: false, "idempotent write": true }],
  ["timeout", () => ({ failure: timeout() }), { read: true, write: false, "idempotent write": true }],
];

describe.each(["read", "write", "idempotent write"] as const)("%s", (kind) => {
  it.each(TABLE)("%s → retried: see table", (_, result, expected) => {
    expect(decideRetry(result(), ctx(kind), SETTINGS).retry).toBe(expected[kind]);
  });

  it.each(TABLE)("%s → never retried once maxRetries is used up", (_, result) => {
    expect(decideRetry(result(), ctx(kind, { attempts: 3 }), SETTINGS).retry).toBe(false);
  });

  it("maxRetries 0 → no retry at all", () => {
    expect(decideRetry(status(429), ctx(kind, { maxRetries: 0 }), SETTINGS).retry).toBe(false);
  });
});

describe("outcomeUnknown: the one rule for whether a failed call may have taken effect", () => {
  const limiter = (): AttemptResult => status(503, '{"detail":"Rate limiter unavailable"}');
  const TABLE: Array<[string, Parameters<typeof outcomeUnknown>[1], Record<Kind, boolean>]> = [
    [
      "500",
      { kind: "status", response: { status: 500, headers: new Headers() } },
      { read: false, write: true, "idempotent write": false },
    ],
    [
      "502",
      { kind: "status", response: { status: 502, headers: new Headers() } },
      { read: false, write: true, "idempotent write": false },
    ],
    [
      "503 from the rate limiter, before the handler",
      { kind: "status", response: limiter().response as never },
      { read: false, write: false, "idempotent write": false },
    ],
    [
      "503 from the account fence, before any endpoint",
      {
        kind: "status",
        response: status(503, '{"detail":{"code":"account_cutover_state_unavailable","retryable":true}}').response as never,
      },
      { read: false, write: false, "idempotent write": false },
    ],
    [
      "503 with another object detail",
      { kind: "status", response: status(503, '{"detail":{"reason":"busy"}}').response as never },
      { read: false, write: true, "idempotent write": false },
    ],
    [
      "404",
      { kind: "status", response: { status: 404, headers: new Headers() } },
      { read: false, write: false, "idempotent write": false },
    ],
    [
      "429",
      { kind: "status", response: { status: 429, headers: new Headers() } },
      { read: false, write: false, "idempotent write": false },
    ],
    ["a timeout", timeout(), { read: false, write: true, "idempotent write": false }],
    ["a connection cut after sending", dropped(), { read: false, write: true, "idempotent write": false }],
    ["a refused connection", notReached(), { read: false, write: false, "idempotent write": false }],
    ["an abort in flight", { kind: "abort", inFlight: true }, { read: false, write: true, "idempotent write": false }],
    ["an abort before sending", { kind: "abort", inFlight: false }, { read: false, write: false, "idempotent write": false }],
    ["an unreadable 2xx", { kind: "unreadable" }, { read: false, write: true, "idempotent write": false }],
  ];
  describe.each(["read", "write", "idempotent write"] as const)("%s", (kind) => {
    it.each(TABLE)("%s → see table", (_, ending, expected) => {
      expect(outcomeUnknown(ctx(kind), ending)).toBe(expected[kind]);
    });
  });

  it("errorCall gives an error the call's fields with that decision", () => {
    const call = errorCall(ctx("write", { requestId: "req-9", idempotencyKey: "k" }), timeout());
    expect(call).toEqual({
      operationId: "op",
      method: "POST",
      path: "/v1/dev/user/things/t1",
      attempts: 1,
      requestId: "req-9",
      idempotencyKey: "k",
      outcomeUnknown: true,
    });
  });

  it("a write after a dropped connection is not retried even when retries remain", () => {
    expect(decideRetry({ failure: dropped() }, ctx("write", { attempts: 1, maxRetries: 10 }), SETTINGS)).toEqual({
      retry: false,
    });
  });
});

describe("the wait before a retry", () => {
  it("without Retry-After: the backoff for this attempt (doubling)", () => {
    expect(decideRetry(status(503), ctx("read", { attempts: 1 }), SETTINGS)).toMatchObject({ retry: true, delayMs: 500 });
    expect(decideRetry(status(503), ctx("read", { attempts: 2, maxRetries: 5 }), SETTINGS)).toMatchObject({ delayMs: 1000 });
    expect(decideRetry({ failure: timeout() }, ctx("read", { attempts: 3, maxRetries: 5 }), SETTINGS)).toMatchObject({
      delayMs: 2000,
    });
  });

  it("Retry-After in seconds, on a 429 or a retried 5xx", () => {
    expect(decideRetry(status(429), ctx("write", { retryAfterMs: 7000 }), SETTINGS)).toMatchObject({
      retry: true,
      delayMs: 7000,
    });
    expect(decideRetry(status(503), ctx("read", { retryAfterMs: 2000 }), SETTINGS)).toMatchObject({ retry: true, delayMs: 2000 });
  });

  it("without a valid hint (none, or one the transport could not parse): the backoff", () => {
    expect(decideRetry(status(429), ctx("read", { retryAfterMs: undefined }), SETTINGS)).toMatchObject({
      retry: true,
      delayMs: 500,
    });
  });

  it("a Retry-After of exactly maxRetryDelayMs is waited; a longer one ends the call", () => {
    expect(decideRetry(status(429), ctx("read", { retryAfterMs: 60000 }), SETTINGS)).toMatchObject({
      retry: true,
      delayMs: 60_000,
    });
    expect(decideRetry(status(429), ctx("read", { retryAfterMs: 61000 }), SETTINGS)).toEqual({ retry: false });
    expect(decideRetry(status(429), ctx("read", { retryAfterMs: 5000 }), { ...SETTINGS, maxRetryDelayMs: 4000 })).toEqual({
      retry: false,
    });
  });

  it("a 409 of an idempotent write waits like the others", () => {
    expect(decideRetry(status(409), ctx("idempotent write", { retryAfterMs: 3000 }), SETTINGS)).toMatchObject({ delayMs: 3000 });
    expect(decideRetry(status(409), ctx("idempotent write"), SETTINGS)).toMatchObject({ delayMs: 500 });
  });
});

describe("backoffDelay with the default bounds (0.5 s to 8 s)", () => {
  it("defaults to 500 ms … 8 000 ms", () => {
    expect(DEFAULT_BACKOFF).toEqual({ initialDelayMs: 500, maxDelayMs: 8000 });
  });

  it.each([
    [1, 500, 1000],
    [2, 1000, 2000],
    [3, 2000, 4000],
    [4, 4000, 8000],
    [5, 8000, 8000],
    [10, 8000, 8000],
  ])("retry %i: %i ms with random 0, %i ms with random 1 (doubling, capped at 8 s)", (retry, low, high) => {
    expect(backoffDelay(retry, DEFAULT_BACKOFF, () => 0)).toBe(low);
    expect(backoffDelay(retry, DEFAULT_BACKOFF, () => 1)).toBe(high);
  });

  it("jitters between the two: random 0.5 on the first retry → 750 ms", () => {
    expect(backoffDelay(1, DEFAULT_BACKOFF, () => 0.5)).toBe(750);
  });

  it("always stays within 0.5 s and 8 s", () => {
    for (let retry = 1; retry <= 12; retry++) {
      for (const r of [0, 0.001, 0.25, 0.5, 0.75, 0.999, 1]) {
        const delay = backoffDelay(retry, DEFAULT_BACKOFF, () => r);
        expect(delay).toBeGreaterThanOrEqual(500);
        expect(delay).toBeLessThanOrEqual(8000);
      }
    }
  });

  it("uses Math.random by default, within the bounds", () => {
    const delay = backoffDelay(1, DEFAULT_BACKOFF);
    expect(delay).toBeGreaterThanOrEqual(500);
    expect(delay).toBeLessThanOrEqual(1000);
  });
});

describe("backoffDelay with custom bounds", () => {
  it("follows initialDelayMs and maxDelayMs", () => {
    const bounds = { initialDelayMs: 10, maxDelayMs: 25 };
    expect([1, 2, 3].map((retry) => backoffDelay(retry, bounds, () => 0))).toEqual([10, 20, 25]);
    expect([1, 2, 3].map((retry) => backoffDelay(retry, bounds, () => 1))).toEqual([20, 25, 25]);
  });

  it("an initial delay above the maximum is capped", () => {
    expect(backoffDelay(1, { initialDelayMs: 5000, maxDelayMs: 100 }, () => 0.5)).toBe(100);
  });
});

describe("parseRetryAfter: delay-seconds", () => {
  it.each([
    ["0", 0],
    ["1", 1000],
    ["120", 120_000],
    ["0120", 120_000],
    ["3600", 3_600_000],
  ])("%p → %i ms", (value, ms) => {
    expect(parseRetryAfter(value, NOW)).toBe(ms);
  });
});

describe("parseRetryAfter: HTTP-date (RFC 9110 §5.6.7)", () => {
  it("IMF-fixdate in the future → the wait until then", () => {
    expect(parseRetryAfter("Thu, 15 Jan 2026 12:00:30 GMT", NOW)).toBe(30_000);
  });

  it("RFC 850 (obsolete) → the wait until then", () => {
    expect(parseRetryAfter("Thursday, 15-Jan-26 12:01:00 GMT", NOW)).toBe(60_000);
  });

  it("asctime (obsolete), day padded with a space → the wait until then", () => {
    expect(parseRetryAfter("Thu Jan 15 12:00:05 2026", NOW)).toBe(5000);
    expect(parseRetryAfter("Fri Jan  1 00:00:00 2027", NOW)).toBe(Date.UTC(2027, 0, 1) - NOW);
  });

  it.each([
    "Sun, 06 Nov 1994 08:49:37 GMT",
    "Sunday, 06-Nov-94 08:49:37 GMT",
    "Sun Nov  6 08:49:37 1994",
    "Thu, 15 Jan 2026 12:00:00 GMT",
  ])("a date in the past or now (%p) → 0", (value) => {
    expect(parseRetryAfter(value, NOW)).toBe(0);
  });
});

describe("parseRetryAfter: invalid values are ignored (undefined)", () => {
  it.each([
    null,
    undefined,
    "",
    " ",
    "-1",
    "+5",
    "1.5",
    "1e3",
    "soon",
    "10 seconds",
    "Mon, 32 Jan 2026 10:00:00 GMT",
    "Thu, 31 Feb 2026 10:00:00 GMT",
    "Thu, 15 Jan 2026 24:00:00 GMT",
    "Thu, 15 Jan 2026 12:60:00 GMT",
    "Thu, 15 Jan 2026 12:00:61 GMT",
    "Thu, 15 Jan 2026 12:00:00 gmt",
    "Thu, 15 Jan 2026 12:00:00 UTC",
    "Thu, 15 Jan 2026 12:00:00 +0000",
    "thu, 15 Jan 2026 12:00:00 GMT",
    "Thu, 15 jan 2026 12:00:00 GMT",
    "Thu, 5 Jan 2026 12:00:00 GMT",
    "Thu,  15 Jan 2026 12:00:00 GMT",
    "Thursday, 15 Jan 2026 12:00:00 GMT",
    "Thu, 15-Jan-26 12:00:00 GMT",
    "2026-01-15T12:00:30Z",
  ])("%p", (value) => {
    expect(parseRetryAfter(value, NOW)).toBeUndefined();
  });
});

describe("parseHttpDate", () => {
  it("accepts a leap second as :59", () => {
    expect(parseHttpDate("Wed, 31 Dec 2025 23:59:60 GMT", NOW)).toBe(Date.UTC(2025, 11, 31, 23, 59, 59));
  });

  it("accepts 29 Feb only in a leap year", () => {
    expect(parseHttpDate("Thu, 29 Feb 2024 00:00:00 GMT", NOW)).toBe(Date.UTC(2024, 1, 29));
    expect(parseHttpDate("Sun, 29 Feb 2026 00:00:00 GMT", NOW)).toBeUndefined();
  });

  it("reads an RFC 850 two-digit year as at most 50 years ahead, else the previous century", () => {
    expect(parseHttpDate("Thursday, 01-Jan-70 00:00:00 GMT", NOW)).toBe(Date.UTC(2070, 0, 1));
    expect(parseHttpDate("Monday, 01-Jan-80 00:00:00 GMT", NOW)).toBe(Date.UTC(1980, 0, 1));
    expect(parseHttpDate("Sunday, 06-Nov-94 08:49:37 GMT", NOW)).toBe(Date.UTC(1994, 10, 6, 8, 49, 37));
  });
});
