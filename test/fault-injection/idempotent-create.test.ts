/**
 * `omi.conversations.createFromSegments` (createConversationFromSegments,
 * `x-omi-idempotency-key: client_session_id`): the server derives the
 * conversation id from `client_session_id`, so replaying it is safe. Without
 * one from the caller, the client generates one, kept across attempts; with
 * one, it is sent unchanged. Either way it is retried like a read (5xx and
 * timeouts included), and its 409 ("already in progress") is retried after a wait.
 */
import { ConflictError, InternalServerError, OmiConnectionError, OmiTimeoutError } from "../../src/index.js";
import { fault, startFaultServer, unusedPort, type FaultServer, type RecordedRequest } from "../support/fault-server.js";
import {
  CALLER_SESSION_ID,
  clientFor,
  KINDS,
  memoryBody,
  RECOVERY_TIMEOUT_MS,
  rejectsWith,
  segmentsBody,
  SLOW_BODY_INTERVAL_MS,
} from "../support/harness.js";

let server: FaultServer;
beforeAll(async () => {
  server = await startFaultServer({ slowBodyIntervalMs: SLOW_BODY_INTERVAL_MS });
});
afterAll(() => server.close());

function sessionIds(received: RecordedRequest[]): unknown[] {
  return received.map((r) => (JSON.parse(r.body) as { client_session_id?: unknown }).client_session_id);
}

const RECOVERABLE = [
  "500",
  "502",
  "503",
  "504",
  "json-500",
  "html-502",
  "empty-503",
  "408",
  "429-seconds",
  "409",
  "reset-before-headers",
  "close-before-headers",
  "reset-after-headers",
  "hang",
  "slow-body",
];

describe.each(["SEGMENTS", "SEGMENTS_KEYED"] as const)("%s", (kind) => {
  const spec = KINDS[kind];

  it.each(RECOVERABLE)("%s then 200 → resolves after 2 requests, the same body both times", async (name) => {
    const { omi } = clientFor(server);
    const f = fault(`${name},ok`);
    await expect(spec.call(omi, { ...f, timeoutMs: RECOVERY_TIMEOUT_MS })).resolves.toMatchObject({ ok: true, attempt: 2 });
    const received = server.forCall(f.callId);
    expect(received).toHaveLength(2);
    expect(received[1]?.body).toBe(received[0]?.body);
    const [first] = sessionIds(received);
    expect(typeof first).toBe("string");
    if (kind === "SEGMENTS_KEYED") expect(first).toBe(CALLER_SESSION_ID);
  });

  it("503 twice then 200 → the same client_session_id and byte-identical bodies on all 3 attempts", async () => {
    const { omi } = clientFor(server);
    const f = fault("503,503,ok");
    const result = (await spec.call(omi, f)) as { body: { client_session_id: string } };
    const received = server.forCall(f.callId);
    expect(received).toHaveLength(3);
    expect(new Set(received.map((r) => r.body)).size).toBe(1);
    expect(new Set(sessionIds(received)).size).toBe(1);
    expect(result.body.client_session_id).toBe(sessionIds(received)[0]);
  });

  it("a 5xx every time → the status's error, outcome known (replaying was safe), with the key, after 3 requests", async () => {
    const { omi } = clientFor(server);
    const f = fault("503");
    const error = await rejectsWith(spec.call(omi, f), InternalServerError);
    expect(error).toMatchObject({
      status: 503,
      attempts: 3,
      operationId: "createConversationFromSegments",
      outcomeUnknown: false,
    });
    expect(error.idempotencyKey).toBe(sessionIds(server.forCall(f.callId))[0]);
    expect(server.forCall(f.callId)).toHaveLength(3);
  });

  it("a hang every time → OmiTimeoutError after 3 requests", async () => {
    const { omi } = clientFor(server);
    const f = fault("hang");
    const error = await rejectsWith(spec.call(omi, { ...f, timeoutMs: 100 }), OmiTimeoutError);
    expect(error).toMatchObject({ timeoutMs: 100, attempts: 3 });
    // Whether the last request reached the server before its short timeout ran out depends on the machine's load.
    expect(server.forCall(f.callId).length).toBeLessThanOrEqual(3);
  });

  it("a dropped connection every time → OmiConnectionError after 3 requests", async () => {
    const { omi } = clientFor(server);
    const f = fault("reset-before-headers");
    const error = await rejectsWith(spec.call(omi, f), OmiConnectionError);
    expect(error).toMatchObject({ reachedServer: true, attempts: 3 });
    expect(server.forCall(f.callId)).toHaveLength(3);
  });

  it("409 (creation in progress) every time → ConflictError after 3 requests", async () => {
    const { omi } = clientFor(server);
    const f = fault("409");
    const error = await rejectsWith(spec.call(omi, f), ConflictError);
    expect(error).toMatchObject({ status: 409, attempts: 3 });
    expect(server.forCall(f.callId)).toHaveLength(3);
  });

  it("409 waits for Retry-After before asking again", async () => {
    const { omi } = clientFor(server, { retryBackoff: { initialDelayMs: 1, maxDelayMs: 1 } });
    const f = fault("409,ok", { "x-retry-after": "1" });
    await expect(spec.call(omi, f)).resolves.toMatchObject({ ok: true });
    const [first, second] = server.forCall(f.callId);
    expect((second?.receivedAt ?? 0) - (first?.receivedAt ?? 0)).toBeGreaterThanOrEqual(990);
  });
});

