import {
  InternalServerError,
  NotFoundError,
  OmiAbortError,
  OmiConnectionError,
  OmiInvalidResponseError,
  OmiTimeoutError,
  RateLimitError,
} from "../../src/core/errors.js";
import { parseSuccessBody, responseError, unexpectedResult } from "../../src/internal/answers.js";
import type { CallContext } from "../../src/internal/call-context.js";
import { createLog } from "../../src/internal/log.js";
import { createRedactor } from "../../src/internal/redaction.js";
import { connectionFailure, type ReadResponse } from "../../src/internal/retries.js";
import { sendWithRetries, sleep, type SendAttempt, type TransportSettings } from "../../src/internal/transport.js";

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
    expect((error as OmiTimeoutError).message).toMatch(
      /^GET \/v1\/dev\/user\/conversations \(listConversations\): no complete response within 30 ms \(timeoutMs, each attempt\), after 2 attempts and \d+ ms in all \(the deadlineMs option limits the whole call\)$/,
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
      "POST /v1/dev/user/conversations (listConversations): The call was aborted by its signal while the write was in flight. " +
        "Outcome unknown: the write may have taken effect, so it was not sent again. " +
        "Check whether it took effect (read the item or list) before retrying.",
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

  it("a write that times out: OmiTimeoutError with outcomeUnknown, not sent again", async () => {
    const seen: AbortSignal[] = [];
    const ctx = context({ method: "POST", replaySafe: false, maxRetries: 2 });
    const error = (await sendWithRetries(deafFetch(seen), readText, ctx, settings()).catch((e: unknown) => e)) as OmiTimeoutError;
    expect(error).toBeInstanceOf(OmiTimeoutError);
    expect(error).toMatchObject({ outcomeUnknown: true, attempts: 1 });
    expect(error.message).toMatch(/no complete response within 30 ms.*may have taken effect.*not sent again/);
    expect(seen).toHaveLength(1);
  });

  it("a read that times out: OmiTimeoutError without outcomeUnknown", async () => {
    const error = (await sendWithRetries(deafFetch([]), readText, context(), settings()).catch(
      (e: unknown) => e,
    )) as OmiTimeoutError;
    expect(error.outcomeUnknown).toBe(false);
  });

  it("a write whose connection is refused: retried, then OmiConnectionError without outcomeUnknown", async () => {
    let sent = 0;
    const send: SendAttempt = () => {
      sent += 1;
      return Promise.reject(
        new TypeError("fetch failed", { cause: Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }) }),
      );
    };
    const ctx = context({ method: "POST", replaySafe: false, maxRetries: 1 });
    const error = (await sendWithRetries(send, readText, ctx, settings()).catch((e: unknown) => e)) as OmiConnectionError;
    expect(error).toBeInstanceOf(OmiConnectionError);
    expect(error).toMatchObject({ reachedServer: false, outcomeUnknown: false, attempts: 2 });
    expect(sent).toBe(2);
  });

  it("a write whose connection drops after sending: OmiConnectionError with outcomeUnknown, sent once", async () => {
    let sent = 0;
    const send: SendAttempt = () => {
      sent += 1;
      return Promise.reject(
        new TypeError("fetch failed", { cause: Object.assign(new Error("other side closed"), { code: "UND_ERR_SOCKET" }) }),
      );
    };
    const ctx = context({ method: "POST", replaySafe: false, maxRetries: 2 });
    const error = (await sendWithRetries(send, readText, ctx, settings()).catch((e: unknown) => e)) as OmiConnectionError;
    expect(error).toMatchObject({ reachedServer: true, outcomeUnknown: true, attempts: 1 });
    expect(sent).toBe(1);
  });

  it("an abort while waiting to retry is an OmiAbortError made with the call's context", async () => {
    const caller = new AbortController();
    const send: SendAttempt = () => Promise.resolve(new Response("{}", { status: 503, headers: { "x-request-id": "r1" } }));
    const ctx = context({ maxRetries: 2, signal: caller.signal, idempotencyKey: "k1" });
    const call = sendWithRetries(
      send,
      readText,
      ctx,
      settings({
        sleep: () => new Promise((_, reject) => caller.signal.addEventListener("abort", () => reject(caller.signal.reason))),
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 5));
    caller.abort("stop");
    const error = (await call.catch((e: unknown) => e)) as OmiAbortError;
    expect(error).toBeInstanceOf(OmiAbortError);
    expect(error).toMatchObject({ attempts: 1, requestId: "r1", idempotencyKey: "k1", outcomeUnknown: false, cause: "stop" });
    expect(error.message).toMatch(/^GET \/v1\/dev\/user\/conversations \(listConversations\): The call was aborted/);
  });

  it("parses Retry-After once per response, onto the call's context", async () => {
    const send: SendAttempt = () => Promise.resolve(new Response("{}", { status: 429, headers: { "retry-after": "120" } }));
    const ctx = context({ maxRetries: 2 });
    const response = await sendWithRetries(send, readText, ctx, settings({ maxRetryDelayMs: 1000 }));
    expect(response.status).toBe(429);
    expect(ctx.retryAfterMs).toBe(120_000);
  });
});

