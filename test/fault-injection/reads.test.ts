/**
 * Reads (GET, here `omi.conversations.list`) under every fault: retried on
 * connection errors, timeouts, 408, 429, 500, 502, 503, 504, up to `maxRetries`
 * (default 2, so 3 attempts); anything else fails at once.
 */
import {
  AuthenticationError,
  ConflictError,
  InternalServerError,
  OmiApiError,
  OmiConnectionError,
  OmiTimeoutError,
  RateLimitError,
} from "../../src/index.js";
import { fault, startFaultServer, unusedPort, type FaultServer } from "../support/fault-server.js";
import { clientFor, KINDS, RECOVERY_TIMEOUT_MS, rejectsWith, SLOW_BODY_INTERVAL_MS } from "../support/harness.js";

const GET = KINDS.GET;
let server: FaultServer;
beforeAll(async () => {
  server = await startFaultServer({ slowBodyIntervalMs: SLOW_BODY_INTERVAL_MS });
});
afterAll(() => server.close());

/** The `x-request-id` the server gave the last attempt of a call. */
function lastRequestId(callId: string): string {
  const last = server.forCall(callId).at(-1);
  if (!last) throw new Error("no request received");
  return `req-${last.seq}`;
}

describe("a read recovers from one transient fault", () => {
  it.each([
    "408",
    "429-seconds",
    "500",
    "502",
    "503",
    "504",
    "html-502",
    "empty-503",
    "reset-before-headers",
    "close-before-headers",
    "reset-after-headers",
    "hang",
    "slow-body",
  ])("%s then 200 → resolves after 2 requests", async (name) => {
    const { omi } = clientFor(server);
    const f = fault(`${name},ok`);
    const result = (await GET.call(omi, { ...f, timeoutMs: RECOVERY_TIMEOUT_MS })) as { attempt: number; method: string };
    expect(result).toMatchObject({ ok: true, method: "GET", attempt: 2 });
    expect(server.forCall(f.callId).map((r) => `${r.method} ${r.path}`)).toEqual([`GET ${GET.path}`, `GET ${GET.path}`]);
  });
});

describe("a read that keeps failing gives up after maxRetries + 1 attempts", () => {
  it.each([
    { name: "408", ErrorClass: OmiApiError, status: 408 },
    { name: "500", ErrorClass: InternalServerError, status: 500 },
    { name: "502", ErrorClass: InternalServerError, status: 502 },
    { name: "503", ErrorClass: InternalServerError, status: 503 },
    { name: "504", ErrorClass: InternalServerError, status: 504 },
    { name: "json-500", ErrorClass: InternalServerError, status: 500 },
    { name: "html-502", ErrorClass: InternalServerError, status: 502 },
    { name: "empty-503", ErrorClass: InternalServerError, status: 503 },
    { name: "429-seconds", ErrorClass: RateLimitError, status: 429 },
  ])("$name every time → $ErrorClass.name (status $status), 3 requests", async ({ name, ErrorClass, status }) => {
    const { omi } = clientFor(server);
    const f = fault(name);
    const error = await rejectsWith(GET.call(omi, f), ErrorClass);
    expect(error).toMatchObject({ status, method: "GET", path: GET.path, operationId: "listConversations", attempts: 3 });
    expect(error.requestId).toBe(lastRequestId(f.callId));
    expect(server.forCall(f.callId)).toHaveLength(3);
  });

  it.each(["reset-before-headers", "close-before-headers", "reset-after-headers"])(
    "%s every time → OmiConnectionError (reachedServer), 3 requests",
    async (name) => {
      const { omi } = clientFor(server);
      const f = fault(name);
      const error = await rejectsWith(GET.call(omi, f), OmiConnectionError);
      expect(error.reachedServer).toBe(true);
      expect(error.attempts).toBe(3);
      expect(error.cause).toMatchObject({ name: "TypeError", message: expect.any(String) });
      expect(server.forCall(f.callId)).toHaveLength(3);
      // Only a cut after the headers leaves a request id behind.
      if (name === "reset-after-headers") expect(error.requestId).toBe(lastRequestId(f.callId));
      else expect(error.requestId).toBeUndefined();
    },
  );

  it.each(["hang", "slow-body"])("%s every time → OmiTimeoutError, 3 requests", async (name) => {
    const { omi } = clientFor(server);
    const f = fault(name);
    const error = await rejectsWith(GET.call(omi, { ...f, timeoutMs: 120 }), OmiTimeoutError);
    expect(error).toMatchObject({ timeoutMs: 120, attempts: 3 });
    expect(error.cause).toBeDefined();
    // Whether the last request reached the server before its short timeout ran out depends on the machine's load.
    expect(server.forCall(f.callId).length).toBeLessThanOrEqual(3);
  });
});

describe("a read is not retried on a final answer", () => {
  it.each([
    { name: "401", ErrorClass: AuthenticationError, status: 401 },
    { name: "409", ErrorClass: ConflictError, status: 409 },
  ])("$name → $ErrorClass.name after 1 request", async ({ name, ErrorClass, status }) => {
    const { omi } = clientFor(server);
    const f = fault(`${name},ok`);
    const error = await rejectsWith(GET.call(omi, f), ErrorClass);
    expect(error).toMatchObject({ status, attempts: 1, requestId: lastRequestId(f.callId) });
    expect(server.forCall(f.callId)).toHaveLength(1);
  });
});

describe("maxRetries", () => {
  it("defaults to 2 retries", async () => {
    const { omi } = clientFor(server);
    const f = fault("503");
    await rejectsWith(GET.call(omi, f), InternalServerError);
    expect(server.forCall(f.callId)).toHaveLength(3);
  });

  it.each([0, 1, 4])("client option maxRetries: %i → maxRetries + 1 requests", async (maxRetries) => {
    const { omi } = clientFor(server, { maxRetries });
    const f = fault("503");
    const error = await rejectsWith(GET.call(omi, f), InternalServerError);
    expect(error.attempts).toBe(maxRetries + 1);
    expect(server.forCall(f.callId)).toHaveLength(maxRetries + 1);
  });

  it("the per-call option overrides the client's, both ways", async () => {
    const { omi } = clientFor(server, { maxRetries: 0 });
    const more = fault("503");
    await rejectsWith(GET.call(omi, { ...more, maxRetries: 3 }), InternalServerError);
    expect(server.forCall(more.callId)).toHaveLength(4);

    const { omi: eager } = clientFor(server, { maxRetries: 5 });
    const none = fault("503,ok");
    await rejectsWith(GET.call(eager, { ...none, maxRetries: 0 }), InternalServerError);
    expect(server.forCall(none.callId)).toHaveLength(1);
  });
});

describe("a server nothing listens on", () => {
  it("a read is retried, then fails with OmiConnectionError (not reached) after 3 attempts", async () => {
    const port = await unusedPort();
    const { omi, log } = clientFor({ url: `http://127.0.0.1:${port}` });
    const error = await rejectsWith(GET.call(omi, {}), OmiConnectionError);
    expect(error.reachedServer).toBe(false);
    expect(error.attempts).toBe(3);
    expect(error.message).toMatch(/Could not connect/);
    expect(log.lines.filter((l) => l.level === "debug")).toHaveLength(3);
  });
});
