/** `main` in-process for what needs no server: help, usage errors, a bad key, a checkpoint of other options. */
import { EventEmitter } from "node:events";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HELP_TEXT } from "../../../cli/export/args.js";
import { main, type CliIo } from "../../../cli/export/main.js";
import { prepareCheckpoint } from "../../../cli/export/checkpoint.js";
import { parseSince } from "../../../cli/export/args.js";
import { recordingSink, type RecordingSink } from "./progress/sink.js";

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
    expect(none.stderr.text).toMatch(/no API key/);
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
