/**
 * Writes that are not idempotent (POST `omi.actionItems.create`, PATCH
 * `omi.conversations.update`, DELETE `omi.conversations.delete`) are replayed
 * only when the server surely did not act: a 429, or a connection that never
 * reached it. After a 5xx, a timeout or a dropped connection they throw
 * their error with `outcomeUnknown: true` (the status's class, `OmiConnectionError` or
 * `OmiTimeoutError`) and the server has received them exactly once.
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
import { clientFor, KINDS, rejectsWith, type CallKind } from "../support/harness.js";

const WRITES = ["POST", "PATCH", "DELETE"] as const satisfies readonly CallKind[];
const EXPECTED = {
  POST: { operationId: "createActionItem" },
  PATCH: { operationId: "updateConversation" },
  DELETE: { operationId: "deleteConversation" },
};

let server: FaultServer;
beforeAll(async () => {
  server = await startFaultServer();
});
afterAll(() => server.close());

describe.each(WRITES)("%s", (kind) => {
  const spec = KINDS[kind];
  const expected = { ...EXPECTED[kind], method: spec.method, path: spec.path };

  it("succeeds with one request when nothing goes wrong", async () => {
    const { omi } = clientFor(server);
    const f = fault("ok");
    await expect(spec.call(omi, f)).resolves.toMatchObject({ ok: true, method: spec.method, path: spec.path });
    expect(server.forCall(f.callId)).toHaveLength(1);
  });

  it.each([
    ["500", 500],
    ["502", 502],
    ["503", 503],
    ["504", 504],
    ["json-500", 500],
    ["html-502", 502],
    ["empty-503", 503],
  ] as const)("%s then 200 → InternalServerError (status %s) with outcomeUnknown, received once", async (name, status) => {
    const { omi } = clientFor(server);
    const f = fault(`${name},ok`);
    const error = await rejectsWith(spec.call(omi, f), InternalServerError);
    expect(error).toMatchObject({ ...expected, status, attempts: 1, outcomeUnknown: true });
    expect(error.requestId).toBe(`req-${server.forCall(f.callId)[0]?.seq}`);
    expect(error.message).toMatch(/Outcome unknown: the write may have taken effect/);
    expect(server.forCall(f.callId)).toHaveLength(1);
  });

  it.each(["reset-before-headers", "close-before-headers", "reset-after-headers"])(
    "%s then 200 → OmiConnectionError with outcomeUnknown, received once",
    async (name) => {
      const { omi } = clientFor(server);
      const f = fault(`${name},ok`);
      const error = await rejectsWith(spec.call(omi, f), OmiConnectionError);
      expect(error).toMatchObject({ reachedServer: true, outcomeUnknown: true, attempts: 1 });
      expect(error.message).toContain(`${spec.method} ${spec.path} (${expected.operationId})`);
      expect(error.message).toMatch(/not sent again/);
      expect(server.forCall(f.callId)).toHaveLength(1);
    },
  );

  it.each(["hang", "slow-body"])("%s then 200 → OmiTimeoutError with outcomeUnknown, received once", async (name) => {
    const { omi } = clientFor(server);
    const f = fault(`${name},ok`);
    const error = await rejectsWith(spec.call(omi, { ...f, timeoutMs: 120 }), OmiTimeoutError);
    expect(error).toMatchObject({ timeoutMs: 120, outcomeUnknown: true, attempts: 1 });
    expect(error.message).toMatch(/no complete response within 120 ms.*may have taken effect/);
    // Whether the request reached the server before its short timeout ran out depends on the machine's load.
    expect(server.forCall(f.callId).length).toBeLessThanOrEqual(1);
  });

  it.each([
    { name: "408", ErrorClass: OmiApiError, status: 408 },
    { name: "409", ErrorClass: ConflictError, status: 409 },
    { name: "401", ErrorClass: AuthenticationError, status: 401 },
  ])("$name then 200 → $ErrorClass.name, not retried", async ({ name, ErrorClass, status }) => {
    const { omi } = clientFor(server);
    const f = fault(`${name},ok`);
    const error = await rejectsWith(spec.call(omi, f), ErrorClass);
    expect(error).toMatchObject({ status, attempts: 1 });
    expect(server.forCall(f.callId)).toHaveLength(1);
  });

  it("429 then 200 → retried (the server did not act), resolves after 2 requests with the same body", async () => {
    const { omi } = clientFor(server);
    const f = fault("429-seconds,ok");
    await expect(spec.call(omi, f)).resolves.toMatchObject({ ok: true, attempt: 2 });
    const received = server.forCall(f.callId);
    expect(received).toHaveLength(2);
    expect(received[1]?.body).toBe(received[0]?.body);
  });

  it("503 Rate limiter unavailable then 200 → retried (refused before the handler ran), resolves after 2 requests", async () => {
    const { omi } = clientFor(server);
    const f = fault("503-limiter,ok");
    await expect(spec.call(omi, f)).resolves.toMatchObject({ ok: true, attempt: 2 });
    expect(server.forCall(f.callId)).toHaveLength(2);
  });

  it("503 Rate limiter unavailable every time → InternalServerError (not outcome unknown) after maxRetries + 1 requests", async () => {
    const { omi } = clientFor(server);
    const f = fault("503-limiter,503-limiter,503-limiter");
    const error = await rejectsWith(spec.call(omi, f), InternalServerError);
    expect(error).toMatchObject({ status: 503, detail: "Rate limiter unavailable", attempts: 3 });
    expect(server.forCall(f.callId)).toHaveLength(3);
  });

  it("503 from the account fence then 200 → retried (the fence refuses before any endpoint runs)", async () => {
    const { omi } = clientFor(server);
    const f = fault("503-fence,ok");
    await expect(spec.call(omi, f)).resolves.toMatchObject({ ok: true, attempt: 2 });
    expect(server.forCall(f.callId)).toHaveLength(2);
  });

  it("503 from the account fence every time → InternalServerError with its object detail, outcome known", async () => {
    const { omi } = clientFor(server);
    const f = fault("503-fence,503-fence,503-fence");
    const error = await rejectsWith(spec.call(omi, f), InternalServerError);
    expect(error).toMatchObject({ status: 503, detail: { code: "account_cutover_state_unavailable" }, outcomeUnknown: false });
    expect(server.forCall(f.callId)).toHaveLength(3);
  });

  it("429 every time → RateLimitError after maxRetries + 1 requests", async () => {
    const { omi } = clientFor(server);
    const f = fault("429-seconds");
    const error = await rejectsWith(spec.call(omi, f), RateLimitError);
    expect(error).toMatchObject({ status: 429, attempts: 3, retryAfterMs: 0, limit: 25, remaining: 0 });
    expect(server.forCall(f.callId)).toHaveLength(3);
  });

  it("a connection that never reaches the server is retried: OmiConnectionError after 3 attempts", async () => {
    const port = await unusedPort();
    const { omi, log } = clientFor({ url: `http://127.0.0.1:${port}` });
    const error = await rejectsWith(spec.call(omi, {}), OmiConnectionError);
    expect(error.reachedServer).toBe(false);
    expect(error.attempts).toBe(3);
    expect(log.lines.filter((l) => l.level === "debug")).toHaveLength(3);
  });

  it("ECONNREFUSED on the first attempt, then the real server: retried and applied exactly once", async () => {
    let calls = 0;
    const refuseOnce: typeof fetch = async (input, init) => {
      calls += 1;
      if (calls === 1) {
        const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" });
        throw new TypeError("fetch failed", { cause: refused });
      }
      return fetch(input, init);
    };
    const { omi, log } = clientFor(server, { fetch: refuseOnce });
    const f = fault("ok");
    await expect(spec.call(omi, f)).resolves.toMatchObject({ ok: true, attempt: 1 });
    expect(calls).toBe(2);
    expect(server.forCall(f.callId)).toHaveLength(1);
    const attempts = log.lines.filter((l) => l.level === "debug").map((l) => l.data?.attempt);
    expect(attempts).toEqual([1, 2]);
  });

  it("a connection dropped after sending (a fetch error without a 'not reached' code) is not replayed", async () => {
    let calls = 0;
    const dropAfterSending: typeof fetch = async (input, init) => {
      calls += 1;
      await fetch(input, init); // the server receives and applies it…
      throw new TypeError("fetch failed", { cause: Object.assign(new Error("other side closed"), { code: "UND_ERR_SOCKET" }) });
    };
    const { omi } = clientFor(server, { fetch: dropAfterSending });
    const f = fault("ok");
    const error = await rejectsWith(spec.call(omi, f), OmiConnectionError);
    expect(error.outcomeUnknown).toBe(true);
    expect(calls).toBe(1);
    expect(server.forCall(f.callId)).toHaveLength(1);
  });
});

it("a non-idempotent write is never received twice across every fault that reaches the server", async () => {
  const { omi } = clientFor(server);
  const faults = [
    "500",
    "502",
    "503",
    "504",
    "html-502",
    "reset-before-headers",
    "close-before-headers",
    "reset-after-headers",
    "408",
    "409",
  ];
  const timingOut = ["hang", "slow-body"];
  const calls = WRITES.flatMap((kind) =>
    [...faults, ...timingOut].map((name) => {
      const f = fault(`${name},ok`);
      const timeoutMs = timingOut.includes(name) ? 300 : 10_000;
      return {
        name,
        f,
        done: KINDS[kind].call(omi, { ...f, timeoutMs }).then(
          () => "resolved",
          () => "rejected",
        ),
      };
    }),
  );
  expect(await Promise.all(calls.map((c) => c.done))).toEqual(calls.map(() => "rejected"));
  // Let a request that was still on its way when its attempt timed out arrive, before counting.
  await new Promise((resolve) => setTimeout(resolve, 200));
  for (const { name, f } of calls) {
    const received = server.forCall(f.callId).length;
    // Under load a timed-out attempt may not have reached the server at all; it never reaches it twice.
    if (timingOut.includes(name)) expect(received).toBeLessThanOrEqual(1);
    else expect([name, received]).toEqual([name, 1]);
  }
});
