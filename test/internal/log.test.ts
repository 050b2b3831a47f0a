import { createOmiClient, type Logger } from "../../src/index.js";
import { createLog, isLogLevel } from "../../src/internal/log.js";
import { createRedactor } from "../../src/internal/redaction.js";

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
