/**
 * Observability: every attempt is logged at `debug` with method, path, status
 * (or error), attempt number and elapsed time; retries at `warn`; `logLevel`
 * (or `OMI_LOG`) filters; every error carries `attempts` and the last
 * `x-request-id` as `requestId`.
 */
import { createOmiClient, InternalServerError, OmiConnectionError, OmiTimeoutError } from "../../src/index.js";
import { fault, startFaultServer, type FaultServer } from "../support/fault-server.js";
import { API_KEY, bufferLogger, clientFor, FAST, KINDS, rejectsWith } from "../support/harness.js";

let server: FaultServer;
beforeAll(async () => {
  server = await startFaultServer();
});
afterAll(() => server.close());

const HOUR_MS = 3_600_000;
// Every timer API jest can fake, except Date.
const REAL_EXCEPT_DATE: Array<
  | "hrtime"
  | "nextTick"
  | "performance"
  | "queueMicrotask"
  | "setImmediate"
  | "clearImmediate"
  | "setInterval"
  | "clearInterval"
  | "setTimeout"
  | "clearTimeout"
> = [
  "hrtime",
  "nextTick",
  "performance",
  "queueMicrotask",
  "setImmediate",
  "clearImmediate",
  "setInterval",
  "clearInterval",
  "setTimeout",
  "clearTimeout",
];

describe("debug lines", () => {
  it("one per attempt, with method, path, status, attempt number and elapsed time", async () => {
    const { omi, log } = clientFor(server);
    const f = fault("503,reset-before-headers,ok");
    await KINDS.GET.call(omi, f);
    const seqs = server.forCall(f.callId).map((r) => r.seq);
    const debug = log.lines.filter((l) => l.level === "debug");
    expect(debug.map((l) => l.message)).toEqual([
      "omi: GET /v1/dev/user/conversations → 503",
      "omi: GET /v1/dev/user/conversations → OmiConnectionError",
      "omi: GET /v1/dev/user/conversations → 200",
    ]);
    expect(debug.map((l) => l.data)).toEqual([
      {
        operationId: "listConversations",
        attempt: 1,
        maxAttempts: 3,
        elapsedMs: expect.any(Number),
        requestId: `req-${seqs[0]}`,
      },
      // The dropped connection brought no id: none is claimed for that attempt.
      { operationId: "listConversations", attempt: 2, maxAttempts: 3, elapsedMs: expect.any(Number) },
      {
        operationId: "listConversations",
        attempt: 3,
        maxAttempts: 3,
        elapsedMs: expect.any(Number),
        requestId: `req-${seqs[2]}`,
      },
    ]);
    const warn = log.lines.filter((l) => l.level === "warn").map((l) => l.message);
    expect(warn).toHaveLength(2);
    expect(warn[0]).toMatch(/^omi: retrying GET \/v1\/dev\/user\/conversations in \d+ ms \(HTTP 503\)$/);
  });

  it("elapsed time covers the whole attempt", async () => {
    const { omi, log } = clientFor(server, { maxRetries: 0 });
    await rejectsWith(KINDS.GET.call(omi, { ...fault("hang"), timeoutMs: 120 }), OmiTimeoutError);
    const [line] = log.lines.filter((l) => l.level === "debug");
    expect(line?.message).toBe("omi: GET /v1/dev/user/conversations → OmiTimeoutError");
    expect(line?.data?.elapsedMs).toBeGreaterThanOrEqual(115);
  });

  it("elapsed time and attempts count what was sent, not the wait for a free slot (maxConcurrency)", async () => {
    // Only Date is faked: the client's clock moves when the test says so, while its
    // timers and sockets stay real. The clock jumps an hour while the holder's
    // request is at the server, i.e. while the waiter waits for the slot.
    jest.useFakeTimers({ doNotFake: REAL_EXCEPT_DATE });
    try {
      const { omi, log } = clientFor(server, { maxConcurrency: 1 });
      const holder = fault("delayed-ok", { "x-delay-ms": "50" });
      const waiter = fault("ok");
      void server.arrival(holder.callId).then(() => jest.setSystemTime(Date.now() + HOUR_MS));
      const first = KINDS.GET.call(omi, holder);
      await KINDS.POST.call(omi, waiter);
      await first;
      const elapsed = (method: string) =>
        log.lines.filter((l) => l.level === "debug" && l.message.startsWith(`omi: ${method}`)).map((l) => l.data);
      expect(elapsed("GET")).toEqual([expect.objectContaining({ attempt: 1, elapsedMs: HOUR_MS })]);
      expect(elapsed("POST")).toEqual([expect.objectContaining({ attempt: 1, elapsedMs: 0 })]);
    } finally {
      jest.useRealTimers();
    }
  });

  it("paths in log lines carry the ids, percent-encoded", async () => {
    const { omi, log } = clientFor(server);
    await omi.conversations.update("a/b c", { title: "x" }, fault("ok"));
    expect(log.lines.find((l) => l.level === "debug")?.message).toBe("omi: PATCH /v1/dev/user/conversations/a%2Fb%20c → 200");
  });
});