const redactKey = createRedactor(() => [SECRET]);
const read = (status: number, body: string, headers: Record<string, string> = {}): ReadResponse<string> => ({
  status,
  statusText: "",
  headers: new Headers(headers),
  body,
});

describe("responseError", () => {
  const write = () =>
    context({ method: "POST", path: "/v1/dev/user/memories", replaySafe: false, attempts: 1, requestId: "req-1" });

  it("a 500 on a POST is an InternalServerError with outcomeUnknown", () => {
    const error = responseError(read(500, '{"detail":"boom"}'), write(), redactKey);
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error).toMatchObject({ status: 500, outcomeUnknown: true, attempts: 1, requestId: "req-1" });
    expect(error.message).toMatch(/may have taken effect.*not sent again.*before retrying/);
  });

  it("a 500 on a GET is an InternalServerError without outcomeUnknown", () => {
    const error = responseError(read(500, '{"detail":"boom"}'), context({ attempts: 3 }), redactKey);
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error).toMatchObject({ outcomeUnknown: false, attempts: 3 });
    expect(error.message).not.toMatch(/Outcome unknown/);
  });

  it("a 503 the rate limiter raised before the handler: outcome known, even for a write", () => {
    const error = responseError(read(503, '{"detail":"Rate limiter unavailable"}'), write(), redactKey);
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error.outcomeUnknown).toBe(false);
    expect(responseError(read(503, '{"detail":"Service unavailable"}'), write(), redactKey).outcomeUnknown).toBe(true);
  });

  it("a 4xx to a write: outcome known; a 5xx to a write safe to replay: outcome known", () => {
    expect(responseError(read(404, '{"detail":"Not found"}'), write(), redactKey)).toMatchObject({ outcomeUnknown: false });
    expect(responseError(read(404, "{}"), write(), redactKey)).toBeInstanceOf(NotFoundError);
    const keyed = context({ method: "POST", replaySafe: true, idempotencyKey: "key-9" });
    expect(responseError(read(500, "{}"), keyed, redactKey)).toMatchObject({ outcomeUnknown: false, idempotencyKey: "key-9" });
  });

  it("a 429 takes the Retry-After the transport parsed", () => {
    const error = responseError(
      read(429, '{"detail":"slow down"}', { "retry-after": "not used" }),
      context({ retryAfterMs: 7000 }),
      redactKey,
    );
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBe(7000);
  });
});

describe("parseSuccessBody", () => {
  const ok = (type?: string) => read(200, "", type ? { "content-type": type } : {});
  const ctx = (method = "GET") => context({ method, replaySafe: method === "GET", attempts: 3, requestId: "req-7" });

  it("parses JSON (also +json types)", () => {
    expect(parseSuccessBody(ok("application/json"), '{"a":1}', ctx(), redactKey)).toEqual({ a: 1 });
    expect(parseSuccessBody(ok("application/problem+json; charset=utf-8"), "[1]", ctx(), redactKey)).toEqual([1]);
  });

  it("204 and 205 → undefined", () => {
    expect(parseSuccessBody(read(204, ""), undefined, ctx("DELETE"), redactKey)).toBeUndefined();
    expect(parseSuccessBody(read(205, ""), undefined, ctx("DELETE"), redactKey)).toBeUndefined();
  });

  const failure = (fn: () => unknown): OmiInvalidResponseError => {
    try {
      fn();
    } catch (e) {
      return e as OmiInvalidResponseError;
    }
    throw new Error("expected a throw");
  };

  it.each([
    ["an empty body", "application/json", "", /an empty body/],
    ["no content type", undefined, "{}", /content type \(none\)/],
    ["HTML", "text/html", "<html>hi</html>", /content type text\/html/],
    ["malformed JSON", "application/json", "{oops", /malformed JSON/],
  ])("%s → OmiInvalidResponseError with attempts, requestId and an excerpt", (_, type, text, what) => {
    const error = failure(() => parseSuccessBody(ok(type), text, ctx(), redactKey));
    expect(error).toBeInstanceOf(OmiInvalidResponseError);
    expect(error.message).toMatch(what);
    expect(error).toMatchObject({ status: 200, bodyExcerpt: text, attempts: 3, requestId: "req-7", outcomeUnknown: false });
  });

  it("an unreadable 2xx to a write not safe to replay has outcomeUnknown (it was probably applied)", () => {
    const error = failure(() => parseSuccessBody(ok("text/html"), "<html>", ctx("POST"), redactKey));
    expect(error.outcomeUnknown).toBe(true);
  });

  it("redacts the content type and the parser's error when they quote a key", () => {
    const typed = failure(() => parseSuccessBody(ok(`text/plain; k=${SECRET}`), SECRET, ctx(), redactKey));
    expect(JSON.stringify(typed)).not.toContain(SECRET);
    expect(typed.contentType).toBe("text/plain; k=[REDACTED]");
    const parsed = failure(() => parseSuccessBody(ok("application/json"), SECRET, ctx(), redactKey));
    expect(String(parsed.cause)).not.toContain("omi_dev_transport");
  });
});

