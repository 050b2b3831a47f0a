/** The `User-Agent` header: which runtime, which version, and none in a browser. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createOmiClient, VERSION } from "../../src/index.js";
import { userAgent } from "../../src/internal/user-agent.js";

const PACKAGE_VERSION = (JSON.parse(readFileSync(join(__dirname, "../../package.json"), "utf8")) as { version: string }).version;
const KEY = "omi_dev_useragent0000000000000000000";

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
