import { createOmiClient, type Logger } from "../../src/index.js";
import { createLog, isLogLevel } from "../../src/internal/log.js";
import { createRedactor, redactDeep, redactError, rememberSecret } from "../../src/internal/redaction.js";

const KEY = "omi_dev_Zq8Xv3Lm5Nb7Kc9Jd2Hf4Gs6Ta1Wy0Pe";
const TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJ1aWQiOiJ1MSJ9.c2lnbmF0dXJl";

describe("createRedactor", () => {
  const redact = createRedactor(() => [KEY, TOKEN, undefined, "short"]);

  it("replaces a given secret of 8 characters or more, and leaves shorter strings alone", () => {
    const short = createRedactor(() => ["a1b2c3d4", "a1b2c3d"]);
    expect(short("x a1b2c3d4 y")).toBe("x [REDACTED] y");
    expect(short("x a1b2c3d y")).toBe("x a1b2c3d y");
  });

  it("replaces the given secrets wherever they appear", () => {
    expect(redact(`key=${KEY}&token=${TOKEN}`)).toBe("key=[REDACTED]&token=[REDACTED]");
  });

  it("replaces anything shaped like an Omi key, keeping its kind", () => {
    expect(redact("a omi_dev_abcdefghijklmnop b omi_mcp_zzzzzzzzzzzz c")).toBe("a omi_dev_[REDACTED] b omi_mcp_[REDACTED] c");
  });

  it("replaces bearer credentials of any kind", () => {
    expect(redact("Authorization: Bearer abc.def-ghi, next")).toBe("Authorization: Bearer [REDACTED], next");
    expect(redact('"authorization":"bearer xyz"')).toBe('"authorization":"bearer [REDACTED]"');
  });

  it("leaves other text and secrets shorter than 8 characters alone", () => {
    expect(redact("a short note about omi_devices")).toBe("a short note about omi_devices");
  });

  it("reads the secrets each time (so a rotated one is covered)", () => {
    let current = "first-secret-value";
    const rotating = createRedactor(() => [current]);
    current = "second-secret-value";
    expect(rotating("second-secret-value first-secret-value")).toBe("[REDACTED] first-secret-value");
  });
});

describe("rememberSecret", () => {
  it("adds a secret learned at call time, e.g. a token from a function", () => {
    const redact = createRedactor(() => []);
    expect(redact(`bare ${TOKEN}`)).toBe(`bare ${TOKEN}`);
    rememberSecret(redact, TOKEN);
    expect(redact(`bare ${TOKEN}`)).toBe("bare [REDACTED]");
  });

  it("keeps the newest eight", () => {
    const redact = createRedactor(() => []);
    const tokens = Array.from({ length: 9 }, (_, i) => `token-number-${i}-abcdef`);
    for (const t of tokens) rememberSecret(redact, t);
    rememberSecret(redact, tokens[8] as string); // a repeat does not push one out
    expect(redact(tokens[0] as string)).toBe(tokens[0]);
    expect(tokens.slice(1).map(redact)).toEqual(Array(8).fill("[REDACTED]"));
  });

  it("is a no-op for a redactor it did not make", () => {
    const plain = (text: string) => text;
    expect(() => rememberSecret(plain, TOKEN)).not.toThrow();
    expect(plain(TOKEN)).toBe(TOKEN);
  });
});

describe("redactDeep", () => {
  it("redacts every string in nested arrays and objects, keeping other values", () => {
    const redact = createRedactor(() => [TOKEN]);
    expect(redactDeep({ a: [TOKEN, 1, null, { b: `x ${TOKEN}` }], n: 2, ok: true }, redact)).toEqual({
      a: ["[REDACTED]", 1, null, { b: "x [REDACTED]" }],
      n: 2,
      ok: true,
    });
  });

  it("redacts property names too (a server may key an object by the credential it refused)", () => {
    const redact = createRedactor(() => [TOKEN]);
    expect(redactDeep({ [TOKEN]: "invalid" }, redact)).toEqual({ "[REDACTED]": "invalid" });
  });
});

describe("redactError", () => {
  const redact = createRedactor(() => [KEY]);

  it("returns the error itself when it holds no secret", () => {
    const error = Object.assign(new TypeError("fetch failed", { cause: new Error("connect ECONNREFUSED") }), { code: "X" });
    expect(redactError(error, redact)).toBe(error);
  });

  it("copies an error that quotes a secret, redacting message, stack, fields and its cause chain", () => {
    const inner = Object.assign(new Error(`sent ${KEY}`), { code: "ECONNRESET", errno: -104, headers: { authorization: KEY } });
    const outer = new TypeError(`request with Bearer ${KEY} failed`, { cause: inner });
    const copy = redactError(outer, redact) as Error & { cause: Error & { code: string; errno: number; headers?: unknown } };
    expect(copy).not.toBe(outer);
    expect(copy.name).toBe("TypeError");
    expect(copy.message).toBe("request with Bearer [REDACTED] failed");
    expect(copy.stack).not.toContain(KEY);
    expect(copy.cause.message).toBe("sent [REDACTED]");
    expect(copy.cause).toMatchObject({ code: "ECONNRESET", errno: -104 });
    expect(copy.cause.headers).toBeUndefined(); // objects that held the secret are dropped
    expect(JSON.stringify(copy) + String(copy.stack) + String(copy.cause.stack)).not.toContain(KEY);
  });

  it("finds a secret in a nested object field", () => {
    const error = Object.assign(new Error("failed"), { request: { headers: { authorization: `Bearer ${KEY}` } } });
    const copy = redactError(error, redact) as Error & { request?: unknown };
    expect(copy).not.toBe(error);
    expect(copy.message).toBe("failed");
    expect(copy.request).toBeUndefined();
  });

  it("keeps only a copy of an error holding an object it cannot search (a Request, Headers, a Map)", () => {
    const request = new Request("https://api.omi.me/v1/dev/user/memories", { headers: { authorization: `Bearer ${KEY}` } });
    for (const opaque of [request, request.headers, new Map([["authorization", KEY]])]) {
      const error = Object.assign(new Error("Request timed out"), { name: "TimeoutError", request: opaque, code: "ETIMEDOUT" });
      const copy = redactError(new TypeError("fetch failed", { cause: error }), redact) as Error & { cause: Error & object };
      expect(copy.cause).not.toBe(error);
      expect(copy.cause).toMatchObject({ name: "TimeoutError", message: "Request timed out", code: "ETIMEDOUT" });
      expect("request" in copy.cause).toBe(false);
    }
  });

  it("finds a secret used as a property name", () => {
    const error = Object.assign(new Error("failed"), { seen: { [KEY]: 1 } });
    expect(redactError(error, redact)).not.toBe(error);
  });

  it("handles error-shaped objects from another realm and non-errors", () => {
    const foreign = { name: "TypeError", message: `bad ${KEY}` };
    expect((redactError(foreign, redact) as Error).message).toBe("bad [REDACTED]");
    expect(redactError(`text ${KEY}`, redact)).toBe("text [REDACTED]");
    expect(redactError({ token: KEY }, redact)).toBe("[REDACTED]");
    expect(redactError(undefined, redact)).toBeUndefined();
  });
});

