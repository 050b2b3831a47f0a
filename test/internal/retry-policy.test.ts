import { OmiConnectionError, OmiInvalidResponseError, OmiOutcomeUnknownError, OmiTimeoutError } from "../../src/index.js";
import type { CallContext } from "../../src/internal/call-context.js";
import { decideRetry, outcomeUnknown, type AttemptResult, type RetrySettings } from "../../src/internal/retry-policy.js";

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

const status = (code: number, headers: Record<string, string> = {}): AttemptResult => ({
  response: new Response(null, { status: code, headers }),
});
const notReached = () => new OmiConnectionError("Could not connect", false, new Error("ECONNREFUSED"));
const dropped = () => new OmiConnectionError("connection reset", true, new Error("ECONNRESET"));
const timeout = () => new OmiTimeoutError("No complete response within 1000 ms", 1000);

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
  ["connection never reached the server", () => ({ error: notReached() }), { read: true, write: true, "idempotent write": true }],
  ["connection dropped after sending", () => ({ error: dropped() }), { read: true, write: false, "idempotent write": true }],
  ["timeout", () => ({ error: timeout() }), { read: true, write: false, "idempotent write": true }],
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

  it("a 2xx with an unusable body (OmiInvalidResponseError) is not retried and keeps its error", () => {
    const error = new OmiInvalidResponseError("bad", {
      status: 200,
      contentType: "text/html",
      bodyExcerpt: "<html>",
      operationId: "op",
    });
    expect(decideRetry({ error }, ctx(kind), SETTINGS)).toEqual({ retry: false, error });
  });
});

describe("the error after a failure that is not retried", () => {
  it.each([
    ["a dropped connection", dropped, /the connection dropped before a complete response arrived/],
    ["a timeout", timeout, /no response came within 1000 ms/],
  ])("a write after %s → OmiOutcomeUnknownError with the call's details and the cause", (_, make, reason) => {
    const cause = make();
    const decision = decideRetry({ error: cause }, ctx("write", { requestId: "req-9" }), SETTINGS);
    expect(decision.retry).toBe(false);
    const error = (decision as { error?: unknown }).error as OmiOutcomeUnknownError;
    expect(error).toBeInstanceOf(OmiOutcomeUnknownError);
    expect(error).toMatchObject({
      operationId: "op",
      method: "POST",
      path: "/v1/dev/user/things/t1",
      ids: { thing_id: "t1" },
      status: undefined,
      attempts: 1,
      requestId: "req-9",
    });
    expect(error.cause).toBe(cause);
    expect(error.message).toMatch(reason);
  });

  it("a write whose connection never reached the server, retries used up → the OmiConnectionError itself", () => {
    const error = notReached();
    expect(decideRetry({ error }, ctx("write", { attempts: 3 }), SETTINGS)).toEqual({ retry: false, error });
  });

  it("a write after a dropped connection is outcome-unknown even when retries remain", () => {
    const decision = decideRetry({ error: dropped() }, ctx("write", { attempts: 1, maxRetries: 10 }), SETTINGS);
    expect((decision as { error: unknown }).error).toBeInstanceOf(OmiOutcomeUnknownError);
  });

  it("a read after its last timeout → the OmiTimeoutError itself", () => {
    const error = timeout();
    expect(decideRetry({ error }, ctx("read", { attempts: 3 }), SETTINGS)).toEqual({ retry: false, error });
  });

  it("outcomeUnknown with a status names it", () => {
    const error = outcomeUnknown(ctx("write"), timeout(), 502);
    expect(error.status).toBe(502);
    expect(error.message).toMatch(/the server answered 502/);
  });
});

describe("the wait before a retry", () => {
  it("without Retry-After: the backoff for this attempt (doubling)", () => {
    expect(decideRetry(status(503), ctx("read", { attempts: 1 }), SETTINGS)).toMatchObject({ retry: true, delayMs: 500 });
    expect(decideRetry(status(503), ctx("read", { attempts: 2, maxRetries: 5 }), SETTINGS)).toMatchObject({ delayMs: 1000 });
    expect(decideRetry({ error: timeout() }, ctx("read", { attempts: 3, maxRetries: 5 }), SETTINGS)).toMatchObject({
      delayMs: 2000,
    });
  });

  it("Retry-After in seconds, on a 429 or a retried 5xx", () => {
    expect(decideRetry(status(429, { "retry-after": "7" }), ctx("write"), SETTINGS)).toMatchObject({
      retry: true,
      delayMs: 7000,
    });
    expect(decideRetry(status(503, { "retry-after": "2" }), ctx("read"), SETTINGS)).toMatchObject({ retry: true, delayMs: 2000 });
  });

  it("Retry-After as an HTTP-date", () => {
    const result = status(429, { "retry-after": "Thu, 15 Jan 2026 12:00:09 GMT" });
    expect(decideRetry(result, ctx("read"), SETTINGS)).toMatchObject({ retry: true, delayMs: 9000 });
  });

  it("an invalid Retry-After is ignored: the backoff", () => {
    expect(decideRetry(status(429, { "retry-after": "soon" }), ctx("read"), SETTINGS)).toMatchObject({
      retry: true,
      delayMs: 500,
    });
  });

  it("a Retry-After of exactly maxRetryDelayMs is waited; a longer one ends the call", () => {
    expect(decideRetry(status(429, { "retry-after": "60" }), ctx("read"), SETTINGS)).toMatchObject({
      retry: true,
      delayMs: 60_000,
    });
    expect(decideRetry(status(429, { "retry-after": "61" }), ctx("read"), SETTINGS)).toEqual({ retry: false });
    expect(decideRetry(status(429, { "retry-after": "5" }), ctx("read"), { ...SETTINGS, maxRetryDelayMs: 4000 })).toEqual({
      retry: false,
    });
  });

  it("a 409 of an idempotent write waits like the others", () => {
    expect(decideRetry(status(409, { "retry-after": "3" }), ctx("idempotent write"), SETTINGS)).toMatchObject({ delayMs: 3000 });
    expect(decideRetry(status(409), ctx("idempotent write"), SETTINGS)).toMatchObject({ delayMs: 500 });
  });
});
