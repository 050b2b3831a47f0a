/** `main` in-process, run twice on one directory against a fake account on a loopback port: what a refresh prints, and --header. */
import { EventEmitter } from "node:events";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main, type CliIo } from "../../../cli/export/main.js";
import { fakeAccount, fakeItem, type FakeAccount } from "../support/fake-account.js";
import { readJsonl } from "../support/jsonl.js";
import { recordingSink, type RecordingSink } from "./progress/sink.js";

const KEY = "omi_dev_mainrefresh000000000000000000";

function io(): CliIo & { stdout: RecordingSink; stderr: RecordingSink } {
  return { stdout: recordingSink(), stderr: recordingSink(), signals: new EventEmitter(), exit: () => {} };
}

describe("main, refreshing", () => {
  let account: FakeAccount;
  let server: { url: string; close(): Promise<void> };
  let out: string;
  const runMain = async (...flags: string[]) => {
    const streams = io();
    const code = await main(["--out", out, "--base-url", server.url, ...flags], { OMI_API_KEY: KEY }, streams);
    return { code, stdout: streams.stdout.text, stderr: streams.stderr.text };
  };
  const changeAccount = () => {
    account.lists.conversations.unshift(fakeItem("conversations", 900));
    account.edit("memories", "memories-00002", { content: "Edited" });
    account.remove("goals", "goals-00001");
  };

  beforeEach(async () => {
    account = fakeAccount({ conversations: 120, memories: 5, "action-items": 3, goals: 2, folders: 1 });
    server = await account.listen();
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
      ["conversations", "conversations-00900", "added"],
      ["memories", "memories-00002", "updated"],
      ["goals", "goals-00001", "removed"],
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
    account.remove("folders", "folders-00001");
    const quiet = await runMain("-q");
    expect(quiet).toEqual({ code: 0, stdout: "", stderr: "" });
    expect(readFileSync(join(out, "folders.jsonl"), "utf8")).toBe("");
  });

  it("exits 4 on a rate limit during a refresh, counting nothing as removed, as it did during an export", async () => {
    await runMain("-q");
    const before = readFileSync(join(out, "conversations.jsonl"));
    account.remove("conversations", "conversations-00001");
    account.fault = { list: "conversations", after: 1, kind: { status: 429 } };
    const limited = await runMain("-q");
    expect(limited.code).toBe(4);
    expect(limited.stderr).toMatch(/^omi-export: Rate limited by the server/);
    expect(readFileSync(join(out, "conversations.jsonl"))).toEqual(before);
  });

  it("sends each --header with every request, masks its value in what it prints, and refuses Authorization (exit 1)", async () => {
    const token = "proxy-secret-0123456789";
    const result = await runMain("--only", "folders", "--header", `X-Proxy-Token: ${token}`, "--header", "Prefer: example=end");
    expect(result.code).toBe(0);
    expect(account.requests.map((request) => request.headers.get("x-proxy-token"))).toEqual([token]);
    expect(account.requests[0]?.headers.get("prefer")).toBe("example=end");
    expect(account.requests[0]?.headers.get("authorization")).toBe(`Bearer ${KEY}`);
    // The value does not reach the output, even if the server echoes it in an error.
    account.fault = { list: "folders", kind: { status: 400, detail: `unknown token ${token}` } };
    const failed = await runMain("--only", "folders", "--header", `X-Proxy-Token: ${token}`);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain("unknown token proxy-…6789");
    expect(failed.stderr).not.toContain(token);
    const refused = await runMain("--header", "Authorization: Bearer omi_dev_other0000000000000000000000");
    expect(refused).toEqual({
      code: 1,
      stdout: "",
      stderr: "omi-export: --header: Authorization cannot be set; the key comes from OMI_API_KEY or --api-key\n",
    });
  });
});
