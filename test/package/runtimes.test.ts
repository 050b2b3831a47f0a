/**
 * The packed package in Node 22, 24 and 26, in Bun, in Deno and in Cloudflare's
 * Workers runtime (workerd, through Miniflare), all installed from npm (Bun, Deno and
 * Miniflare as dev dependencies; the Node binaries in test/package/node-runtimes, which
 * `npm ci` installs, see scripts/install-node-runtimes.ts): a script imports it by name,
 * lists conversations, deletes one and catches the typed NotFoundError of a 404, against
 * a small HTTP server in this process (real `fetch` of each runtime, real sockets), and
 * each Node runs the package's `omi-export`. For Workers the script is a module worker,
 * bundled by esbuild with the conditions a Workers bundler uses, as a Workers app is.
 * The Node of the suite itself runs everything else, so the oldest of them all is the
 * one `engines` names.
 *
 * The fake of `omi-developer-api/testing` in the same runtimes, in Node, and in headless
 * Chromium (a page bundled by esbuild for the browser, as a web app's tests are): a script
 * imports `createOmiFake` by name, gives `fake.fetch` to the client, creates an action
 * item, lists it back and deletes it twice, the second time a NotFoundError (no server,
 * no socket: the fake answers in the runtime itself). The scratch project holds
 * the tarball's files under `node_modules/omi-developer-api` and the runtime
 * dependency (openapi-fetch, and what it needs) copied from this repository's
 * `node_modules`, so that no runtime installs anything from the network.
 */
import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { Miniflare } from "miniflare";
import { launchChromium } from "../browser/support/launch-chromium.js";
import { servePage } from "../browser/support/page-server.js";
import { cleanNpmEnv } from "./support/run-npm.js";
import { ROOT, packInto } from "./support/pack.js";

// Each runtime is a process that must start (generous bound for a loaded machine).
jest.setTimeout(120_000);

const KEY = "omi_dev_runtime0000000000000000000000";
const CONVERSATION = {
  id: "conv-1",
  created_at: "2025-01-01T10:00:00Z",
  started_at: "2025-01-01T10:00:00Z",
  finished_at: "2025-01-01T10:05:00Z",
  source: "omi",
  language: "en",
  structured: { title: "Runtime check", overview: "", emoji: "", category: "other", action_items: [], events: [] },
  transcript_segments: [],
  geolocation: null,
  discarded: false,
  visibility: "private",
};

// What a call ended with, the same in every script: resolved, or the error's name, classes, status and detail.
const OUTCOME_OF = `async function outcomeOf(call) {
  try {
    await call;
    return { outcome: "resolved" };
  } catch (error) {
    return {
      outcome: "threw",
      name: error.name,
      isNotFoundError: error instanceof NotFoundError,
      isOmiError: error instanceof OmiError,
      status: error.status,
      detail: error.detail,
    };
  }
}`;

// Bare specifier, as a user writes it; run as ESM in both runtimes.
const CONSUMER = `import { createOmiClient, NotFoundError, OmiError } from "omi-developer-api";
${OUTCOME_OF}
const baseUrl = typeof Deno === "object" ? Deno.args[0] : process.argv[2];
const runtime =
  typeof Deno === "object" ? "deno " + Deno.version.deno
  : typeof Bun === "object" ? "bun " + Bun.version
  : "node " + process.versions.node;
const omi = createOmiClient({ apiKey: "${KEY}", baseUrl, maxRetries: 0, logLevel: "off" });
const listed = await omi.conversations.list({ limit: 5 });
const deleted = await omi.conversations.delete(listed[0].id);
const caught = await outcomeOf(omi.conversations.delete("missing"));
console.log(JSON.stringify({ runtime, listed: listed.map((c) => c.id), deleted, caught }));
`;

// The same calls in a module worker; the API's URL comes as a binding.
const WORKER = `import { createOmiClient, NotFoundError, OmiError } from "omi-developer-api";
${OUTCOME_OF}
export default {
  async fetch(request, env) {
    const omi = createOmiClient({ apiKey: "${KEY}", baseUrl: env.API_BASE, maxRetries: 0, logLevel: "off" });
    const listed = await omi.conversations.list({ limit: 5 });
    const deleted = await omi.conversations.delete(listed[0].id);
    const caught = await outcomeOf(omi.conversations.delete("missing"));
    return Response.json({ runtime: navigator.userAgent, listed: listed.map((c) => c.id), deleted, caught });
  },
};
`;

