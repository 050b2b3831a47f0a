import type { CallContext } from "../../src/internal/call-context.js";
import {
  decideRetry,
  errorCall,
  outcomeUnknown,
  type AttemptFailure,
  type AttemptResult,
  type RetrySettings,
} from "../../src/internal/retry-policy.js";

const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
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
