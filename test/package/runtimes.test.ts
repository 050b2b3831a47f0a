/**
 * The packed package in Bun, in Deno and in Cloudflare's Workers runtime (workerd,
 * through Miniflare), all installed from npm as dev dependencies: a script imports
 * it by name, lists conversations, deletes one and catches the typed NotFoundError
 * of a 404, against a small HTTP server in this process (real `fetch` of each
 * runtime, real sockets). For Workers the script is a module worker, bundled by
 * esbuild with the conditions a Workers bundler uses, as a Workers app is. The scratch project holds
 * the tarball's files under `node_modules/omi-developer-api` and the runtime
 * dependency (openapi-fetch, and what it needs) copied from this repository's
 * `node_modules`, so that no runtime installs anything from the network.
 */
import { spawn } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { Miniflare } from "miniflare";
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

// Bare specifier, as a user writes it; run as ESM in both runtimes.
const CONSUMER = `import { createOmiClient, NotFoundError, OmiError } from "omi-developer-api";
const baseUrl = typeof Deno === "object" ? Deno.args[0] : process.argv[2];
const runtime = typeof Deno === "object" ? "deno " + Deno.version.deno : typeof Bun === "object" ? "bun " + Bun.version : "other";
const omi = createOmiClient({ apiKey: "${KEY}", baseUrl, maxRetries: 0, logLevel: "off" });
const listed = await omi.conversations.list({ limit: 5 });
const deleted = await omi.conversations.delete(listed[0].id);
let caught;
try {
  await omi.conversations.delete("missing");
  caught = { outcome: "resolved" };
} catch (error) {
  caught = {
    outcome: "threw",
    name: error.name,
    isNotFoundError: error instanceof NotFoundError,
    isOmiError: error instanceof OmiError,
    status: error.status,
    detail: error.detail,
  };
}
console.log(JSON.stringify({ runtime, listed: listed.map((c) => c.id), deleted, caught }));
`;

// The same calls in a module worker; the API's URL comes as a binding.
const WORKER = `import { createOmiClient, NotFoundError, OmiError } from "omi-developer-api";
export default {
  async fetch(request, env) {
    const omi = createOmiClient({ apiKey: "${KEY}", baseUrl: env.API_BASE, maxRetries: 0, logLevel: "off" });
    const listed = await omi.conversations.list({ limit: 5 });
    const deleted = await omi.conversations.delete(listed[0].id);
    let caught;
    try {
      await omi.conversations.delete("missing");
      caught = { outcome: "resolved" };
    } catch (error) {
      caught = {
        outcome: "threw",
        name: error.name,
        isNotFoundError: error instanceof NotFoundError,
        isOmiError: error instanceof OmiError,
        status: error.status,
        detail: error.detail,
      };
    }
    return Response.json({ runtime: navigator.userAgent, listed: listed.map((c) => c.id), deleted, caught });
  },
};
`;

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

  const runtimes: Array<[string, string, (url: string) => string[]]> = [
    ["bun", join(ROOT, "node_modules", ".bin", "bun"), (url) => ["consumer.mjs", url]],
    [
      "deno",
      join(ROOT, "node_modules", ".bin", "deno"),
      (url) => ["run", "--no-prompt", `--allow-net=${new URL(url).host}`, "--allow-read", "--allow-env", "consumer.mjs", url],
    ],
  ];

  it.each(runtimes)("%s: lists, deletes and catches NotFoundError from the installed package", async (name, bin, args) => {
    api.seen.splice(0);
    const result = await run(bin, args(api.url), project, env);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const printed = JSON.parse(result.stdout) as { runtime: string };
    expect(printed).toEqual({ ...expected, runtime: expect.stringMatching(new RegExp(`^${name} \\d+\\.\\d+\\.\\d+`)) });
    expect(api.seen).toEqual(expectedCalls());
  });

  it("Workers (workerd through Miniflare): lists, deletes and catches NotFoundError from the installed package", async () => {
    api.seen.splice(0);
    const bundled = await build({
      entryPoints: [join(project, "worker.mjs")],
      absWorkingDir: project,
      bundle: true,
      format: "esm",
      platform: "browser",
      conditions: ["workerd", "worker", "browser"],
      write: false,
      logLevel: "silent",
    });
    const [output] = bundled.outputFiles;
    if (!output) throw new Error("esbuild produced no worker bundle");
    const worker = new Miniflare({
      modules: true,
      script: output.text,
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
});
