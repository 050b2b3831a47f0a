import { OmiAbortError } from "../../src/core/errors/omi-abort-error.js";
import { OmiConnectionError } from "../../src/core/errors/omi-connection-error.js";
import { OmiTimeoutError } from "../../src/core/errors/omi-timeout-error.js";
import type { CallContext } from "../../src/internal/call-context.js";
import { createLog } from "../../src/internal/log.js";
import { createRedactor } from "../../src/internal/redaction.js";
import { sendWithRetries, type SendAttempt, type TransportSettings } from "../../src/internal/transport.js";

const SECRET = "omi_dev_transport_test_secret_0000";

function settings(overrides: Partial<TransportSettings> = {}): TransportSettings {
  const redact = createRedactor(() => [SECRET]);
  return {
    fetch: globalThis.fetch,
    log: createLog("off", console, redact),
    redact,
    maxRetryDelayMs: 60_000,
    backoff: { initialDelayMs: 1, maxDelayMs: 1 },
    now: Date.now,
    random: () => 0,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    ...overrides,
  };
}

function context(overrides: Partial<CallContext> = {}): CallContext {
  return {
    operationId: "listConversations",
    method: "GET",
    path: "/v1/dev/user/conversations",
    ids: {},
    replaySafe: true,
    retryConflict: false,
    rateLimitGroups: [],
    maxRetries: 0,
    timeoutMs: 30,
    signal: undefined,
    attempts: 0,
    requestId: undefined,
    ...overrides,
  };
}

const readText = (response: Response) => response.text();

// A fetch that never settles and never looks at its signal: what Node's fetch can do after an abort.
const deafFetch = (seen: AbortSignal[]): SendAttempt => {
  return (signal) => {
    seen.push(signal);
    return new Promise<Response>(() => undefined);
  };
};

describe("sendWithRetries", () => {
  it("returns the response of a successful attempt with its body read, status and request id", async () => {
    const send: SendAttempt = () =>
      Promise.resolve(new Response('{"ok":true}', { status: 200, headers: { "x-request-id": `req ${SECRET}` } }));
    const ctx = context();
    const response = await sendWithRetries(send, readText, ctx, settings());
    expect(response.status).toBe(200);
    expect(response.body).toBe('{"ok":true}');
    expect(ctx.attempts).toBe(1);
    expect(ctx.requestId).toBe("req [REDACTED]");
  });

  it("ends an attempt at its timeout even when fetch ignores the aborted signal", async () => {
    const seen: AbortSignal[] = [];
    const ctx = context({ maxRetries: 1 });
    const error = await sendWithRetries(deafFetch(seen), readText, ctx, settings()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OmiTimeoutError);
    expect((error as OmiTimeoutError).message).toBe(
      "GET /v1/dev/user/conversations (listConversations): no complete response within 30 ms (the timeoutMs option allows more)",
    );
    expect((error as OmiTimeoutError).timeoutMs).toBe(30);
    expect((error as OmiTimeoutError).attempts).toBe(2);
    expect(seen).toHaveLength(2);
    expect(seen.every((signal) => signal.aborted)).toBe(true);
  });

  it("ends at once when the caller aborts, even when fetch ignores the signal, and removes its listener", async () => {
    const caller = new AbortController();
    const removed = jest.spyOn(caller.signal, "removeEventListener");
    const seen: AbortSignal[] = [];
    const call = sendWithRetries(deafFetch(seen), readText, context({ timeoutMs: 60_000, signal: caller.signal }), settings());
    await new Promise((resolve) => setTimeout(resolve, 5));
    caller.abort(new Error("user pressed cancel"));
    await expect(call).rejects.toBeInstanceOf(OmiAbortError);
    expect(seen[0]?.aborted).toBe(true);
    expect(removed).toHaveBeenCalledWith("abort", expect.any(Function));
  });

  it("says an abort may have let a write through only when it cut a write in flight", async () => {
    const abortDuring = async (overrides: Partial<CallContext>, abortFirst = false) => {
      const caller = new AbortController();
      if (abortFirst) caller.abort();
      const call = sendWithRetries(
        deafFetch([]),
        readText,
        context({ timeoutMs: 60_000, signal: caller.signal, ...overrides }),
        settings(),
      ).catch((e: unknown) => e);
      await new Promise((resolve) => setTimeout(resolve, 5));
      caller.abort();
      return (await call) as OmiAbortError;
    };
    const write = await abortDuring({ method: "POST", replaySafe: false });
    expect(write).toBeInstanceOf(OmiAbortError);
    expect(write.outcomeUnknown).toBe(true);
    expect(write.message).toBe(
      "POST /v1/dev/user/conversations (listConversations): The call was aborted by its signal while the write was in flight: it may have taken effect",
    );
    expect((await abortDuring({ method: "GET", replaySafe: true })).outcomeUnknown).toBe(false);
    expect((await abortDuring({ method: "POST", replaySafe: true })).outcomeUnknown).toBe(false); // an idempotency key makes a replay safe
    expect((await abortDuring({ method: "POST", replaySafe: false }, true)).outcomeUnknown).toBe(false); // aborted before sending
  });

  it("cancels the body of a response that arrives after its attempt timed out (the connection is released)", async () => {
    let deliver: (response: Response) => void = () => undefined;
    const late = new Promise<Response>((resolve) => (deliver = resolve));
    const cancelled = jest.fn();
    const body = new ReadableStream({ cancel: cancelled });
    const call = sendWithRetries(() => late, readText, context(), settings());
    await expect(call).rejects.toBeInstanceOf(OmiTimeoutError);
    deliver(new Response(body, { status: 200 }));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(cancelled).toHaveBeenCalledTimes(1);
  });

  // Jest 30 fails the test that owns an unhandled rejection, so this would fail if the late failure escaped.
  it("swallows a failure that arrives after the attempt was given up", async () => {
    let fail: (error: Error) => void = () => undefined;
    const late = new Promise<Response>((_, reject) => (fail = reject));
    await expect(sendWithRetries(() => late, readText, context(), settings())).rejects.toBeInstanceOf(OmiTimeoutError);
    fail(new Error("socket hang up"));
    await new Promise((resolve) => setTimeout(resolve, 20));
  });

  it("turns a fetch failure into OmiConnectionError with the secret redacted from its message", async () => {
    const send: SendAttempt = () => Promise.reject(new TypeError(`fetch failed for Bearer ${SECRET}`));
    const error = await sendWithRetries(send, readText, context(), settings()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OmiConnectionError);
    expect(String((error as Error).message)).not.toContain(SECRET);
  });

  it("retries a read after a transient status and returns the next answer", async () => {
    const statuses = [503, 200];
    const send: SendAttempt = () => Promise.resolve(new Response("{}", { status: statuses.shift() ?? 500 }));
    const ctx = context({ maxRetries: 2 });
    const response = await sendWithRetries(send, readText, ctx, settings());
    expect(response.status).toBe(200);
    expect(ctx.attempts).toBe(2);
  });
});
