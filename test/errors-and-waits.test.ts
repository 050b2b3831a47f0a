/**
 * Errors and waits that say what happened: the URL actually requested, waits for a rate
 * budget (logged, told to a hook, named by an abort), a long 429 pausing its group, the
 * overall deadline, option values refused, a retry reported once. Simulated time throughout.
 */
import {
  createOmiClient,
  NotFoundError,
  OmiAbortError,
  OmiConfigurationError,
  OmiTimeoutError,
  RateLimitError,
  type Logger,
  type OmiClientOptions,
  type RateLimitWaitEvent,
  type RetryEvent,
} from "../src/index.js";

const KEY = "omi_dev_errorsandwaits0000000000000000";
const json = (body: unknown, init: ResponseInit = {}) =>
  new Response(JSON.stringify(body), { ...init, headers: { "content-type": "application/json", ...init.headers } });

function bufferLogger(): Logger & { lines: Array<{ level: string; message: string }> } {
  const lines: Array<{ level: string; message: string }> = [];
  const at = (level: string) => (message: string) => lines.push({ level, message });
  return { lines, debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}

/** A fetch that answers `answer(n)` for the n-th request (0-based) and records the URLs. */
function scripted(answer: (n: number, url: string) => Response | "hang") {
  const urls: string[] = [];
  const fetch = (url: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    urls.push(String(url));
    const reply = answer(urls.length - 1, String(url));
    if (reply !== "hang") return Promise.resolve(reply);
    return new Promise((_, reject) => init?.signal?.addEventListener("abort", () => reject(init.signal?.reason)));
  };
  return { urls, fetch: fetch as typeof globalThis.fetch };
}

function client(options: OmiClientOptions) {
  return createOmiClient({ apiKey: KEY, baseUrl: "http://api.invalid", logLevel: "off", ...options });
}

afterEach(() => jest.useRealTimers());

describe("the base URL", () => {
  it("an error names the URL path actually requested, the base URL's path included", async () => {
    const { urls, fetch } = scripted(() => json({ detail: "Not Found" }, { status: 404 }));
    const omi = client({ baseUrl: "http://gateway.invalid/omi/", fetch });
    const error = await omi.goals.get("g1").catch((e: unknown) => e);
    expect(urls).toEqual(["http://gateway.invalid/omi/v1/dev/user/goals/g1"]);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as Error).message).toContain("GET /omi/v1/dev/user/goals/g1 (getGoal)");
  });

  it.each([
    ["http://api.invalid/v1", "calls would go to /v1/v1/…; use the origin (http://api.invalid)"],
    ["https://api.omi.me/v1/dev", "calls would go to /v1/dev/v1/…; use the origin (https://api.omi.me)"],
  ])("refuses %s, whose path already starts with /v1 (every call would 404)", (baseUrl, message) => {
    expect(() => client({ baseUrl })).toThrow(OmiConfigurationError);
    expect(() => client({ baseUrl })).toThrow(message);
  });

  it.each([
    ["http://bad host", "must be an http(s) URL"],
    ["http://api.invalid:99999", "must be an http(s) URL"],
    ["ftp://api.invalid", "must be an http(s) URL"],
    ["api.omi.me", "must be an http(s) URL"],
    ["http://user:pw@api.invalid", "must not carry a user name or password"],
    ["http://api.invalid?x=1", "must not have a query or a fragment"],
    ["http://api.invalid/#top", "must not have a query or a fragment"],
    [42, "must be a string"],
  ])("refuses %p at creation instead of failing every call", (baseUrl, message) => {
    expect(() => client({ baseUrl: baseUrl as string })).toThrow(OmiConfigurationError);
    expect(() => client({ baseUrl: baseUrl as string })).toThrow(message);
  });

  it("accepts an origin with a trailing slash, and a path that is not /v1", () => {
    expect(() => client({ baseUrl: "https://api.omi.me/" })).not.toThrow();
    expect(() => client({ baseUrl: "http://localhost:8080/v1beta" })).not.toThrow();
  });
});