// The fake's check, the same in every runtime: create, list, delete twice; what the fake saw.
const FAKE_CHECK = `import { createOmiClient, NotFoundError, OmiError } from "omi-developer-api";
import { createOmiFake } from "omi-developer-api/testing";
${OUTCOME_OF}
async function checkFake(runtime) {
  const fake = createOmiFake();
  const omi = createOmiClient({ apiKey: fake.apiKey, fetch: fake.fetch, maxRetries: 0, logLevel: "off" });
  const created = await omi.actionItems.create({ description: "Check the fake" });
  const listed = await omi.actionItems.list();
  const deleted = await omi.actionItems.delete(created.id);
  const caught = await outcomeOf(omi.actionItems.delete(created.id));
  return {
    runtime,
    listed: listed.map((item) => (item.id === created.id ? "created: " + item.description : "other")),
    deleted,
    caught,
    requests: fake.requests.map((r) => r.operationId + " " + r.status),
    left: fake.state.actionItems.length,
  };
}
`;

const FAKE_CONSUMER = `${FAKE_CHECK}
const runtime =
  typeof Deno === "object" ? "deno " + Deno.version.deno
  : typeof Bun === "object" ? "bun " + Bun.version
  : "node " + process.versions.node;
console.log(JSON.stringify(await checkFake(runtime)));
`;

const FAKE_WORKER = `${FAKE_CHECK}
export default {
  async fetch() {
    return Response.json(await checkFake(navigator.userAgent));
  },
};
`;

const FAKE_PAGE_SCRIPT = `${FAKE_CHECK}
checkFake("chromium " + (/Chrome\\/([\\d.]+)/.exec(navigator.userAgent)?.[1] ?? "?")).then(
  (result) => { document.body.dataset.result = JSON.stringify(result); },
  (error) => { document.body.dataset.result = JSON.stringify({ failed: String(error) }); },
);
`;