function recorder(): Logger & { calls: unknown[][] } {
  const calls: unknown[][] = [];
  const at =
    (level: string) =>
    (...args: unknown[]) =>
      void calls.push([level, ...args]);
  return { calls, error: at("error"), warn: at("warn"), info: at("info"), debug: at("debug") };
}

describe("isLogLevel", () => {
  it.each(["off", "error", "warn", "info", "debug"])("%p is a level", (value) => expect(isLogLevel(value)).toBe(true));
  it.each(["", "DEBUG", "verbose", "toString", "constructor", "__proto__", "hasOwnProperty", 3, undefined, null])(
    "%p is not",
    (value) => expect(isLogLevel(value)).toBe(false),
  );
});

describe("createLog", () => {
  it("writes the configured level and the ones before it, nothing else", () => {
    const logger = recorder();
    const log = createLog("warn", logger, (t) => t);
    for (const level of ["error", "warn", "info", "debug"] as const) log.write(level, level);
    expect(logger.calls.map((c) => c[0])).toEqual(["error", "warn"]);
    expect([log.enabled("warn"), log.enabled("info")]).toEqual([true, false]);
  });

  it("off writes nothing", () => {
    const logger = recorder();
    const log = createLog("off", logger, (t) => t);
    log.write("error", "x");
    expect(logger.calls).toEqual([]);
    expect(log.enabled("error")).toBe(false);
  });

  it("prefixes messages, passes data only when given, and drops undefined fields", () => {
    const logger = recorder();
    const log = createLog("debug", logger, (t) => t);
    log.write("info", "hello");
    log.write("debug", "with data", { a: 1, b: undefined, c: "x" });
    expect(logger.calls).toEqual([
      ["info", "omi: hello"],
      ["debug", "omi: with data", { a: 1, c: "x" }],
    ]);
  });

  it("redacts the message and every string of the data, even secrets JSON would escape", () => {
    const secret = 'omi_dev_with"quote\\and,comma:1234567890';
    const logger = recorder();
    const log = createLog(
      "debug",
      logger,
      createRedactor(() => [secret]),
    );
    log.write("debug", `key ${secret}`, { requestId: secret, nested: { list: [`Bearer ${secret}`] }, n: 1 });
    expect(JSON.stringify(logger.calls)).not.toContain("quote");
    expect(logger.calls[0]).toEqual([
      "debug",
      "omi: key [REDACTED]",
      { requestId: "[REDACTED]", nested: { list: ["Bearer [REDACTED]"] }, n: 1 },
    ]);
  });

  it("does not throw when a secret matches JSON punctuation", () => {
    const secret = '","attempt":';
    const logger = recorder();
    const log = createLog(
      "debug",
      logger,
      createRedactor(() => [secret]),
    );
    expect(() => log.write("debug", "x", { a: "b", attempt: 1 })).not.toThrow();
    expect(logger.calls[0]?.[2]).toEqual({ a: "b", attempt: 1 });
  });

  it("never lets a throwing logger change how a call ends", async () => {
    const broken = () => {
      throw new Error("log sink down");
    };
    const logger: Logger = { error: broken, warn: broken, info: broken, debug: broken };
    expect(() =>
      createLog(
        "debug",
        logger,
        createRedactor(() => []),
      ).write("warn", "retrying"),
    ).not.toThrow();
    let calls = 0;
    const omi = createOmiClient({
      apiKey: "omi_dev_logtest0000000000000000000000",
      baseUrl: "http://log.invalid",
      logLevel: "debug",
      logger,
      retryBackoff: { initialDelayMs: 1, maxDelayMs: 1 },
      fetch: async () =>
        ++calls === 1
          ? new Response('{"detail":"busy"}', { status: 503, headers: { "content-type": "application/json" } })
          : new Response('{"id":"m1","content":"x"}', { headers: { "content-type": "application/json" } }),
    });
    await expect(omi.memories.list()).resolves.toEqual({ id: "m1", content: "x" }); // the 503 was retried (a warn line)
    expect(calls).toBe(2);
    await expect(omi.memories.create({ content: "x" })).resolves.toEqual({ id: "m1", content: "x" });
  });
});
