/**
 * Refreshing a finished export in-process, against a fake account that
 * changes between runs: the mirror ends exact, every change is logged once, a
 * refresh cut short (interrupted, failed, crashed while applied) leaves the
 * old mirror and completes on the next run, and a listing not read whole
 * counts nothing as removed.
 */
import fs, { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createOmiClient, OmiInvalidResponseError, RateLimitError } from "../../../src/index.js";
import { parseSince, type ExportOptions } from "../../../cli/export/args.js";
import { prepareCheckpoint, readCheckpoint } from "../../../cli/export/checkpoint.js";
import { runExport } from "../../../cli/export/exporter.js";
import type { PageProgress, ProgressReporter } from "../../../cli/export/progress.js";
import { CHANGES_FILE, type ChangeRecord } from "../../../cli/export/refresh.js";
import { RESOURCE_NAMES, RESOURCES, type ResourceName } from "../../../cli/export/resources.js";
import { fakeAccount, fakeItem, type FakeAccount, type FakeList } from "../support/fake-account.js";
import { readJsonl } from "../support/jsonl.js";

const KEY = "omi_dev_refresh0000000000000000000000";
const AT = "2026-01-02T03:04:05.000Z";

function reporter(onPage: (event: PageProgress) => void = () => {}): ProgressReporter & { warnings: string[] } {
  const warnings: string[] = [];
  const nothing = () => {};
  return {
    warnings,
    start: nothing,
    page: onPage,
    skip: nothing,
    done: nothing,
    warn: (message) => warnings.push(message),
    log: nothing,
    finish: nothing,
  };
}

