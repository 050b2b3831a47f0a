/**
 * `main` in-process: what needs no server (help, usage errors, a bad key, a checkpoint of other
 * options); run twice on one directory against a fake account on a loopback port (what a refresh
 * prints, and --header); then what it wires: the client's options, signals, masking secrets.
 */
import { EventEmitter } from "node:events";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createOmiClient } from "../../../src/index.js";
import { HELP_TEXT, parseSince, type ExportOptions } from "../../../cli/export/args.js";
import { prepareCheckpoint } from "../../../cli/export/checkpoint.js";
import { exportClientOptions, main, watchInterruptions, type CliIo } from "../../../cli/export/main.js";
import { RESOURCE_NAMES } from "../../../cli/export/resources.js";
import { createOmiFake, type OmiFake } from "../../../src/testing/index.js";
import { readJsonl } from "../support/jsonl.js";
import { recordingSink, type RecordingSink } from "../support/recording-sink.js";

const KEY = "omi_dev_main0000000000000000000000000";
// A port fetch refuses to use: any request would fail at once (exit 3), which the tests using it never expect.
const UNUSED_BASE = "http://127.0.0.1:9";

/** The URL of a loopback port nothing listens on (connection refused). */
async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}

function io(): CliIo & { stdout: RecordingSink; stderr: RecordingSink; exits: number[] } {
  const exits: number[] = [];
  return {
    stdout: recordingSink(),
    stderr: recordingSink(),
    signals: new EventEmitter(),
    exit: (code) => exits.push(code),
    exits,
  };
}

describe("main", () => {
  let out: string;
  beforeEach(() => {
    out = mkdtempSync(join(tmpdir(), "omi-main-"));
  });
  afterEach(() => rmSync(out, { recursive: true, force: true }));

  it("prints the help on stdout and exits 0", async () => {
    const streams = io();
    await expect(main(["--help"], {}, streams)).resolves.toBe(0);
    expect(streams.stdout.text).toBe(HELP_TEXT);
    expect(streams.stderr.text).toBe("");
    // --pace learns each group's budget from the server's 429 headers (the spec's figures are not production's).
    const pace = HELP_TEXT.slice(HELP_TEXT.indexOf("--pace"), HELP_TEXT.indexOf("--restart")).replace(/\s+/g, " ");
    expect(pace).toMatch(/429/);
    expect(pace).toMatch(/X-RateLimit-Limit/);
    expect(pace).not.toMatch(/documented/);
  });

  it("prints the package's version with --version and exits 0, needing no key", async () => {
    const streams = io();
    await expect(main(["--version"], {}, streams)).resolves.toBe(0);
    const pkg = JSON.parse(readFileSync(join(__dirname, "../../../package.json"), "utf8")) as { version: string };
    expect(streams.stdout.text).toBe(`${pkg.version}\n`);
    expect(streams.stderr.text).toBe("");
    expect(HELP_TEXT).toMatch(/^\s+--version\s+Print the version/m);
  });

  it("exits 1 with a short message on stderr for a usage error", async () => {
    const streams = io();
    await expect(main(["--since", "2025-13-45"], { OMI_API_KEY: KEY }, streams)).resolves.toBe(1);
    expect(streams.stderr.text).toBe("omi-export: --out DIR is required\n");
    const bad = io();
    await expect(main(["--out", out, "--since", "2025-13-45"], { OMI_API_KEY: KEY }, bad)).resolves.toBe(1);
    expect(bad.stderr.text).toMatch(/^omi-export: --since is not a real date/);
  });

  it("exits 1 without a key, and 2 with a malformed or wrong kind of key, never printing it", async () => {
    const none = io();
    await expect(main(["--out", out], {}, none)).resolves.toBe(1);
    expect(none.stderr.text).toMatch(/no API key: .*\(a developer key, omi_dev_…\)\n$/);
    const mcp = "omi_mcp_abcdefghijklmnopqrstuvwxyz0123";
    for (const key of [mcp, "omi_dev_short", "sk-abcdefghijklmnopqrstuvwxyz"]) {
      const streams = io();
      await expect(main(["--out", out, "--base-url", UNUSED_BASE], { OMI_API_KEY: key }, streams)).resolves.toBe(2);
      expect(streams.stderr.text).toMatch(/^omi-export: The API key is/);
      expect(streams.stderr.text).not.toContain(key);
    }
    expect(readdirSync(out)).toEqual([]);
  });

  it("refuses to resume a checkpoint made with another --since (exit 1) before sending anything", async () => {
    prepareCheckpoint({
      out,
      since: parseSince("2025-01-01"),
      only: ["goals"],
      transcripts: false,
      output: "quiet",
      apiKey: KEY,
      baseUrl: undefined,
      pace: false,
      restart: false,
    });
    const streams = io();
    await expect(main(["--out", out, "--only", "goals", "--base-url", UNUSED_BASE], { OMI_API_KEY: KEY }, streams)).resolves.toBe(
      1,
    );
    expect(streams.stderr.text).toMatch(/other options \(--since 2025-01-01T00:00:00.000Z there, \(none\) now\).*--restart/);
  });

  it("exits 3 when the server cannot be reached (after the client's retries), leaving a resumable checkpoint", async () => {
    const streams = io();
    const code = await main(
      ["--out", out, "--only", "folders", "--json", "--base-url", await closedPortUrl()],
      { OMI_API_KEY: KEY },
      streams,
    );
    expect(code).toBe(3);
    const lines = streams.stderr.text.trimEnd().split("\n");
    expect(lines.filter((line) => line.startsWith("omi: retrying GET /v1/dev/user/folders"))).toHaveLength(2);
    expect(lines.at(-1)).toMatch(
      /^omi-export: Server or network error: GET \/v1\/dev\/user\/folders \(listFolders\): Could not connect .*run the same command again to resume\.$/,
    );
    expect(JSON.parse(streams.stdout.text)).toMatchObject({ type: "summary", status: "failed", exitCode: 3 });
    expect(readdirSync(out)).toContain(".omi-export-checkpoint.json");
  }, 20_000);
});

