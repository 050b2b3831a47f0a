/**
 * `onRetry`: told of every retry before its wait, with the call, the failed
 * attempt and why; a hook that throws or rejects changes nothing.
 */
import { InternalServerError, type RetryEvent } from "../../src/index.js";
import { fault, startFaultServer, type FaultServer } from "../support/fault-server.js";
import { clientFor, KINDS, rejectionOf, rejectsWith } from "../support/harness.js";

let server: FaultServer;
beforeAll(async () => {
  server = await startFaultServer();
});
afterAll(() => server.close());

describe("onRetry", () => {
  it("is called before each retry's wait with the call, the failed attempt, the delay, the reason and the status", async () => {
    const events: RetryEvent[] = [];
    const sentBefore: number[] = [];
    const f = fault("503,reset-before-headers,ok");
    const { omi, log } = clientFor(server, {
      onRetry: (event) => {
        events.push(event);
        sentBefore.push(server.forCall(f.callId).length);
      },
    });
    await KINDS.GET.call(omi, f);
    expect(events).toEqual([
      {
        operationId: "listConversations",
        method: "GET",
        path: "/v1/dev/user/conversations",
        attempt: 1,
        delayMs: expect.any(Number),
        reason: "HTTP 503",
        status: 503,
      },
      {
        operationId: "listConversations",
        method: "GET",
        path: "/v1/dev/user/conversations",
        attempt: 2,
        delayMs: expect.any(Number),
        reason: expect.any(String),
        status: undefined,
      },
    ]);
    // Called before the next attempt was sent; its delay is the one the log line announces, at
    // debug (with onRetry given, the hook reports the retry: no warning besides).
    expect(sentBefore).toEqual([1, 2]);
    const retrying = log.lines.filter((l) => l.message.includes("retrying"));
    expect(retrying.map((l) => l.level)).toEqual(["debug", "debug"]);
    expect(events.map((e) => e.delayMs)).toEqual(retrying.map((l) => Number(/in (\d+) ms/.exec(l.message)?.[1])));
  });

  it("gives the Retry-After wait of a 429 as the delay", async () => {
    const events: RetryEvent[] = [];
    const { omi } = clientFor(server, { onRetry: (event) => events.push(event) });
    await KINDS.POST.call(omi, fault("429-seconds,ok"));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ operationId: "createActionItem", method: "POST", status: 429, delayMs: 0 });
    expect(events[0]?.reason).toMatch(/^HTTP 429, Retry-After 0 ms$/);
  });

  it("is not called when there is no retry (success, or a write that may not be replayed)", async () => {
    const events: RetryEvent[] = [];
    const { omi } = clientFor(server, { onRetry: (event) => events.push(event) });
    await KINDS.GET.call(omi, fault("ok"));
    await rejectionOf(KINDS.POST.call(omi, fault("503")));
    expect(events).toEqual([]);
  });

  it("is told of retries of omi.raw calls too", async () => {
    const events: RetryEvent[] = [];
    const { omi } = clientFor(server, { onRetry: (event) => events.push(event) });
    await omi.raw.GET("/v1/dev/user/folders", { headers: fault("502,ok").headers });
    expect(events).toEqual([expect.objectContaining({ operationId: "listFolders", attempt: 1, status: 502 })]);
  });

  it("changes nothing when it throws or rejects: same retries, same result", async () => {
    const unhandled: unknown[] = [];
    const listener = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", listener);
    try {
      for (const onRetry of [
        () => {
          throw new Error("dashboard down");
        },
        () => Promise.reject(new Error("dashboard down")) as unknown as void,
      ]) {
        const { omi } = clientFor(server, { onRetry });
        const ok = fault("503,503,ok");
        await expect(KINDS.GET.call(omi, ok)).resolves.toBeDefined();
        expect(server.forCall(ok.callId)).toHaveLength(3);
        const failing = fault("503");
        const error = await rejectsWith(KINDS.GET.call(omi, failing), InternalServerError);
        expect(error.attempts).toBe(3);
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(unhandled).toEqual([]);
    } finally {
      process.off("unhandledRejection", listener);
    }
  });
});