describe("client_session_id", () => {
  it("is generated per call when the caller gives none, and the caller's body is not modified", async () => {
    const { omi } = clientFor(server);
    const body = segmentsBody();
    const a = fault("ok");
    const b = fault("ok");
    await omi.conversations.createFromSegments(body, a);
    await omi.conversations.createFromSegments(body, b);
    const [idA] = sessionIds(server.forCall(a.callId));
    const [idB] = sessionIds(server.forCall(b.callId));
    expect(idA).toEqual(expect.stringMatching(/^[0-9a-f-]{32,36}$/));
    expect(idB).toEqual(expect.stringMatching(/^[0-9a-f-]{32,36}$/));
    expect(idA).not.toBe(idB);
    expect(body).not.toHaveProperty("client_session_id");
  });

  it("is generated when the caller passes null", async () => {
    const { omi } = clientFor(server);
    const f = fault("ok");
    await omi.conversations.createFromSegments({ ...segmentsBody(), client_session_id: null }, f);
    expect(sessionIds(server.forCall(f.callId))[0]).toEqual(expect.stringMatching(/^[0-9a-f-]{32,36}$/));
  });

  it("is sent unchanged when the caller gives one, with the rest of the body", async () => {
    const { omi } = clientFor(server);
    const f = fault("ok");
    await omi.conversations.createFromSegments(segmentsBody("my-own-session"), f);
    const [received] = server.forCall(f.callId);
    expect(JSON.parse(received?.body ?? "null")).toEqual(segmentsBody("my-own-session"));
  });

  it("is not added to writes without an idempotency key, and their 409 is not retried", async () => {
    const { omi } = clientFor(server);
    const f = fault("409,ok");
    await rejectsWith(omi.memories.create(memoryBody(), f), ConflictError);
    const received = server.forCall(f.callId);
    expect(received).toHaveLength(1);
    expect(JSON.parse(received[0]?.body ?? "null")).toEqual(memoryBody());
  });
});

describe("a server nothing listens on", () => {
  it("createFromSegments is retried, then fails with OmiConnectionError (not reached), with its generated key", async () => {
    const port = await unusedPort();
    const { omi, log } = clientFor({ url: `http://127.0.0.1:${port}` });
    const error = await rejectsWith(KINDS.SEGMENTS.call(omi, {}), OmiConnectionError);
    expect(error.reachedServer).toBe(false);
    expect(error.attempts).toBe(3);
    expect(error.idempotencyKey).toMatch(/^[0-9a-f-]{32,36}$/);
    expect(log.lines.filter((l) => l.level === "debug")).toHaveLength(3);
  });
});