const REFRESH_KEY = "omi_dev_mainrefresh000000000000000000";

describe("main, refreshing", () => {
  let fake: OmiFake;
  let server: { url: string; close(): Promise<void> };
  let added: string;
  let edited: string;
  let removed: string;
  let out: string;
  const runMain = async (...flags: string[]) => {
    const streams = io();
    const code = await main(["--out", out, "--base-url", server.url, ...flags], { OMI_API_KEY: REFRESH_KEY }, streams);
    return { code, stdout: streams.stdout.text, stderr: streams.stderr.text };
  };
  /** A new conversation (the newest), an edited memory, a goal gone. */
  const changeAccount = () => {
    const [newest] = fake.state.conversations;
    // In no folder: a folder's conversation_count would change (an update of the folder).
    fake.state.conversations.push({
      ...structuredClone(newest!),
      id: added,
      created_at: "2027-01-01T00:00:00.000000Z",
      folder_id: null,
      folder_name: null,
    });
    fake.state.memories.find((memory) => memory.id === edited)!.content = "Edited";
    fake.state.goals = fake.state.goals.filter((goal) => goal.id !== removed);
  };

  beforeEach(async () => {
    fake = createOmiFake({
      apiKey: REFRESH_KEY,
      generate: { seed: 11, conversations: 120, memories: 5, actionItems: 3, goals: 2, folders: 1 },
    });
    added = "conversation-added";
    edited = fake.state.memories[1]!.id;
    removed = fake.state.goals[0]!.id;
    server = await fake.listen();
    out = mkdtempSync(join(tmpdir(), "omi-main-refresh-"));
  });
  afterEach(async () => {
    await server.close();
    rmSync(out, { recursive: true, force: true });
  });

  it("prints a one-line summary of the changes per resource after a refresh (plain lines off a terminal)", async () => {
    const first = await runMain();
    expect(first.code).toBe(0);
    expect(first.stderr.trimEnd().split("\n").at(-1)).toMatch(/^Export complete: 131 items in /);
    changeAccount();
    const second = await runMain();
    expect(second.code).toBe(0);
    expect(second.stdout).toBe("");
    const lines = second.stderr.trimEnd().split("\n");
    expect(lines.at(-1)).toMatch(
      /^Refresh complete: conversations 1 added, 0 updated, 0 removed; memories 0 added, 1 updated, 0 removed; action-items unchanged; daily-summaries unchanged; goals 0 added, 0 updated, 1 removed; folders unchanged; 131 items in .* \(\d/,
    );
    expect(lines[0]).toMatch(/^conversations: 121 items, 1 added, 0 updated, 0 removed, in 1 page → /);
    expect(readJsonl(join(out, "changes.jsonl")).map((line) => [line.resource, line.id, line.change])).toEqual([
      ["conversations", added, "added"],
      ["memories", edited, "updated"],
      ["goals", removed, "removed"],
    ]);
  });

  it("--json gives the changes in the summary line, --quiet prints nothing", async () => {
    expect((await runMain("--quiet")).code).toBe(0);
    changeAccount();
    const json = await runMain("--json");
    expect(json.code).toBe(0);
    const summary = JSON.parse(json.stdout.trimEnd().split("\n").at(-1) ?? "") as Record<string, unknown>;
    expect(summary).toMatchObject({
      type: "summary",
      status: "complete",
      changes: { added: 1, updated: 1, removed: 1 },
      resources: {
        conversations: { items: 121, changes: { added: 1, updated: 0, removed: 0 } },
        goals: { items: 1, changes: { added: 0, updated: 0, removed: 1 } },
      },
    });
    fake.state.folders.splice(0);
    const quiet = await runMain("-q");
    expect(quiet).toEqual({ code: 0, stdout: "", stderr: "" });
    expect(readFileSync(join(out, "folders.jsonl"), "utf8")).toBe("");
  });

  it("exits 4 on a rate limit during a refresh, counting nothing as removed, as it did during an export", async () => {
    await runMain("-q");
    const before = readFileSync(join(out, "conversations.jsonl"));
    fake.state.conversations.shift();
    fake.inject({
      operationId: "listConversations",
      skip: 1,
      times: Infinity,
      status: 429,
      headers: { "retry-after": "3600" },
      body: { detail: "Rate limit exceeded. Try again in 3600s." },
    });
    const limited = await runMain("-q");
    expect(limited.code).toBe(4);
    expect(limited.stderr).toMatch(/^omi-export: Rate limited by the server/);
    expect(readFileSync(join(out, "conversations.jsonl"))).toEqual(before);
  });

  it("sends each --header with every request, redacts its value in what it prints, and refuses Authorization (exit 1)", async () => {
    const token = "proxy-secret-0123456789";
    const result = await runMain("--only", "folders", "--header", `X-Proxy-Token: ${token}`, "--header", "Prefer: example=end");
    expect(result.code).toBe(0);
    expect(fake.requests.map((request) => request.headers["x-proxy-token"])).toEqual([token]);
    expect(fake.requests[0]?.headers.prefer).toBe("example=end");
    // Authenticated with the key (the fake keeps which key, never the secret).
    expect(fake.requests[0]?.keyId).toBe(fake.state.apiKeys.find((key) => key.key === REFRESH_KEY)?.id);
    // Neither the value nor the key reaches the output, even if the server echoes them in an error.
    fake.inject({ operationId: "listFolders", status: 400, body: { detail: `unknown token ${token} for ${REFRESH_KEY}` } });
    const failed = await runMain("--only", "folders", "--header", `X-Proxy-Token: ${token}`);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain("unknown token [REDACTED] for [REDACTED]");
    expect(failed.stderr + failed.stdout).not.toContain(token);
    expect(failed.stderr + failed.stdout).not.toContain(REFRESH_KEY);
    const refused = await runMain("--header", "Authorization: Bearer omi_dev_other0000000000000000000000");
    expect(refused).toEqual({
      code: 1,
      stdout: "",
      stderr: "omi-export: --header: Authorization cannot be set; the key comes from OMI_API_KEY or --api-key\n",
    });
  });
});

const base: ExportOptions = {
  out: "d",
  since: undefined,
  only: [...RESOURCE_NAMES],
  transcripts: false,
  output: "auto",
  apiKey: "omi_dev_clientoptions000000000000000",
  baseUrl: undefined,
  pace: false,
  restart: false,
};

describe("exportClientOptions", () => {
  it("with --pace, paces by the budgets and waits out any Retry-After of an hourly budget instead of stopping", () => {
    const paced = exportClientOptions({ ...base, pace: true }, () => {});
    expect(paced.rateLimit).toBe(true);
    expect(paced.maxRetryDelayMs).toBeGreaterThanOrEqual(3_600_000);
    expect(paced.maxRetries).toBeGreaterThan(2);
    expect(() => createOmiClient(paced)).not.toThrow();
  });

  it("without --pace, keeps the client's defaults (a long Retry-After stops the export with exit 4)", () => {
    const plain = exportClientOptions(base, () => {});
    expect(plain).not.toHaveProperty("rateLimit");
    expect(plain).not.toHaveProperty("maxRetryDelayMs");
    expect(plain).not.toHaveProperty("baseUrl");
    expect(exportClientOptions({ ...base, output: "quiet", baseUrl: "http://127.0.0.1:1" }, () => {})).toMatchObject({
      logLevel: "off",
      baseUrl: "http://127.0.0.1:1",
    });
  });

  it("hands the client's log lines to the given sink", () => {
    const lines: string[] = [];
    exportClientOptions(base, (line) => lines.push(line)).logger?.warn("retrying", { attempt: 1 });
    expect(lines).toEqual(['retrying {"attempt":1}']);
  });
});

describe("watchInterruptions", () => {
  it("aborts on the first SIGINT or SIGTERM and calls onSecond on the next, then lets go", () => {
    const target = new EventEmitter();
    const onSecond = jest.fn();
    const interruption = watchInterruptions(target, onSecond);
    expect(interruption.signal.aborted).toBe(false);
    target.emit("SIGTERM");
    expect(interruption.signal.aborted).toBe(true);
    expect(onSecond).not.toHaveBeenCalled();
    target.emit("SIGINT");
    expect(onSecond).toHaveBeenCalledTimes(1);
    interruption.dispose();
    expect(target.listenerCount("SIGINT") + target.listenerCount("SIGTERM")).toBe(0);
  });
});
