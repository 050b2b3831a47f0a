/**
 * The options of the client and of its calls, read in one place: their ranges, and where defaults
 * come from: environment variables (`readEnv`), and the `User-Agent` header (which runtime, which
 * version, and none in a browser).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createOmiClient, VERSION } from "../../src/index.js";
import { badNumberOption, readEnv, userAgent } from "../../src/internal/settings.js";

describe("badNumberOption", () => {
  it("accepts absent options and values in range", () => {
    expect(badNumberOption({})).toBeUndefined();
    expect(badNumberOption({ maxRetries: 0, timeoutMs: 1, maxRetryDelayMs: 0 })).toBeUndefined();
    expect(badNumberOption({ maxRetries: 10, timeoutMs: 2_147_483_647, maxRetryDelayMs: 2_147_483_647 })).toBeUndefined();
  });

  it.each([
    [{ maxRetries: -1 }, "maxRetries must be an integer ≥ 0, got -1"],
    [{ maxRetries: Number.NaN }, "maxRetries must be an integer ≥ 0, got NaN"],
    [{ timeoutMs: 0 }, "timeoutMs must be a number from 1 to 2147483647 (the longest timer), got 0"],
    [{ timeoutMs: 2 ** 31 }, "timeoutMs must be a number from 1 to 2147483647 (the longest timer), got 2147483648"],
    [{ maxRetryDelayMs: Infinity }, "maxRetryDelayMs must be a number from 0 to 2147483647 (the longest timer), got Infinity"],
    [{ timeoutMs: "5" as unknown as number }, 'timeoutMs must be a number from 1 to 2147483647 (the longest timer), got "5"'],
  ])("refuses %p", (options, message) => {
    expect(badNumberOption(options)).toBe(message);
  });
});

const PACKAGE_VERSION = (JSON.parse(readFileSync(join(__dirname, "../../package.json"), "utf8")) as { version: string }).version;
const KEY = "omi_dev_useragent0000000000000000000";

describe("readEnv", () => {
  const saved = process.env.OMI_TEST_VARIABLE;
  afterEach(() => {
    if (saved === undefined) delete process.env.OMI_TEST_VARIABLE;
    else process.env.OMI_TEST_VARIABLE = saved;
  });

  it("returns a set variable trimmed, and undefined for an unset or blank one", () => {
    process.env.OMI_TEST_VARIABLE = "  omi_dev_value  ";
    expect(readEnv("OMI_TEST_VARIABLE")).toBe("omi_dev_value");
    process.env.OMI_TEST_VARIABLE = "   ";
    expect(readEnv("OMI_TEST_VARIABLE")).toBeUndefined();
    delete process.env.OMI_TEST_VARIABLE;
    expect(readEnv("OMI_TEST_VARIABLE")).toBeUndefined();
  });

  it("returns undefined where reading the environment throws (Deno without --allow-env)", () => {
    const env = Object.getOwnPropertyDescriptor(process, "env") as PropertyDescriptor;
    const denied = new Proxy(
      {},
      {
        get() {
          throw new Error('Requires env access to "OMI_LOG", run again with the --allow-env flag');
        },
      },
    );
    Object.defineProperty(process, "env", { value: denied, configurable: true });
    try {
      expect(readEnv("OMI_LOG")).toBeUndefined();
    } finally {
      Object.defineProperty(process, "env", env);
    }
  });

  it("returns undefined where there is no process at all (browsers)", () => {
    const descriptor = Object.getOwnPropertyDescriptor(globalThis, "process") as PropertyDescriptor;
    Object.defineProperty(globalThis, "process", { value: undefined, configurable: true });
    try {
      expect(readEnv("OMI_API_KEY")).toBeUndefined();
    } finally {
      Object.defineProperty(globalThis, "process", descriptor);
    }
  });

  it("is not read by createOmiClient for an option that is given (Deno in a terminal prompts for each read)", () => {
    const env = Object.getOwnPropertyDescriptor(process, "env") as PropertyDescriptor;
    const read: string[] = [];
    const recording = new Proxy({}, { get: (_target, name) => void read.push(String(name)) });
    Object.defineProperty(process, "env", { value: recording, configurable: true });
    try {
      createOmiClient({ apiKey: "omi_dev_envtest000000000000000000000", baseUrl: "http://api.invalid", logLevel: "off" });
      expect(read).toEqual([]);
      createOmiClient({ apiKey: "omi_dev_envtest000000000000000000000" });
      expect(read).toEqual(["OMI_API_BASE", "OMI_LOG"]);
    } finally {
      Object.defineProperty(process, "env", env);
    }
  });
});

describe("userAgent", () => {
  it("VERSION is package.json's version", () => {
    expect(VERSION).toBe(PACKAGE_VERSION);
  });

  it("names Node and its version in Node (this test's runtime)", () => {
    expect(userAgent()).toBe(`omi-developer-api/${PACKAGE_VERSION} (node/${process.versions.node})`);
  });

  it("names Deno and Bun, which also define process, by their own version", () => {
    const process = { versions: { node: "20.0.0" } };
    expect(userAgent({ Deno: { version: { deno: "2.1.4" } }, process })).toBe(`omi-developer-api/${VERSION} (deno/2.1.4)`);
    expect(userAgent({ Bun: { version: "1.1.38" }, process })).toBe(`omi-developer-api/${VERSION} (bun/1.1.38)`);
  });

  it("is undefined in a browser: a page (even with a process polyfill), a worker, an unknown runtime", () => {
    expect(userAgent({ document: {}, process: { versions: { node: "20.0.0" } } })).toBeUndefined();
    expect(userAgent({ process: { versions: {} } })).toBeUndefined();
    expect(userAgent({})).toBeUndefined();
  });
});

describe("the client's User-Agent header", () => {
  function sentHeaders(headers?: Record<string, string>) {
    const seen: Array<Record<string, string>> = [];
    const omi = createOmiClient({
      apiKey: KEY,
      baseUrl: "http://api.invalid",
      logLevel: "off",
      ...(headers ? { headers } : {}),
      fetch: async (_input, init) => {
        seen.push(Object.fromEntries(new Headers(init?.headers).entries()));
        return new Response("[]", { headers: { "content-type": "application/json" } });
      },
    });
    return { omi, seen };
  }

  it("is sent on helper and omi.raw calls", async () => {
    const { omi, seen } = sentHeaders();
    await omi.folders.list();
    await omi.raw.GET("/v1/dev/user/folders");
    expect(seen.map((h) => h["user-agent"])).toEqual([userAgent(), userAgent()]);
  });

  it("gives way to one set in the headers option", async () => {
    const { omi, seen } = sentHeaders({ "User-Agent": "my-app/1.0" });
    await omi.folders.list();
    await omi.raw.GET("/v1/dev/user/folders");
    expect(seen.map((h) => h["user-agent"])).toEqual(["my-app/1.0", "my-app/1.0"]);
  });
});