describe("unexpectedResult", () => {
  it("an OmiInvalidResponseError made whole from the call that brought the answer", () => {
    const error = unexpectedResult("op answered without its list", context({ attempts: 2, requestId: "r2" }));
    expect(error).toMatchObject({
      status: 200,
      operationId: "listConversations",
      attempts: 2,
      requestId: "r2",
      outcomeUnknown: false,
    });
    const write = unexpectedResult("op answered without its list", context({ method: "POST", replaySafe: false }));
    expect(write.outcomeUnknown).toBe(true);
  });
});

const fetchFailed = (code: string | undefined, message = "boom") =>
  new TypeError("fetch failed", { cause: Object.assign(new Error(message), code ? { code } : {}) });

describe("connectionFailure", () => {
  it.each(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "EADDRNOTAVAIL", "UND_ERR_CONNECT_TIMEOUT"])(
    "%s: the request never reached the server",
    (code) => {
      const failure = connectionFailure(fetchFailed(code, `connect ${code} 127.0.0.1:1`), redactKey);
      expect(failure).toMatchObject({ kind: "connection", reachedServer: false });
      expect(failure.message).toBe(`Could not connect to the server (fetch failed: connect ${code} 127.0.0.1:1)`);
    },
  );

  it.each(["ECONNRESET", "UND_ERR_SOCKET", "EPIPE", undefined])("%p: it may have reached the server", (code) => {
    const failure = connectionFailure(fetchFailed(code, "other side closed"), redactKey);
    expect(failure).toMatchObject({ kind: "connection", reachedServer: true });
    expect(failure.message).toMatch(/^The connection failed after the request was sent/);
  });

  it('a port that fetch refuses before connecting (no code, "bad port") never reached the server', async () => {
    const refused = await fetch("http://127.0.0.1:9/").catch((e: unknown) => e);
    const failure = connectionFailure(refused, redactKey);
    expect(failure.message).toMatch(/bad port/);
    expect(failure).toMatchObject({ reachedServer: false });
  });

  it("a code on the outer error counts too; a non-error is described as text", () => {
    expect(connectionFailure(Object.assign(new Error("x"), { code: "ECONNREFUSED" }), redactKey)).toMatchObject({
      reachedServer: false,
    });
    expect(connectionFailure("weird", redactKey).message).toContain("(weird)");
  });

  it("keeps the original error as cause, and redacts message and cause when they quote a credential", () => {
    const clean = fetchFailed("ECONNRESET");
    expect(connectionFailure(clean, redactKey).cause).toBe(clean);
    const quoting = new TypeError("fetch failed", { cause: new Error(`sent Bearer ${SECRET}`) });
    const failure = connectionFailure(quoting, redactKey);
    expect(failure.message).toContain("sent Bearer [REDACTED]");
    expect(((failure.cause as Error).cause as Error).message).toBe("sent Bearer [REDACTED]");
  });
});

describe("sleep", () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it("resolves after the delay, not before, and leaves no timer", async () => {
    let done = false;
    const waiting = sleep(1000, undefined).then(() => (done = true));
    await jest.advanceTimersByTimeAsync(999);
    expect(done).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    await waiting;
    expect(done).toBe(true);
    expect(jest.getTimerCount()).toBe(0);
  });

  it("rejects at once with the signal's reason when the signal aborts (the caller makes the error), clearing its timer", async () => {
    const controller = new AbortController();
    const waiting = sleep(60_000, controller.signal);
    const reason = new Error("stop");
    controller.abort(reason);
    const error = await waiting.catch((e: unknown) => e);
    expect(error).toBe(reason);
    expect(jest.getTimerCount()).toBe(0);
  });

  it("rejects without waiting when the signal is already aborted", async () => {
    const controller = new AbortController();
    controller.abort("already");
    await expect(sleep(60_000, controller.signal)).rejects.toBe("already");
    expect(jest.getTimerCount()).toBe(0);
  });

  it("removes its abort listener once it has waited", async () => {
    const controller = new AbortController();
    const removed = jest.spyOn(controller.signal, "removeEventListener");
    const waiting = sleep(10, controller.signal);
    await jest.advanceTimersByTimeAsync(10);
    await waiting;
    expect(removed).toHaveBeenCalledWith("abort", expect.any(Function));
  });
});