describe("waits for a rate budget", () => {
  const limited = (retryAfter: string) =>
    json({ detail: "Rate limit exceeded." }, { status: 429, headers: { "retry-after": retryAfter } });

  it("are logged at info with the group and the wait, and told to onRateLimitWait", async () => {
    jest.useFakeTimers({ now: 0 });
    const { urls, fetch } = scripted((n) => (n === 0 ? limited("5") : json([])));
    const logger = bufferLogger();
    const events: RateLimitWaitEvent[] = [];
    const omi = client({
      rateLimit: true,
      fetch,
      logger,
      logLevel: "info",
      maxRetries: 0,
      onRateLimitWait: (e) => events.push(e),
    });
    await expect(omi.memories.list()).rejects.toBeInstanceOf(RateLimitError);
    const next = omi.memories.list();
    await jest.advanceTimersByTimeAsync(4_999);
    expect(urls).toHaveLength(1); // held back: the group is paused
    await jest.advanceTimersByTimeAsync(1);
    await expect(next).resolves.toEqual([]);
    expect(urls).toHaveLength(2);
    expect(events).toEqual([
      {
        operationId: "listMemories",
        method: "GET",
        path: "/v1/dev/user/memories",
        group: "memories:read",
        delayMs: 5_000,
        reason: "paused after a 429 until its Retry-After has passed",
      },
    ]);
    expect(logger.lines.filter((l) => l.level === "info").map((l) => l.message)).toEqual([
      "omi: GET /v1/dev/user/memories waits 5000 ms for the rate budget of group memories:read: paused after a 429 until its Retry-After has passed",
    ]);
  });

  it("an abort during the wait says it was waiting on the budget of that group", async () => {
    jest.useFakeTimers({ now: 0 });
    const { urls, fetch } = scripted((n) => (n === 0 ? limited("30") : json([])));
    const omi = client({ rateLimit: true, fetch, maxRetries: 0 });
    await expect(omi.memories.list()).rejects.toBeInstanceOf(RateLimitError);
    const controller = new AbortController();
    const next = omi.memories.list({}, { signal: controller.signal }).catch((e: unknown) => e);
    await jest.advanceTimersByTimeAsync(1_000);
    controller.abort();
    const error = await next;
    expect(error).toBeInstanceOf(OmiAbortError);
    expect((error as Error).message).toBe(
      "GET /v1/dev/user/memories (listMemories): The call was aborted by its signal while waiting for the rate budget of group memories:read (paused after a 429 until its Retry-After has passed)",
    );
    expect(urls).toHaveLength(1);
  });

  it("a 429 over maxRetryDelayMs throws at once and, with rateLimit on, pauses its group for the whole Retry-After", async () => {
    jest.useFakeTimers({ now: 0 });
    const { urls, fetch } = scripted((n) => (n === 0 ? limited("3600") : json([])));
    const events: RateLimitWaitEvent[] = [];
    const omi = client({ rateLimit: true, fetch, onRateLimitWait: (e) => events.push(e) });
    const first = await omi.memories.list().catch((e: unknown) => e);
    expect(first).toBeInstanceOf(RateLimitError);
    expect((first as RateLimitError).retryAfterMs).toBe(3_600_000);
    // The loop's next calls do not go out against the closed budget: they wait for it.
    const next = omi.memories.list();
    await jest.advanceTimersByTimeAsync(3_599_999);
    expect(urls).toHaveLength(1);
    expect(events.map((e) => [e.group, e.delayMs])).toEqual([["memories:read", 3_600_000]]);
    await jest.advanceTimersByTimeAsync(1);
    await expect(next).resolves.toEqual([]);
    // Another group is not held.
    await omi.goals.list();
    expect(urls).toHaveLength(3);
  });

  it("without rateLimit, a 429 over the cap does not pause the group: each call gets its own RateLimitError at once", async () => {
    jest.useFakeTimers({ now: 0 });
    const { urls, fetch } = scripted(() => limited("3600"));
    const omi = client({ fetch });
    await expect(omi.memories.list()).rejects.toBeInstanceOf(RateLimitError);
    await expect(omi.memories.list()).rejects.toBeInstanceOf(RateLimitError);
    expect(urls).toHaveLength(2);
  });
});