const FAKE_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8" /><title>The Omi fake in a browser</title>
<link rel="icon" href="data:," /></head><body><script type="module" src="/main.js"></script></body></html>`;

/** Bundles a script of the scratch project by the conditions of a Workers or browser bundler. */
async function bundleIn(project: string, entry: string, conditions: string[]): Promise<string> {
  const bundled = await build({
    entryPoints: [join(project, entry)],
    absWorkingDir: project,
    bundle: true,
    format: "esm",
    platform: "browser",
    conditions,
    write: false,
    logLevel: "silent",
  });
  const [output] = bundled.outputFiles;
  if (!output) throw new Error(`esbuild produced no bundle of ${entry}`);
  return output.text;
}

/** A request the server saw. */
interface Seen {
  method: string;
  path: string;
  authorization: string | undefined;
}

function startApi(): Promise<{ server: Server; url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://api").pathname;
    seen.push({ method: req.method ?? "", path, authorization: req.headers.authorization });
    const json = (status: number, body: unknown) =>
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    if (req.method === "GET" && path === "/v1/dev/user/conversations") return json(200, [CONVERSATION]);
    if (req.method === "DELETE" && path === `/v1/dev/user/conversations/${CONVERSATION.id}`) return json(200, { status: "ok" });
    return json(404, { detail: "Conversation not found" });
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () =>
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen }),
    );
  });
}

/** Runs a command to its end without blocking this process (the API server lives here). */
function run(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(command, [...args], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** The Node versions of test/package/node-runtimes (e.g. `node22` → its binary), as `npm ci` installs them. */
const NODE_RUNTIMES = Object.keys(
  (
    JSON.parse(readFileSync(join(ROOT, "test/package/node-runtimes/package.json"), "utf8")) as {
      optionalDependencies: Record<string, string>;
    }
  ).optionalDependencies,
).map((alias) => {
  const bin = join(ROOT, "test/package/node-runtimes/node_modules", alias, "bin", "node");
  if (!existsSync(bin)) throw new Error(`${bin} is missing: run npm ci (its prepare script installs the Node runtimes)`);
  return { major: alias.replace(/^node/, ""), bin };
});

/** Copies a package (and, recursively, its dependencies) from the repository's node_modules. */
function copyPackage(name: string, into: string, copied = new Set<string>()): void {
  if (copied.has(name)) return;
  copied.add(name);
  const from = join(ROOT, "node_modules", name);
  cpSync(from, join(into, name), { recursive: true, dereference: true });
  const manifest = JSON.parse(readFileSync(join(from, "package.json"), "utf8")) as { dependencies?: Record<string, string> };
  for (const dependency of Object.keys(manifest.dependencies ?? {})) copyPackage(dependency, into, copied);
}

describe("the packed package in other runtimes", () => {
  const work = mkdtempSync(join(tmpdir(), "omi-runtimes-"));
  const project = join(work, "consumer");
  let api: Awaited<ReturnType<typeof startApi>>;
  const env = { ...cleanNpmEnv(), DENO_DIR: join(work, "deno-dir"), DENO_NO_UPDATE_CHECK: "1", DO_NOT_TRACK: "1" };

  beforeAll(async () => {
    const tarball = packInto(work);
    const installed = join(project, "node_modules", "omi-developer-api");
    mkdirSync(installed, { recursive: true });
    const untar = await run("tar", ["-xzf", tarball, "-C", installed, "--strip-components=1"], work, env);
    if (untar.code !== 0) throw new Error(`tar failed: ${untar.stderr}`);
    const manifest = JSON.parse(readFileSync(join(installed, "package.json"), "utf8")) as {
      dependencies: Record<string, string>;
    };
    for (const dependency of Object.keys(manifest.dependencies)) copyPackage(dependency, join(project, "node_modules"));
    writeFileSync(
      join(project, "package.json"),
      `${JSON.stringify({ name: "runtime-consumer", private: true, type: "module", dependencies: manifest.dependencies }, null, 2)}\n`,
    );
    writeFileSync(join(project, "consumer.mjs"), CONSUMER);
    writeFileSync(join(project, "worker.mjs"), WORKER);
    writeFileSync(join(project, "fake-consumer.mjs"), FAKE_CONSUMER);
    writeFileSync(join(project, "fake-worker.mjs"), FAKE_WORKER);
    writeFileSync(join(project, "fake-page.mjs"), FAKE_PAGE_SCRIPT);
    api = await startApi();
  });

  afterAll(async () => {
    await new Promise((resolve) => api?.server.close(resolve));
    rmSync(work, { recursive: true, force: true });
  });

  const expected = {
    listed: [CONVERSATION.id],
    deleted: { status: "ok" },
    caught: {
      outcome: "threw",
      name: "NotFoundError",
      isNotFoundError: true,
      isOmiError: true,
      status: 404,
      detail: "Conversation not found",
    },
  };
  const expectedCalls = (): Seen[] =>
    [
      ["GET", "/v1/dev/user/conversations"],
      ["DELETE", `/v1/dev/user/conversations/${CONVERSATION.id}`],
      ["DELETE", "/v1/dev/user/conversations/missing"],
    ].map(([method, path]) => ({ method: method as string, path: path as string, authorization: `Bearer ${KEY}` }));

  // The runtime's name, then the start of the version it must report (a Node major, or any version).
  const runtimes: Array<[string, string, (url: string) => string[], string]> = [
    ...NODE_RUNTIMES.map(({ major, bin }): [string, string, (url: string) => string[], string] => [
      `node ${major}`,
      bin,
      (url) => ["consumer.mjs", url],
      `node ${major}\\.`,
    ]),
    ["bun", join(ROOT, "node_modules", ".bin", "bun"), (url) => ["consumer.mjs", url], "bun "],
    [
      "deno",
      join(ROOT, "node_modules", ".bin", "deno"),
      (url) => ["run", "--no-prompt", `--allow-net=${new URL(url).host}`, "--allow-read", "--allow-env", "consumer.mjs", url],
      "deno ",
    ],
  ];

  it.each(runtimes)(
    "%s: lists, deletes and catches NotFoundError from the installed package",
    async (_name, bin, args, version) => {
      api.seen.splice(0);
      const result = await run(bin, args(api.url), project, env);
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
      const printed = JSON.parse(result.stdout) as { runtime: string };
      expect(printed).toEqual({ ...expected, runtime: expect.stringMatching(new RegExp(`^${version}\\d+\\.\\d+`)) });
      expect(api.seen).toEqual(expectedCalls());
    },
  );

  it.each(NODE_RUNTIMES.map(({ major, bin }) => [major, bin]))(
    "node %s: runs the package's omi-export (--version, and a usage error without a key)",
    async (_major, bin) => {
      const cli = join(project, "node_modules", "omi-developer-api", "dist", "esm", "cli", "omi-export.js");
      const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };
      expect(await run(bin, [cli, "--version"], project, env)).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: "" });
      const usage = await run(bin, [cli, "--out", join(work, "unused")], project, { ...env, OMI_API_KEY: "" });
      expect(usage.code).toBe(1);
      expect(usage.stderr).toMatch(/^omi-export: no API key/);
    },
  );

  it("engines names the oldest Node proven: the one the README names for running the suite, older than those above", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { engines: { node: string } };
    const floor = Number(/^>=(\d+)$/.exec(pkg.engines.node)?.[1]);
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    expect(NODE_RUNTIMES.map(({ major }) => major)).toEqual(["22", "24", "26"]);
    expect(floor).toBeLessThanOrEqual(Math.min(...NODE_RUNTIMES.map(({ major }) => Number(major))));
    // The suite runs in the Node the README names for it (CI's), which is the floor.
    expect(readme).toContain(`Node ${floor} or newer. The mock server`);
    expect(Number(process.versions.node.split(".")[0])).toBeGreaterThanOrEqual(floor);
  });

  it("Workers (workerd through Miniflare): lists, deletes and catches NotFoundError from the installed package", async () => {
    api.seen.splice(0);
    const worker = new Miniflare({
      modules: true,
      script: await bundleIn(project, "worker.mjs", ["workerd", "worker", "browser"]),
      compatibilityDate: "2025-01-01",
      bindings: { API_BASE: api.url },
    });
    try {
      const response = await worker.dispatchFetch("http://worker.test/");
      const printed = (await response.json()) as { runtime: string };
      expect(printed).toEqual({ ...expected, runtime: "Cloudflare-Workers" });
    } finally {
      await worker.dispose();
    }
    expect(api.seen).toEqual(expectedCalls());
  });

  describe("omi-developer-api/testing: the fake through the client, in the runtime itself", () => {
    const expectedFake = {
      listed: ["created: Check the fake"],
      deleted: { success: true },
      caught: {
        outcome: "threw",
        name: "NotFoundError",
        isNotFoundError: true,
        isOmiError: true,
        status: 404,
        detail: "Action item not found",
      },
      requests: ["createActionItem 200", "listActionItems 200", "deleteActionItem 200", "deleteActionItem 404"],
      left: 0,
    };

    const fakeRuntimes: Array<[string, string, string[]]> = [
      ["node", process.execPath, ["fake-consumer.mjs"]],
      ...NODE_RUNTIMES.map(({ major, bin }): [string, string, string[]] => [`node ${major}`, bin, ["fake-consumer.mjs"]]),
      ["bun", join(ROOT, "node_modules", ".bin", "bun"), ["fake-consumer.mjs"]],
      // No permission at all: the fake needs neither the network nor the file system.
      ["deno", join(ROOT, "node_modules", ".bin", "deno"), ["run", "--no-prompt", "fake-consumer.mjs"]],
    ];

    it.each(fakeRuntimes)(
      "%s: creates, lists and deletes twice (NotFoundError) against createOmiFake",
      async (name, bin, args) => {
        const result = await run(bin, args, project, env);
        expect(result.stderr).toBe("");
        expect(result.code).toBe(0);
        // "node 22" reports "node 22.x.y"; the others their name and any version.
        const version = /^node \d+$/.test(name) ? `${name}\\.` : `${name} `;
        expect(JSON.parse(result.stdout)).toEqual({
          ...expectedFake,
          runtime: expect.stringMatching(new RegExp(`^${version}\\d+\\.\\d+`)),
        });
      },
    );

    it("Workers (workerd through Miniflare): creates, lists and deletes twice against createOmiFake", async () => {
      // The modules are named rather than found by Miniflare's scan, which refuses a computed
      // `import()` (the fake's optional `node:http` and `msw`, never loaded here); workerd runs it.
      const worker = new Miniflare({
        modulesRoot: project,
        modules: [
          {
            type: "ESModule",
            path: join(project, "fake-worker.mjs"),
            contents: await bundleIn(project, "fake-worker.mjs", ["workerd", "worker", "browser"]),
          },
        ],
        compatibilityDate: "2025-01-01",
      });
      try {
        const response = await worker.dispatchFetch("http://worker.test/");
        expect(await response.json()).toEqual({ ...expectedFake, runtime: "Cloudflare-Workers" });
      } finally {
        await worker.dispose();
      }
    });

    it("Chromium: a page bundled for the browser creates, lists and deletes twice against createOmiFake", async () => {
      const script = await bundleIn(project, "fake-page.mjs", ["browser"]);
      // Nothing Node-only in the page: the fake's loopback listener loads node:http only when called.
      expect(script).not.toMatch(/\bfrom\s*["']node:|require\(["']node:/);
      const chromium = await launchChromium();
      const pageServer = await servePage(FAKE_PAGE, script).catch(async (error: unknown) => {
        await chromium.close();
        throw error;
      });
      try {
        const page = await chromium.context.newPage();
        const pageErrors: string[] = [];
        const requests: string[] = [];
        page.on("pageerror", (error) => pageErrors.push(`${error.name}: ${error.message}`));
        page.on("request", (request) => requests.push(request.url()));
        await page.goto(`${pageServer.origin}/`);
        await page.waitForSelector("body[data-result]", { state: "attached", timeout: 60_000 });
        const result = JSON.parse((await page.locator("body").getAttribute("data-result")) ?? "{}") as unknown;
        expect(result).toEqual({ ...expectedFake, runtime: expect.stringMatching(/^chromium \d+\.\d+/) });
        expect(pageErrors).toEqual([]);
        // The page and its script only: the fake answered inside the page.
        expect(requests).toEqual([`${pageServer.origin}/`, `${pageServer.origin}/main.js`]);
      } finally {
        await Promise.allSettled([chromium.close(), pageServer.stop()]);
      }
    });
  });
});
