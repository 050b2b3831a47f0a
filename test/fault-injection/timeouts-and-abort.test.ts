/**
 * `timeoutMs` bounds each attempt (until the whole body has arrived), per client
 * and per call; operations with `x-omi-timeout-ms` get at least that unless the
 * call says otherwise. The caller's `signal` stops everything at once, during an
 * attempt or a backoff wait, and is never retried.
 */
import { OmiAbortError, OmiOutcomeUnknownError, OmiTimeoutError } from "../../src/index.js";
import { fault, startFaultServer, type FaultServer } from "../support/fault-server.js";
import { clientFor, KINDS, rejectsWith } from "../support/harness.js";

let server: FaultServer;
beforeAll(async () => {
  server = await startFaultServer();
});
afterAll(() => server.close());

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe("timeouts", () => {
  it("the client's timeoutMs bounds each attempt", async () => {
    const { omi } = clientFor(server, { timeoutMs: 100, maxRetries: 1 });
    const f = fault("hang");
    const started = Date.now();
    const error = await rejectsWith(KINDS.GET.call(omi, f), OmiTimeoutError);
    expect(error).toMatchObject({ timeoutMs: 100, attempts: 2 });
    expect(error.message).toMatch(/100 ms/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
    expect(server.forCall(f.callId)).toHaveLength(2);
  });

  it("the per-call timeoutMs overrides the client's", async () => {
    const { omi } = clientFor(server, { timeoutMs: 10_000, maxRetries: 0 });
    const f = fault("hang");
    const started = Date.now();
    const error = await rejectsWith(KINDS.GET.call(omi, { ...f, timeoutMs: 80 }), OmiTimeoutError);
    expect(error.timeoutMs).toBe(80);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("the timeout covers the body: headers in time but a trickling body times out (the request id is kept)", async () => {
    const { omi } = clientFor(server, { timeoutMs: 150, maxRetries: 0 });
    const f = fault("slow-body");
    const error = await rejectsWith(KINDS.GET.call(omi, f), OmiTimeoutError);
    expect(error.requestId).toBe(`req-${server.forCall(f.callId)[0]?.seq}`);
  });

  it("a response slower than the client's timeoutMs but within x-omi-timeout-ms succeeds for createFromSegments only", async () => {
    const { omi } = clientFor(server, { timeoutMs: 100, maxRetries: 0 });
    const slow = { "x-delay-ms": "400" };
    const segments = fault("delayed-ok", slow);
    await expect(KINDS.SEGMENTS.call(omi, segments)).resolves.toMatchObject({ ok: true });
    const memory = fault("delayed-ok", slow);
    const error = await rejectsWith(KINDS.POST.call(omi, memory), OmiOutcomeUnknownError);
    expect(error.cause).toBeInstanceOf(OmiTimeoutError);
    expect((error.cause as OmiTimeoutError).timeoutMs).toBe(100);
  });

  it("a per-call timeoutMs on createFromSegments is used as given", async () => {
    const { omi } = clientFor(server, { maxRetries: 0 });
    const f = fault("hang");
    const error = await rejectsWith(KINDS.SEGMENTS.call(omi, { ...f, timeoutMs: 90 }), OmiTimeoutError);
    expect(error.timeoutMs).toBe(90);
  });
});

describe("the caller's signal", () => {
  it("already aborted: nothing is sent, OmiAbortError with 0 attempts", async () => {
    const { omi } = clientFor(server);
    const f = fault("ok");
    const controller = new AbortController();
    controller.abort(new Error("not needed any more"));
    const error = await rejectsWith(KINDS.POST.call(omi, { ...f, signal: controller.signal }), OmiAbortError);
    expect(error.attempts).toBe(0);
    expect((error.cause as Error).message).toBe("not needed any more");
    expect(server.forCall(f.callId)).toHaveLength(0);
  });

  it.each(["GET", "POST", "PATCH", "DELETE", "SEGMENTS"] as const)(
    "%s: aborting during a hung attempt stops at once and is not retried",
    async (kind) => {
      const { omi } = clientFor(server, { timeoutMs: 10_000 });
      const f = fault("hang,ok");
      const controller = new AbortController();
      const reason = new Error("user pressed cancel");
      setTimeout(() => controller.abort(reason), 60);
      const started = Date.now();
      const error = await rejectsWith(KINDS[kind].call(omi, { ...f, signal: controller.signal }), OmiAbortError);
      expect(Date.now() - started).toBeLessThan(1000);
      expect(error.cause).toBe(reason);
      expect(error.attempts).toBe(1);
      await sleep(50);
      expect(server.forCall(f.callId)).toHaveLength(1);
    },
  );

  it("aborting while waiting for a free slot (maxConcurrency): nothing sent, 0 attempts", async () => {
    const { omi } = clientFor(server, { maxConcurrency: 1 });
    const holder = fault("delayed-ok", { "x-delay-ms": "300" });
    const waiter = fault("ok");
    const controller = new AbortController();
    const first = KINDS.GET.call(omi, holder);
    setTimeout(() => controller.abort(), 50);
    const error = await rejectsWith(KINDS.POST.call(omi, { ...waiter, signal: controller.signal }), OmiAbortError);
    expect(error.attempts).toBe(0);
    await first;
    expect(server.forCall(waiter.callId)).toHaveLength(0);
  });

  it("aborting while the body trickles in stops at once", async () => {
    const { omi } = clientFor(server, { timeoutMs: 10_000 });
    const f = fault("slow-body");
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 60);
    const started = Date.now();
    await rejectsWith(KINDS.GET.call(omi, { ...f, signal: controller.signal }), OmiAbortError);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it("aborting during a backoff wait stops at once, without another attempt", async () => {
    const { omi, log } = clientFor(server, { retryBackoff: { initialDelayMs: 30_000, maxDelayMs: 30_000 } });
    const f = fault("503,ok");
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    const error = await rejectsWith(KINDS.GET.call(omi, { ...f, signal: controller.signal }), OmiAbortError);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(error.attempts).toBe(1);
    expect(log.lines.some((l) => l.level === "warn" && /retrying GET .* in 30000 ms/.test(l.message))).toBe(true);
    await sleep(50);
    expect(server.forCall(f.callId)).toHaveLength(1);
  });

  it("aborting during a Retry-After wait stops at once", async () => {
    const { omi } = clientFor(server);
    const f = fault("429-seconds,ok", { "x-retry-after": "30" });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    await rejectsWith(KINDS.DELETE.call(omi, { ...f, signal: controller.signal }), OmiAbortError);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(server.forCall(f.callId)).toHaveLength(1);
  });

  it("a signal that never fires does not change the outcome, and its listeners are removed", async () => {
    const { omi } = clientFor(server);
    const controller = new AbortController();
    const added: string[] = [];
    const removed: string[] = [];
    const signal = controller.signal;
    const add = signal.addEventListener.bind(signal);
    const remove = signal.removeEventListener.bind(signal);
    signal.addEventListener = ((type: string, listener: EventListener, options?: AddEventListenerOptions) => {
      added.push(type);
      add(type, listener, options);
    }) as typeof signal.addEventListener;
    signal.removeEventListener = ((type: string, listener: EventListener) => {
      removed.push(type);
      remove(type, listener);
    }) as typeof signal.removeEventListener;
    const f = fault("503,ok");
    await expect(KINDS.GET.call(omi, { ...f, signal })).resolves.toMatchObject({ ok: true, attempt: 2 });
    expect(added.length).toBeGreaterThan(0);
    expect(removed.length).toBe(added.length);
  });
});