describe("the overall deadline (deadlineMs)", () => {
  const hung = () => scripted(() => "hang");

  it("without one, a hung read fails after its three attempts with a message giving the per-attempt and the overall figure", async () => {
    jest.useFakeTimers({ now: 0 });
    const { urls, fetch } = hung();
    const omi = client({ fetch, retryBackoff: { initialDelayMs: 1_000, maxDelayMs: 1_000 } });
    const call = omi.memories.list().catch((e: unknown) => e);
    await jest.advanceTimersByTimeAsync(92_000);
    const error = await call;
    expect(error).toBeInstanceOf(OmiTimeoutError);
    expect((error as Error).message).toBe(
      "GET /v1/dev/user/memories (listMemories): no complete response within 30000 ms (timeoutMs, each attempt), after 3 attempts and 92000 ms in all (the deadlineMs option limits the whole call)",
    );
    expect(urls).toHaveLength(3);
  });

  it("the client's deadline ends the call during an attempt, with both figures", async () => {
    jest.useFakeTimers({ now: 0 });
    const { urls, fetch } = hung();
    const omi = client({ fetch, deadlineMs: 45_000, retryBackoff: { initialDelayMs: 1_000, maxDelayMs: 1_000 } });
    const call = omi.memories.list().catch((e: unknown) => e);
    await jest.advanceTimersByTimeAsync(44_999);
    expect(urls).toHaveLength(2);
    await jest.advanceTimersByTimeAsync(1);
    const error = await call;
    expect(error).toBeInstanceOf(OmiTimeoutError);
    expect((error as OmiTimeoutError).timeoutMs).toBe(45_000);
    expect((error as Error).message).toBe(
      "GET /v1/dev/user/memories (listMemories): the call's deadline of 45000 ms (deadlineMs) passed during attempt 2; 2 attempts made, each allowed 30000 ms (timeoutMs)",
    );
  });

  it("a call's own deadline wins; a retry wait that would end past it fails at once", async () => {
    jest.useFakeTimers({ now: 0 });
    const { urls, fetch } = scripted(() => json({ detail: "busy" }, { status: 503 }));
    const omi = client({ fetch, deadlineMs: 60_000, retryBackoff: { initialDelayMs: 8_000, maxDelayMs: 8_000 } });
    const error = await omi.memories.list({}, { deadlineMs: 5_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OmiTimeoutError);
    expect((error as Error).message).toBe(
      "GET /v1/dev/user/memories (listMemories): the call's deadline of 5000 ms (deadlineMs) passed before the wait of 8000 ms before attempt 2 (HTTP 503); 1 attempt made, each allowed 30000 ms (timeoutMs)",
    );
    expect(urls).toHaveLength(1);
  });

  it("covers a wait for a rate budget: one that would end past the deadline fails at once, naming the group", async () => {
    jest.useFakeTimers({ now: 0 });
    const { urls, fetch } = scripted((n) =>
      n === 0 ? json({ detail: "Rate limit exceeded." }, { status: 429, headers: { "retry-after": "600" } }) : json([]),
    );
    const omi = client({ fetch, rateLimit: true, maxRetries: 0 });
    await expect(omi.memories.list()).rejects.toBeInstanceOf(RateLimitError);
    const error = await omi.memories.list({}, { deadlineMs: 10_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OmiTimeoutError);
    expect((error as Error).message).toBe(
      "GET /v1/dev/user/memories (listMemories): the call's deadline of 10000 ms (deadlineMs) passed before waiting 600000 ms for the rate budget of group memories:read (paused after a 429 until its Retry-After has passed); 0 attempts made, each allowed 30000 ms (timeoutMs)",
    );
    expect(urls).toHaveLength(1);
  });

  it("is refused when it is not a number from 1 to the longest timer", async () => {
    expect(() => client({ deadlineMs: 0 })).toThrow(
      "deadlineMs must be a number from 1 to 2147483647 (the longest timer), got 0",
    );
    const omi = client({ fetch: scripted(() => json([])).fetch });
    await expect(omi.memories.list({}, { deadlineMs: -5 })).rejects.toThrow("deadlineMs must be a number from 1");
  });
});

describe("option values that are wrong are refused", () => {
  const saved = process.env.OMI_LOG;
  afterEach(() => {
    if (saved === undefined) delete process.env.OMI_LOG;
    else process.env.OMI_LOG = saved;
  });

  it("OMI_LOG=verbose: a warning, once, naming the levels that exist; logging stays at warn", () => {
    process.env.OMI_LOG = "verbose";
    const logger = bufferLogger();
    createOmiClient({ apiKey: KEY, logger });
    createOmiClient({ apiKey: KEY, logger });
    expect(logger.lines).toEqual([
      {
        level: "warn",
        message:
          'omi: OMI_LOG="verbose" is not a log level (they are "off", "error", "warn", "info" and "debug"): logging at "warn"',
      },
    ]);
  });

  it.each([
    [{ logLevel: "verbose" }, 'logLevel must be one of "off", "error", "warn", "info" and "debug", got "verbose"'],
    [{ maxRetries: 1.5 }, "maxRetries must be an integer ≥ 0, got 1.5"],
    [{ maxRetries: -1 }, "maxRetries must be an integer ≥ 0, got -1"],
    [{ maxRetryDelayMs: -1 }, "maxRetryDelayMs must be a number from 0 to 2147483647 (the longest timer), got -1"],
    [
      { retryBackoff: { initialDelayMs: -1 } },
      "initialDelayMs must be a number from 0 to 2147483647 (the longest timer), got -1",
    ],
    [{ retryBackoff: { maxDelayMs: -100 } }, "maxDelayMs must be a number from 0 to 2147483647 (the longest timer), got -100"],
    [{ maxConcurrency: -2 }, "maxConcurrency must be a positive integer, got -2"],
    [{ onRetry: "log" }, "onRetry must be a function, got string"],
  ])("%p", (options, message) => {
    expect(() => createOmiClient({ apiKey: KEY, ...(options as OmiClientOptions) })).toThrow(new OmiConfigurationError(message));
  });

  it("a call's maxRetries of 1.5 is refused before sending", async () => {
    const { urls, fetch } = scripted(() => json([]));
    await expect(client({ fetch }).memories.list({}, { maxRetries: 1.5 })).rejects.toThrow(
      "listMemories: maxRetries must be an integer ≥ 0, got 1.5",
    );
    expect(urls).toEqual([]);
  });
});

describe("a retry is reported once", () => {
  const flaky = () => scripted((n) => (n === 0 ? json({ detail: "busy" }, { status: 503 }) : json([])));

  it("without onRetry: one warning", async () => {
    jest.useFakeTimers({ now: 0 });
    const logger = bufferLogger();
    const omi = client({ fetch: flaky().fetch, logger, logLevel: "warn", retryBackoff: { initialDelayMs: 10, maxDelayMs: 10 } });
    const call = omi.memories.list();
    await jest.advanceTimersByTimeAsync(10);
    await call;
    expect(logger.lines.map((l) => l.level)).toEqual(["warn"]);
    expect(logger.lines[0]?.message).toBe("omi: retrying GET /v1/dev/user/memories in 10 ms (HTTP 503)");
  });

  it("with onRetry: the hook only; the line is logged at debug", async () => {
    jest.useFakeTimers({ now: 0 });
    for (const [level, lines] of [
      ["warn", []],
      ["debug", ["omi: retrying GET /v1/dev/user/memories in 10 ms (HTTP 503)"]],
    ] as const) {
      const logger = bufferLogger();
      const events: RetryEvent[] = [];
      const omi = client({
        fetch: flaky().fetch,
        logger,
        logLevel: level,
        onRetry: (e) => events.push(e),
        retryBackoff: { initialDelayMs: 10, maxDelayMs: 10 },
      });
      const call = omi.memories.list();
      await jest.advanceTimersByTimeAsync(10);
      await call;
      expect(events).toHaveLength(1);
      expect(logger.lines.filter((l) => l.message.startsWith("omi: retrying")).map((l) => l.message)).toEqual(lines);
    }
  });
});
