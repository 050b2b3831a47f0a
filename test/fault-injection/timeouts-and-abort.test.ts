/**
 * `timeoutMs` bounds each attempt (until the whole body has arrived), per client
 * and per call; operations with `x-omi-timeout-ms` get at least that unless the
 * call says otherwise. The caller's `signal` stops everything at once, during an
 * attempt or a backoff wait, and is never retried.
 *
 * Nothing here bounds how long a step takes: aborts are sent on events (the
 * server has the request, the client announced its wait), and "at once" is shown
 * by the alternative being endless (a server that never answers, a wait of an
 * hour), which would end in the jest timeout instead of the expected error.
 */
import { OmiAbortError, OmiTimeoutError } from "../../src/index.js";
import { fault, startFaultServer, type FaultServer } from "../support/fault-server.js";
import { clientFor, KINDS, rejectsWith, type BufferLogger } from "../support/harness.js";

let server: FaultServer;
beforeAll(async () => {
  server = await startFaultServer();
});
afterAll(() => server.close());

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
// Longer than any test may last: a step that waited for it could never pass.
const ENDLESS_MS = 3_600_000;

/** Resolves once a log line passes `test` (polled: the logger is synchronous and in this process). */
async function logged(log: BufferLogger, test: (line: BufferLogger["lines"][number]) => boolean): Promise<void> {
  while (!log.lines.some(test)) await sleep(5);
}

describe("timeouts", () => {
  it("the client's timeoutMs bounds each attempt", async () => {
    const { omi } = clientFor(server, { timeoutMs: 100, maxRetries: 1 });
    const f = fault("hang");
    const started = Date.now();
    const error = await rejectsWith(KINDS.GET.call(omi, f), OmiTimeoutError);
    expect(error).toMatchObject({ timeoutMs: 100, attempts: 2 });
    expect(error.message).toMatch(/100 ms/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
    // How many of the two requests reached the server before their 100 ms ran out depends on the machine's load.
    expect(server.forCall(f.callId).length).toBeLessThanOrEqual(2);
  });

  it("the per-call timeoutMs overrides the client's", async () => {
    const { omi } = clientFor(server, { timeoutMs: ENDLESS_MS, maxRetries: 0 });
    const f = fault("hang");
    const error = await rejectsWith(KINDS.GET.call(omi, { ...f, timeoutMs: 80 }), OmiTimeoutError);
    expect(error.timeoutMs).toBe(80);
  });

  it("the timeout covers the body: headers in time but a trickling body times out (the request id is kept)", async () => {
    // A body that never completes (a byte an hour), and a timeout generous enough for the headers on a loaded machine.
    const trickling = await startFaultServer({ slowBodyIntervalMs: ENDLESS_MS });
    try {
      const { omi } = clientFor(trickling, { timeoutMs: 3_000, maxRetries: 0 });
      const f = fault("slow-body");
      const error = await rejectsWith(KINDS.GET.call(omi, f), OmiTimeoutError);
      expect(error.requestId).toBe(`req-${trickling.forCall(f.callId)[0]?.seq}`);
    } finally {
      await trickling.close();
    }
  });

  it("a response slower than the client's timeoutMs but within x-omi-timeout-ms succeeds for createFromSegments only", async () => {
    const { omi } = clientFor(server, { timeoutMs: 100, maxRetries: 0 });
    const slow = { "x-delay-ms": "400" };
    const segments = fault("delayed-ok", slow);
    await expect(KINDS.SEGMENTS.call(omi, segments)).resolves.toMatchObject({ ok: true });
    const memory = fault("delayed-ok", slow);
    const error = await rejectsWith(KINDS.POST.call(omi, memory), OmiTimeoutError);
    expect(error.timeoutMs).toBe(100);
    expect(error.outcomeUnknown).toBe(true);
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
      const { omi } = clientFor(server, { timeoutMs: ENDLESS_MS });
      const f = fault("hang,ok");
      const controller = new AbortController();
      const reason = new Error("user pressed cancel");
      void server.arrival(f.callId).then(() => controller.abort(reason));
      const error = await rejectsWith(KINDS[kind].call(omi, { ...f, signal: controller.signal }), OmiAbortError);
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
    // The holder's request is at the server (its answer 300 ms away), so the waiter is waiting for the slot.
    void server.arrival(holder.callId).then(() => controller.abort());
    const error = await rejectsWith(KINDS.POST.call(omi, { ...waiter, signal: controller.signal }), OmiAbortError);
    expect(error.attempts).toBe(0);
    await first;
    expect(server.forCall(waiter.callId)).toHaveLength(0);
  });

  it("aborting while the body trickles in stops at once", async () => {
    const { omi } = clientFor(server, { timeoutMs: ENDLESS_MS });
    const f = fault("slow-body");
    const controller = new AbortController();
    void server.arrival(f.callId).then(() => controller.abort());
    await rejectsWith(KINDS.GET.call(omi, { ...f, signal: controller.signal }), OmiAbortError);
  });

  it("aborting during a backoff wait stops at once, without another attempt", async () => {
    const { omi, log } = clientFor(server, {
      retryBackoff: { initialDelayMs: ENDLESS_MS, maxDelayMs: ENDLESS_MS },
      maxRetryDelayMs: ENDLESS_MS,
    });
    const f = fault("503,ok");
    const controller = new AbortController();
    const announced = (l: BufferLogger["lines"][number]) =>
      l.level === "warn" && new RegExp(`retrying GET .* in ${ENDLESS_MS} ms`).test(l.message);
    void logged(log, announced).then(() => controller.abort());
    const error = await rejectsWith(KINDS.GET.call(omi, { ...f, signal: controller.signal }), OmiAbortError);
    expect(error.attempts).toBe(1);
    await sleep(50);
    expect(server.forCall(f.callId)).toHaveLength(1);
  });

  it("aborting during a Retry-After wait stops at once", async () => {
    const { omi, log } = clientFor(server, { maxRetryDelayMs: ENDLESS_MS });
    const f = fault("429-seconds,ok", { "x-retry-after": String(ENDLESS_MS / 1000) });
    const controller = new AbortController();
    void logged(log, (l) => l.level === "warn" && /retrying DELETE /.test(l.message)).then(() => controller.abort());
    await rejectsWith(KINDS.DELETE.call(omi, { ...f, signal: controller.signal }), OmiAbortError);
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