describe("refreshing a finished export", () => {
  let account: FakeAccount;
  let out: string;
  const options = (extra: Partial<ExportOptions> = {}): ExportOptions => ({
    out,
    since: undefined,
    only: [...RESOURCE_NAMES],
    transcripts: false,
    output: "quiet",
    apiKey: KEY,
    baseUrl: "http://omi.test",
    pace: false,
    restart: false,
    ...extra,
  });
  const run = (opts = options(), progress = reporter(), signal = new AbortController().signal) =>
    runExport({
      omi: createOmiClient({ apiKey: KEY, baseUrl: "http://omi.test", fetch: account.fetch, logLevel: "off", maxRetries: 0 }),
      options: opts,
      checkpoint: prepareCheckpoint(opts),
      reporter: progress,
      signal,
      now: () => Date.parse(AT),
    });
  const file = (name: FakeList) => join(out, `${name}.jsonl`);
  const changes = (): ChangeRecord[] => readJsonl(join(out, CHANGES_FILE)) as unknown as ChangeRecord[];
  const expectMirrorExact = (names: readonly FakeList[] = RESOURCE_NAMES) => {
    for (const name of names) expect(readJsonl(file(name))).toEqual(account.lists[name]);
  };
  const change = (resource: ResourceName, id: string, kind: ChangeRecord["change"]): ChangeRecord => ({
    at: AT,
    resource,
    id,
    change: kind,
  });
  const byId = (records: ChangeRecord[]) =>
    [...records].sort((a, b) => `${a.resource}/${a.id}`.localeCompare(`${b.resource}/${b.id}`));

  /** Adds, edits and removes items of every list; returns the change lines a refresh must log. */
  function changeAccount(): ChangeRecord[] {
    account.lists.conversations.unshift(fakeItem("conversations", 900), fakeItem("conversations", 901));
    account.lists.conversations.splice(150, 0, fakeItem("conversations", 902));
    account.edit("conversations", "conversations-00007", { structured: { title: "Renamed", overview: "", category: "work" } });
    account.remove("conversations", "conversations-00003", "conversations-00199", "conversations-00250");
    account.edit("memories", "memories-00010", { content: "Edited memory" });
    account.remove("memories", "memories-00001");
    account.lists["action-items"].push(fakeItem("action-items", 500));
    account.edit("action-items", "action-items-00002", { completed: true });
    account.lists["daily-summaries"].unshift(fakeItem("daily-summaries", 900));
    account.remove("goals", "goals-00004");
    account.edit("folders", "folders-00001", { name: "Renamed folder" });
    return [
      change("daily-summaries", "daily-summaries-00900", "added"),
      change("conversations", "conversations-00900", "added"),
      change("conversations", "conversations-00901", "added"),
      change("conversations", "conversations-00902", "added"),
      change("conversations", "conversations-00007", "updated"),
      change("conversations", "conversations-00003", "removed"),
      change("conversations", "conversations-00199", "removed"),
      change("conversations", "conversations-00250", "removed"),
      change("memories", "memories-00010", "updated"),
      change("memories", "memories-00001", "removed"),
      change("action-items", "action-items-00500", "added"),
      change("action-items", "action-items-00002", "updated"),
      change("goals", "goals-00004", "removed"),
      change("folders", "folders-00001", "updated"),
    ];
  }

  beforeEach(() => {
    account = fakeAccount({ conversations: 450, memories: 30, "action-items": 20, "daily-summaries": 12, goals: 6, folders: 2 });
    out = mkdtempSync(join(tmpdir(), "omi-refresh-"));
  });
  afterEach(() => {
    jest.restoreAllMocks();
    rmSync(out, { recursive: true, force: true });
  });

  it("makes the mirror exact again after items were added, edited and removed, and logs every change once", async () => {
    const first = await run();
    expect(first.status).toBe("complete");
    expectMirrorExact();
    expect(existsSync(join(out, CHANGES_FILE))).toBe(false);

    const expected = changeAccount();
    const second = await run();
    expect(second.status).toBe("complete");
    expectMirrorExact();
    expect(byId(changes())).toEqual(byId(expected));
    expect(Object.fromEntries(second.results.map((result) => [result.resource, result.changes]))).toEqual({
      conversations: { added: 3, updated: 1, removed: 3 },
      memories: { added: 0, updated: 1, removed: 1 },
      "action-items": { added: 1, updated: 1, removed: 0 },
      "daily-summaries": { added: 1, updated: 0, removed: 0 },
      goals: { added: 0, updated: 0, removed: 1 },
      folders: { added: 0, updated: 1, removed: 0 },
    });
    expect(second.results.map((result) => result.items)).toEqual(RESOURCE_NAMES.map((name) => account.lists[name].length));
    expect(readdirNames()).toEqual(
      [".omi-export-checkpoint.json", CHANGES_FILE, ...RESOURCE_NAMES.map((n) => `${n}.jsonl`)].sort(),
    );

    // Nothing changed: nothing logged, the same files.
    const third = await run();
    expect(third.results.every((result) => result.changes?.added === 0 && result.changes.removed === 0)).toBe(true);
    expect(changes()).toHaveLength(expected.length);
    expectMirrorExact();
  });

  it("does not count an item whose fields only come in another order as updated", async () => {
    await run(options({ only: ["memories"] }));
    const [memory] = account.lists.memories;
    account.lists.memories[0] = Object.fromEntries(Object.entries(memory ?? {}).reverse()) as typeof memory & object;
    const second = await run(options({ only: ["memories"] }));
    expect(second.results[0]?.changes).toEqual({ added: 0, updated: 0, removed: 0 });
  });

  it("leaves the previous mirror whole when a refresh is interrupted midway, and completes it on the next run", async () => {
    await run();
    const before = Object.fromEntries(RESOURCE_NAMES.map((name) => [name, readFileSync(file(name))]));
    const expected = changeAccount();
    const controller = new AbortController();
    const interrupted = await run(
      options(),
      reporter((event) => event.resource === "conversations" && event.page === 2 && controller.abort()),
      controller.signal,
    );
    expect(interrupted.status).toBe("interrupted");
    for (const name of RESOURCE_NAMES) expect(readFileSync(file(name))).toEqual(before[name]);
    expect(existsSync(join(out, CHANGES_FILE))).toBe(false);
    expect(readCheckpoint(out)?.resources.conversations).toMatchObject({
      done: false,
      pages: 2,
      refresh: { keepUnlisted: false },
    });

    // More changes before the next run, on a page the interrupted listing had read: the next run lists again and sees them.
    account.remove("conversations", "conversations-00240");
    const requestsBefore = account.requests.length;
    const resumed = await run();
    expect(resumed.status).toBe("complete");
    expectMirrorExact();
    expect(byId(changes())).toEqual(byId([...expected, change("conversations", "conversations-00240", "removed")]));
    // The listing started over (the interrupted one had read two pages).
    const offsets = account.requests
      .slice(requestsBefore)
      .filter((request) => request.url.includes("/conversations"))
      .map((request) => new URL(request.url).searchParams.get("offset"));
    expect(offsets[0]).toBe("0");
  });

  it.each([
    ["a rate limit", { status: 429 }, RateLimitError],
    ["a body cut short", "truncated" as const, OmiInvalidResponseError],
  ])("counts nothing as removed when a listing fails midway (%s), and the next run completes it", async (_, kind, errorClass) => {
    await run();
    const before = readFileSync(file("conversations"));
    const expected = changeAccount();
    account.fault = { list: "conversations", after: 1, kind };
    const failed = await run();
    expect(failed.status).toBe("failed");
    expect(failed.error).toBeInstanceOf(errorClass);
    expect(readFileSync(file("conversations"))).toEqual(before);
    expect(existsSync(join(out, CHANGES_FILE))).toBe(false);

    account.fault = undefined;
    const next = await run();
    expect(next.status).toBe("complete");
    expectMirrorExact();
    expect(byId(changes())).toEqual(byId(expected));
  });

  it("with --since, updates and adds but removes nothing", async () => {
    const since = parseSince("2024-12-31T00:00:00Z"); // the 24 newest of each list
    const opts = options({ since, only: ["conversations", "memories"] });
    await run(opts);
    const kept = (name: FakeList) =>
      account.lists[name].filter((item) => Date.parse(String(item.created_at)) >= since.ms).map((item) => item.id);
    expect(readJsonl(file("memories")).map((item) => item.id)).toEqual(kept("memories"));
    account.remove("memories", "memories-00002");
    account.edit("memories", "memories-00005", { content: "Edited" });
    account.lists.memories.unshift({ ...fakeItem("memories", 700), created_at: "2025-06-01T00:00:00.000Z" });
    const second = await run(opts);
    expect(second.results.find((result) => result.resource === "memories")?.changes).toEqual({
      added: 1,
      updated: 1,
      removed: 0,
    });
    const ids = readJsonl(file("memories")).map((item) => item.id);
    expect(ids).toEqual([...kept("memories"), "memories-00002"]);
    expect(readJsonl(file("memories")).find((item) => item.id === "memories-00005")?.content).toBe("Edited");
    expect(changes().some((record) => record.change === "removed")).toBe(false);
  });

  it("logs the changes once when the process dies while applying a refresh, before or after the rename", async () => {
    await run();
    const expected = changeAccount();
    const rename = fs.renameSync;
    // Dies once just before renaming the conversations listing over the mirror, once just after.
    let crashes = 0;
    jest.spyOn(fs, "renameSync").mockImplementation((from, to) => {
      if (String(from).endsWith(".conversations.jsonl.refreshing")) {
        crashes += 1;
        if (crashes === 1) throw new Error("simulated crash before the rename");
        rename(from, to);
        if (crashes === 2) throw new Error("simulated crash after the rename");
        return;
      }
      rename(from, to);
    });
    const before = readFileSync(file("conversations"));
    expect((await run()).status).toBe("failed");
    expect(readFileSync(file("conversations"))).toEqual(before);
    const failedAfter = await run();
    expect(failedAfter.status).toBe("failed");
    expect(readJsonl(file("conversations"))).toEqual(account.lists.conversations);
    const last = await run();
    expect(last.status).toBe("complete");
    expect(last.results[0]?.changes).toEqual({ added: 3, updated: 1, removed: 3 });
    expectMirrorExact();
    expect(byId(changes())).toEqual(byId(expected));
  });

  it("counts nothing as removed from a goals list at the server's cap (it may hold more), and warns", async () => {
    account = fakeAccount({ goals: 1000 });
    await run(options({ only: ["goals"] }));
    account.remove("goals", "goals-00001");
    account.lists.goals.push(fakeItem("goals", 1001));
    const progress = reporter();
    const second = await run(options({ only: ["goals"] }), progress);
    expect(second.results[0]?.changes).toEqual({ added: 1, updated: 0, removed: 0 });
    expect(progress.warnings).toEqual([expect.stringMatching(/^goals: the server returned 1000 goals/)]);
    expect(readJsonl(file("goals")).map((item) => item.id)).toContain("goals-00001");
  });

  it("names each change by its resource, which is its file's name without .jsonl (for every row of the table)", () => {
    for (const resource of RESOURCES) expect(resource.file).toBe(`${resource.name}.jsonl`);
  });

  function readdirNames(): string[] {
    return fs.readdirSync(out).sort();
  }
});
