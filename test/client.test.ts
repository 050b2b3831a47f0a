/** Client-wide options: concurrency, rate budgets (simulated time), and what a 429 does to a group. */
import {
  createOmiClient,
  InternalServerError,
  NotFoundError,
  OmiConfigurationError,
  OmiInputError,
  RateLimitError,
} from "../src/index.js";

const KEY = "omi_dev_clientopts000000000000000000000";
const HOUR = 3_600_000;
const memory = (id: number) => JSON.stringify({ id: `m${id}`, content: "x" });

function maxInAnyHour(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; j < sorted.length; j++) {
    while ((sorted[j] as number) - (sorted[i] as number) >= HOUR) i++;
    best = Math.max(best, j - i + 1);
  }
  return best;
}

describe("createOmiClient options", () => {
  afterEach(() => jest.useRealTimers());

  it("paces a job of 500 writes to a 120/hour budget (simulated time)", async () => {
    jest.useFakeTimers({ now: 0 });
    const sentAt: number[] = [];
    const omi = createOmiClient({
      apiKey: KEY,
      baseUrl: "http://api.invalid",
      rateLimit: { "memories:write": 120 },
      logLevel: "off",
      fetch: async () => {
        sentAt.push(Date.now());
        return new Response(memory(sentAt.length), { headers: { "content-type": "application/json" } });
      },
    });
    const job = Promise.all(Array.from({ length: 500 }, (_, i) => omi.memories.create({ content: `fact ${i}` })));
    let settled = false;
    void job.then(() => (settled = true));
    for (let hour = 0; hour < 6 && !settled; hour++) await jest.advanceTimersByTimeAsync(HOUR);
    const results = await job;
    expect(results).toHaveLength(500);
    expect(sentAt).toHaveLength(500);
    expect(maxInAnyHour(sentAt)).toBeLessThanOrEqual(120);
    expect(Math.max(...sentAt)).toBe(4 * HOUR);
  });

  it("with rateLimit: true, learns the transcript ceiling from the first 429 and collects no other 429 (simulated time)", async () => {
    jest.useFakeTimers({ now: 0 });
    // The server's fixed hourly window: 25 transcript reads, then 429 with its limit and the wait to the hour's end.
    const sent: Array<{ at: number; status: number }> = [];
    const omi = createOmiClient({
      apiKey: KEY,
      baseUrl: "http://api.invalid",
      rateLimit: true,
      maxRetryDelayMs: HOUR,
      maxRetries: 5,
      maxConcurrency: 1,
      logLevel: "off",
      fetch: async () => {
        const now = Date.now();
        const window = Math.floor(now / HOUR);
        const used = sent.filter((s) => Math.floor(s.at / HOUR) === window && s.status === 200).length;
        const status = used < 25 ? 200 : 429;
        sent.push({ at: now, status });
        if (status === 200) return new Response("[]", { headers: { "content-type": "application/json" } });
        const wait = String(Math.ceil(((window + 1) * HOUR - now) / 1000));
        return new Response('{"detail":"Rate limit exceeded."}', {
          status: 429,
          headers: { "content-type": "application/json", "retry-after": wait, "x-ratelimit-limit": "25" },
        });
      },
    });
    const job = Promise.all(Array.from({ length: 60 }, () => omi.conversations.list({ include_transcript: true })));
    for (let hour = 0; hour < 4; hour++) await jest.advanceTimersByTimeAsync(HOUR);
    await job;
    expect(sent.filter((s) => s.status === 200)).toHaveLength(60);
    // One 429 taught the client the ceiling: every later hour holds exactly 25 reads and no 429.
    expect(sent.filter((s) => s.status === 429)).toHaveLength(1);
    expect(maxInAnyHour(sent.filter((s) => s.status === 200).map((s) => s.at))).toBeLessThanOrEqual(25);
  });

  it("without a 429, rateLimit: true does not pace below the server's real ceiling (the spec's numbers are base values)", async () => {
    jest.useFakeTimers({ now: 0 });
    const sentAt: number[] = [];
    const omi = createOmiClient({
      apiKey: KEY,
      baseUrl: "http://api.invalid",
      rateLimit: true,
      logLevel: "off",
      fetch: async () => {
        sentAt.push(Date.now());
        return new Response("[]", { headers: { "content-type": "application/json" } });
      },
    });
    await Promise.all(Array.from({ length: 300 }, () => omi.conversations.list()));
    expect(sentAt).toHaveLength(300);
    expect(Math.max(...sentAt)).toBe(0); // 300 > the base 60 an hour, all at once
  });

  it("refuses rateLimit overrides for unknown groups and numbers that are not positive integers", () => {
    expect(() => createOmiClient({ apiKey: KEY, rateLimit: { "memory:write": 100 } })).toThrow(
      /unknown rate-limit group "memory:write"; the groups are .*memories:write/,
    );
    expect(() => createOmiClient({ apiKey: KEY, rateLimit: { "memories:write": 0 } })).toThrow(
      /memories:write must be a positive integer/,
    );
  });

  it("after a 429, holds the group's other calls back instead of letting each collect a 429", async () => {
    jest.useFakeTimers({ now: 0 });
    let limitedUntil = 0;
    const statuses: number[] = [];
    const omi = createOmiClient({
      apiKey: KEY,
      baseUrl: "http://api.invalid",
      logLevel: "off",
      maxConcurrency: 1,
      fetch: async () => {
        // The server allows 3 calls, then refuses for 10 s.
        const now = Date.now();
        if (statuses.length === 3) limitedUntil = now + 10_000;
        const limited = now < limitedUntil;
        statuses.push(limited ? 429 : 200);
        return limited
          ? new Response(JSON.stringify({ detail: "Rate limit exceeded. Try again in 10s." }), {
              status: 429,
              headers: { "content-type": "application/json", "retry-after": "10" },
            })
          : new Response(memory(statuses.length), { headers: { "content-type": "application/json" } });
      },
    });
    const job = Promise.all(Array.from({ length: 10 }, () => omi.memories.update("m1", { content: "y" })));
    await jest.advanceTimersByTimeAsync(60_000);
    await expect(job).resolves.toHaveLength(10);
    // One 429, then the pause; the other nine calls went through after it.
    expect(statuses.filter((s) => s === 429)).toHaveLength(1);
    expect(statuses).toHaveLength(11);
  });

  it("runs at most maxConcurrency requests at once", async () => {
    let inFlight = 0;
    let peak = 0;
    const omi = createOmiClient({
      apiKey: KEY,
      baseUrl: "http://api.invalid",
      maxConcurrency: 3,
      logLevel: "off",
      fetch: async () => {
        inFlight += 1;
        peak = Math.max(peak, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 5));
        inFlight -= 1;
        return new Response("[]", { headers: { "content-type": "application/json" } });
      },
    });
    await Promise.all(Array.from({ length: 20 }, () => omi.folders.list()));
    expect(peak).toBe(3);
  });

  it("fails fast on a Retry-After longer than maxRetryDelayMs", async () => {
    let calls = 0;
    const omi = createOmiClient({
      apiKey: KEY,
      baseUrl: "http://api.invalid",
      logLevel: "off",
      fetch: async () => {
        calls += 1;
        return new Response(JSON.stringify({ detail: "Rate limit exceeded. Try again in 3600s." }), {
          status: 429,
          headers: { "content-type": "application/json", "retry-after": "3600" },
        });
      },
    });
    const error = await omi.folders.list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBe(3_600_000);
    expect(calls).toBe(1);
  });

  it("tells the caller the client_session_id it generated when an idempotent create fails for good", async () => {
    const sent: string[] = [];
    const omi = createOmiClient({
      apiKey: KEY,
      baseUrl: "http://api.invalid",
      logLevel: "off",
      maxRetries: 1,
      retryBackoff: { initialDelayMs: 1, maxDelayMs: 1 },
      fetch: async (input, init) => {
        sent.push(JSON.parse(String(init?.body)).client_session_id);
        return new Response(JSON.stringify({ detail: "busy" }), { status: 503, headers: { "content-type": "application/json" } });
      },
    });
    const error = (await omi.conversations
      .createFromSegments({ transcript_segments: [{ text: "hi", start: 0, end: 1 }] })
      .catch((e: unknown) => e)) as InternalServerError;
    expect(error).toBeInstanceOf(InternalServerError);
    expect(sent).toHaveLength(2);
    expect(new Set(sent).size).toBe(1);
    expect(error.idempotencyKey).toBe(sent[0]);
  });

  it("calls a given fetch as a plain function, as browsers and Workers require of their own fetch", async () => {
    const thisValues: unknown[] = [];
    // What Chrome and Cloudflare Workers do when their fetch is called with another `this`.
    function strictFetch(this: unknown, _input: RequestInfo | URL, _init?: RequestInit): Promise<Response> {
      thisValues.push(this);
      if (this !== undefined && this !== globalThis) return Promise.reject(new TypeError("Illegal invocation"));
      return Promise.resolve(new Response('{"id":"m1","content":"x"}', { headers: { "content-type": "application/json" } }));
    }
    const omi = createOmiClient({ apiKey: KEY, baseUrl: "http://api.invalid", fetch: strictFetch, logLevel: "off" });
    await omi.memories.create({ content: "x" });
    await omi.raw.GET("/v1/dev/user/memories");
    omi.raw.use({ onRequest: () => undefined }); // middleware changes nothing about how fetch is called
    await omi.memories.create({ content: "x" });
    expect(thisValues).toEqual([undefined, undefined, undefined]);
  });

  it("runs middleware on helper calls exactly while openapi-fetch still holds it", async () => {
    const omi = createOmiClient({
      apiKey: KEY,
      baseUrl: "http://middleware.invalid",
      logLevel: "off",
      fetch: async () => new Response("[]", { headers: { "content-type": "application/json" } }),
    });
    const seen: string[] = [];
    const m = { onRequest: ({ request }: { request: Request }) => void seen.push(new URL(request.url).pathname) };
    omi.raw.use(m);
    omi.raw.use(m); // openapi-fetch keeps it twice; one eject leaves one
    omi.raw.eject(m);
    await omi.goals.list();
    expect(seen).toEqual(["/v1/dev/user/goals"]);
    omi.raw.eject(m);
    await omi.goals.list();
    expect(seen).toHaveLength(1);
    // A use() that refuses its second middleware has registered the first: helpers must see it.
    expect(() => omi.raw.use(m, {} as typeof m)).toThrow();
    await omi.goals.list();
    expect(seen).toHaveLength(2);
  });

  it("goes through openapi-fetch on every helper call: middleware can see, answer or replace what a helper gets", async () => {
    let sent = 0;
    const omi = createOmiClient({
      apiKey: KEY,
      baseUrl: "http://middleware.invalid",
      logLevel: "off",
      fetch: async () => {
        sent += 1;
        return Response.json([{ id: "g1" }]);
      },
    });
    expect(await omi.goals.list()).toEqual([{ id: "g1" }]); // no middleware: the transport's own response
    const peeked: unknown[] = [];
    const peek = {
      onResponse: async ({ response }: { response: Response }) => void peeked.push(await response.clone().json()),
    };
    omi.raw.use(peek);
    expect(await omi.goals.list()).toEqual([{ id: "g1" }]); // a middleware that reads a clone leaves the body to the helper
    expect(peeked).toEqual([[{ id: "g1" }]]);
    omi.raw.eject(peek);
    const replace = { onResponse: () => Response.json([{ id: "replaced" }]) };
    omi.raw.use(replace);
    expect(await omi.goals.list()).toEqual([{ id: "replaced" }]);
    omi.raw.eject(replace);
    const answer = { onRequest: () => Response.json({ detail: "from middleware" }, { status: 404 }) };
    omi.raw.use(answer);
    const error = (await omi.goals.get("g1").catch((e: unknown) => e)) as NotFoundError;
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.detail).toBe("from middleware");
    expect(sent).toBe(3); // the answered call never reached fetch
    omi.raw.eject(answer);
    // A write that middleware answered with a 5xx was never sent: its outcome is known.
    const failing = { onRequest: () => Response.json({ detail: "down" }, { status: 500 }) };
    omi.raw.use(failing);
    const write = (await omi.goals.delete("g1").catch((e: unknown) => e)) as InternalServerError;
    expect(write).toBeInstanceOf(InternalServerError);
    expect(write.attempts).toBe(0);
    expect(write.outcomeUnknown).toBe(false);
    expect(sent).toBe(3);
  });

  it("refuses nonsensical options at creation", () => {
    expect(() => createOmiClient({ apiKey: KEY, maxConcurrency: 0 })).toThrow(OmiConfigurationError);
    expect(() => createOmiClient({ apiKey: KEY, maxRetries: -1 })).toThrow("maxRetries must be an integer ≥ 0, got -1");
    expect(() => createOmiClient({ apiKey: KEY, timeoutMs: 0 })).toThrow(/timeoutMs must be a number from 1 to 2147483647/);
    expect(() => createOmiClient({ apiKey: KEY, maxRetryDelayMs: Number.NaN })).toThrow(OmiConfigurationError);
    // setTimeout fires a longer delay at once: such a "no timeout" would time every attempt out immediately.
    expect(() => createOmiClient({ apiKey: KEY, timeoutMs: 2 ** 31 })).toThrow(
      "timeoutMs must be a number from 1 to 2147483647 (the longest timer), got 2147483648",
    );
    expect(() => createOmiClient({ apiKey: KEY, maxRetryDelayMs: Infinity })).toThrow(/maxRetryDelayMs .* got Infinity/);
    expect(() => createOmiClient({ apiKey: KEY, baseUrl: "api.omi.me" })).toThrow(/http\(s\) URL/);
  });

  it("refuses headers fetch could not send, at creation and per call, sending nothing", async () => {
    // fetch refuses them before sending, which would otherwise look like a connection lost after sending.
    expect(() => createOmiClient({ apiKey: KEY, headers: { "x-client": "Gen€sis" } })).toThrow(
      new OmiConfigurationError(
        'header "x-client" cannot be sent: it is not valid HTTP (a bad name, or a control character, line break or character beyond Latin-1)',
      ),
    );
    let sent = 0;
    const omi = createOmiClient({
      apiKey: KEY,
      baseUrl: "http://headers.invalid",
      headers: { "x-client": "café" }, // Latin-1 is fine
      fetch: async () => {
        sent += 1;
        return new Response('{"id":"m1"}', { headers: { "content-type": "application/json" } });
      },
    });
    const refused: Array<Record<string, string>> = [
      { "x-trace": "a\nb" },
      { "x trace": "1" },
      { "x-trace": "x\0y" },
      { "x-trace": "abc\u0001" }, // new Headers() lets it through; Node's and Deno's fetch refuse it
      { "x-trace": "del\u007f" },
      { "x-tracé": "1" },
    ];
    for (const headers of refused) {
      await expect(omi.memories.create({ content: "x" }, { headers })).rejects.toThrow(
        /^createMemory: header "x[ -]trac[eé]" cannot be sent/,
      );
    }
    expect(sent).toBe(0);
    await omi.memories.create({ content: "x" }, { headers: { "x-trace": "ok" } });
    expect(sent).toBe(1);
  });

  it("refuses a call's nonsensical options before sending anything", async () => {
    let sent = 0;
    const omi = createOmiClient({
      apiKey: KEY,
      baseUrl: "http://options.invalid",
      fetch: async () => {
        sent += 1;
        return new Response("[]", { headers: { "content-type": "application/json" } });
      },
    });
    await expect(omi.memories.create({ content: "x" }, { timeoutMs: Infinity })).rejects.toThrow(
      new OmiInputError("createMemory: timeoutMs must be a number from 1 to 2147483647 (the longest timer), got Infinity"),
    );
    await expect(omi.memories.list({}, { maxRetries: -1 })).rejects.toBeInstanceOf(OmiInputError);
    expect(sent).toBe(0);
    await omi.memories.list({}, { timeoutMs: 5_000, maxRetries: 0 });
    expect(sent).toBe(1);
  });
});

describe("options given as undefined (exactOptionalPropertyTypes users pass them so)", () => {
  it("keep their defaults, retryBackoff's bounds included", async () => {
    const delays: number[] = [];
    let calls = 0;
    const omi = createOmiClient({
      apiKey: KEY,
      baseUrl: "http://api.invalid",
      logLevel: undefined,
      logger: undefined,
      maxRetries: undefined,
      timeoutMs: undefined,
      headers: undefined,
      retryBackoff: { initialDelayMs: undefined, maxDelayMs: 10 },
      onRetry: (event) => delays.push(event.delayMs),
      fetch: async () => {
        calls += 1;
        return calls === 1
          ? new Response("{}", { status: 503, headers: { "content-type": "application/json" } })
          : new Response("[]", { headers: { "content-type": "application/json" } });
      },
    });
    await expect(omi.folders.list({ signal: undefined, timeoutMs: undefined, maxRetries: undefined })).resolves.toEqual([]);
    // The default initial delay (500 ms), capped by maxDelayMs: exactly 10 ms, not NaN.
    expect(delays).toEqual([10]);
  });
});