describe("levels", () => {
  it.each([
    ["debug", ["debug", "warn", "debug"]],
    ["info", ["warn"]],
    ["warn", ["warn"]],
    ["error", []],
    ["off", []],
  ] as const)("logLevel %s", async (logLevel, levels) => {
    const { omi, log } = clientFor(server, { logLevel });
    await KINDS.GET.call(omi, fault("503,ok"));
    expect(log.lines.map((l) => l.level)).toEqual(levels);
  });

  describe("OMI_LOG", () => {
    const saved = process.env.OMI_LOG;
    afterEach(() => {
      if (saved === undefined) delete process.env.OMI_LOG;
      else process.env.OMI_LOG = saved;
    });

    it.each([
      ["debug", 3],
      ["off", 0],
      // Not a level (though a property of every object): the default, warn, and a warning about the
      // value, once per process and value (the retry's line, plus the warning when it is the first).
      ["toString", 2],
      ["loud", 2],
    ])("OMI_LOG=%s → %i lines for 503 then 200", async (value, lines) => {
      process.env.OMI_LOG = value;
      const logger = bufferLogger();
      const omi = createOmiClient({ apiKey: API_KEY, baseUrl: server.url, logger, ...FAST });
      await KINDS.GET.call(omi, fault("503,ok"));
      expect(logger.lines).toHaveLength(lines);
    });

    it("the logLevel option wins over OMI_LOG", async () => {
      process.env.OMI_LOG = "debug";
      const { omi, log } = clientFor(server, { logLevel: "off" });
      await KINDS.GET.call(omi, fault("503,ok"));
      expect(log.lines).toEqual([]);
    });
  });
});

describe("attempts and requestId on every error", () => {
  it("a status error: the last attempt's id", async () => {
    const { omi } = clientFor(server);
    const f = fault("500");
    const error = await rejectsWith(KINDS.GET.call(omi, f), InternalServerError);
    expect(error).toMatchObject({ attempts: 3, requestId: `req-${server.forCall(f.callId).at(-1)?.seq}` });
    expect(error.toJSON()).toMatchObject({ name: "InternalServerError", attempts: 3, requestId: error.requestId, status: 500 });
  });

  it("an outcome-unknown write: its attempt's id, also in JSON", async () => {
    const { omi } = clientFor(server);
    const f = fault("502");
    const error = await rejectsWith(KINDS.PATCH.call(omi, f), InternalServerError);
    const requestId = `req-${server.forCall(f.callId)[0]?.seq}`;
    expect(error).toMatchObject({ attempts: 1, requestId });
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({
      name: "InternalServerError",
      operationId: "updateConversation",
      method: "PATCH",
      path: "/v1/dev/user/conversations/conv-1",
      status: 502,
      attempts: 1,
      requestId,
      outcomeUnknown: true,
    });
  });

  it("a timeout after an earlier answer: no id (the last attempt got none), not the earlier attempt's", async () => {
    const { omi } = clientFor(server, { maxRetries: 1 });
    const f = fault("503,hang");
    const error = await rejectsWith(KINDS.GET.call(omi, { ...f, timeoutMs: 100 }), OmiTimeoutError);
    expect(error.attempts).toBe(2);
    expect(error.requestId).toBeUndefined();
  });

  it("a body cut after the headers: the id from those headers", async () => {
    const { omi } = clientFor(server, { maxRetries: 0 });
    const f = fault("reset-after-headers");
    const error = await rejectsWith(KINDS.POST.call(omi, f), OmiConnectionError);
    expect(error.outcomeUnknown).toBe(true);
    expect(error.requestId).toBe(`req-${server.forCall(f.callId)[0]?.seq}`);
  });
});
