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
import { createOmiFake, type FakeConversation, type OmiFake } from "../../../src/testing/index.js";
import { listed, listedIds } from "../../support/fake-lists.js";
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

/**
 * A fake account with 450 conversations, 30 memories, 20 action items, 12 daily summaries, 6
 * goals and 2 folders, none locked. Conversations are filed in no folder, so that a folder's
 * `conversation_count` (an update of the folder) changes only when a test changes it.
 */
function account(): OmiFake {
  const fake = createOmiFake({
    apiKey: KEY,
    generate: { seed: 21, conversations: 450, memories: 30, actionItems: 20, dailySummaries: 12, goals: 6, folders: 2 },
  });
  for (const conversation of fake.state.conversations) Object.assign(conversation, { folder_id: null, folder_name: null });
  return fake;
}

/** A copy of `item` with another id (and what else `changes` says). */
function copyOf<T extends { id?: string | null }>(item: T | undefined, id: string, changes: Partial<T> = {}): T {
  if (!item) throw new Error("nothing to copy");
  return { ...structuredClone(item), id, ...changes };
}

describe("refreshing a finished export", () => {
  let fake: OmiFake;
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
      omi: createOmiClient({ apiKey: KEY, baseUrl: "http://omi.test", fetch: fake.fetch, logLevel: "off", maxRetries: 0 }),
      options: opts,
      checkpoint: prepareCheckpoint(opts),
      reporter: progress,
      signal,
      now: () => Date.parse(AT),
    });
  const file = (name: ResourceName) => join(out, `${name}.jsonl`);
  const changes = (): ChangeRecord[] => readJsonl(join(out, CHANGES_FILE)) as unknown as ChangeRecord[];
  const expectMirrorExact = async (names: readonly ResourceName[] = RESOURCE_NAMES) => {
    for (const name of names) expect(readJsonl(file(name))).toEqual(await listed(fake, name));
  };
  /** The id of the `index`-th item (from 0) the server lists. */
  const nth = async (name: ResourceName, index: number) => (await listedIds(fake, name))[index] as string;
  const change = (resource: ResourceName, id: string, kind: ChangeRecord["change"]): ChangeRecord => ({
    at: AT,
    resource,
    id,
    change: kind,
  });
  const byId = (records: ChangeRecord[]) =>
    [...records].sort((a, b) => `${a.resource}/${a.id}`.localeCompare(`${b.resource}/${b.id}`));

  /** Adds, edits and removes items of every list; returns the change lines a refresh must log. */
  async function changeAccount(): Promise<ChangeRecord[]> {
    const state = fake.state;
    const conversations = await listed(fake, "conversations");
    const conversation = (index: number) =>
      state.conversations.find((c) => c.id === conversations[index]?.id) as FakeConversation;
    const removedConversations = [3, 199, 250].map((index) => conversations[index]?.id as string);
    // Two new ones (the newest), and one among the others (on the 150th's instant, listed after it).
    state.conversations.push(
      copyOf(conversation(0), "conversation-new-1", { created_at: "2027-01-01T00:00:00.000000Z" }),
      copyOf(conversation(0), "conversation-new-2", { created_at: "2027-01-02T00:00:00.000000Z" }),
      copyOf(conversation(150), "conversation-new-3"),
    );
    const renamed = conversation(7);
    renamed.structured = { ...renamed.structured, title: "Renamed" };
    state.conversations = state.conversations.filter((c) => !removedConversations.includes(c.id));
    const [removedMemory, editedMemory] = [await nth("memories", 0), await nth("memories", 9)];
    state.memories.find((m) => m.id === editedMemory)!.content = "Edited memory";
    state.memories = state.memories.filter((m) => m.id !== removedMemory);
    const oldest = state.actionItems.reduce((a, b) => ((a.created_at ?? "") < (b.created_at ?? "") ? a : b));
    state.actionItems.push(copyOf(oldest, "action-item-new", { created_at: "2020-01-01T00:00:00.000000Z", completed: false }));
    const completed = state.actionItems.find((a) => !a.completed && a.id !== "action-item-new")!;
    completed.completed = true;
    state.dailySummaries.push(copyOf(state.dailySummaries[0], "daily-summary-new", { date: "2030-01-01" }));
    const removedGoal = await nth("goals", 3);
    state.goals = state.goals.filter((g) => g.id !== removedGoal);
    state.folders[0]!.name = "Renamed folder";
    return [
      change("daily-summaries", "daily-summary-new", "added"),
      change("conversations", "conversation-new-1", "added"),
      change("conversations", "conversation-new-2", "added"),
      change("conversations", "conversation-new-3", "added"),
      change("conversations", renamed.id, "updated"),
      ...removedConversations.map((id) => change("conversations", id, "removed")),
      change("memories", editedMemory, "updated"),
      change("memories", removedMemory, "removed"),
      change("action-items", "action-item-new", "added"),
      change("action-items", completed.id, "updated"),
      change("goals", removedGoal, "removed"),
      change("folders", state.folders[0]!.id, "updated"),
    ];
  }

  beforeEach(() => {
    fake = account();
    out = mkdtempSync(join(tmpdir(), "omi-refresh-"));
  });
  afterEach(() => {
    jest.restoreAllMocks();
    rmSync(out, { recursive: true, force: true });
  });

  it("makes the mirror exact again after items were added, edited and removed, and logs every change once", async () => {
    const first = await run();
    expect(first.status).toBe("complete");
    await expectMirrorExact();
    expect(existsSync(join(out, CHANGES_FILE))).toBe(false);

    const expected = await changeAccount();
    const second = await run();
    expect(second.status).toBe("complete");
    await expectMirrorExact();
    expect(byId(changes())).toEqual(byId(expected));
    expect(Object.fromEntries(second.results.map((result) => [result.resource, result.changes]))).toEqual({
      conversations: { added: 3, updated: 1, removed: 3 },
      memories: { added: 0, updated: 1, removed: 1 },
      "action-items": { added: 1, updated: 1, removed: 0 },
      "daily-summaries": { added: 1, updated: 0, removed: 0 },
      goals: { added: 0, updated: 0, removed: 1 },
      folders: { added: 0, updated: 1, removed: 0 },
    });
    const counts = [];
    for (const name of RESOURCE_NAMES) counts.push((await listed(fake, name)).length);
    expect(second.results.map((result) => result.items)).toEqual(counts);
    expect(readdirNames()).toEqual(
      [".omi-export-checkpoint.json", CHANGES_FILE, ...RESOURCE_NAMES.map((n) => `${n}.jsonl`)].sort(),
    );

    // Nothing changed: nothing logged, the same files.
    const third = await run();
    expect(third.results.every((result) => result.changes?.added === 0 && result.changes.removed === 0)).toBe(true);
    expect(changes()).toHaveLength(expected.length);
    await expectMirrorExact();
  });

  it("does not count an item whose fields only come in another order as updated", async () => {
    await run(options({ only: ["memories"] }));
    const [memory] = fake.state.memories;
    fake.state.memories[0] = Object.fromEntries(Object.entries(memory ?? {}).reverse()) as typeof memory & object;
    const second = await run(options({ only: ["memories"] }));
    expect(second.results[0]?.changes).toEqual({ added: 0, updated: 0, removed: 0 });
  });

  it("leaves the previous mirror whole when a refresh is interrupted midway, and completes it on the next run", async () => {
    await run();
    const before = Object.fromEntries(RESOURCE_NAMES.map((name) => [name, readFileSync(file(name))]));
    const expected = await changeAccount();
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
    const removedLater = await nth("conversations", 240);
    fake.state.conversations = fake.state.conversations.filter((c) => c.id !== removedLater);
    const requestsBefore = fake.requests.length;
    const resumed = await run();
    expect(resumed.status).toBe("complete");
    await expectMirrorExact();
    expect(byId(changes())).toEqual(byId([...expected, change("conversations", removedLater, "removed")]));
    // The listing started over (the interrupted one had read two pages).
    const offsets = fake.requests
      .slice(requestsBefore)
      .filter((request) => request.operationId === "listConversations")
      .map((request) => request.query.offset);
    expect(offsets[0]).toBe("0");
  });

  it.each([
    ["a rate limit", { status: 429, headers: { "retry-after": "3600" } }, RateLimitError],
    ["a body cut short", { status: 200, rawBody: '[{"id":"cut' }, OmiInvalidResponseError],
  ])(
    "counts nothing as removed when a listing fails midway (%s), and the next run completes it",
    async (_, answer, errorClass) => {
      await run();
      const before = readFileSync(file("conversations"));
      const expected = await changeAccount();
      fake.inject({ operationId: "listConversations", skip: 1, times: Infinity, ...answer });
      const failed = await run();
      expect(failed.status).toBe("failed");
      expect(failed.error).toBeInstanceOf(errorClass);
      expect(readFileSync(file("conversations"))).toEqual(before);
      expect(existsSync(join(out, CHANGES_FILE))).toBe(false);

      fake.clearFaults();
      const next = await run();
      expect(next.status).toBe("complete");
      await expectMirrorExact();
      expect(byId(changes())).toEqual(byId(expected));
    },
  );

  it("with --since, updates and adds but removes nothing", async () => {
    // The whole second of the 24th newest memory, when the next one is older (else the next gap of over 2 s).
    const memories = await listed(fake, "memories");
    const ms = memories.map((memory) => Date.parse(String(memory.created_at)));
    const cut = ms.findIndex((value, i) => i >= 23 && value - (ms[i + 1] ?? -Infinity) > 2000);
    const since = parseSince(new Date(Math.floor((ms[cut] as number) / 1000) * 1000).toISOString());
    const opts = options({ since, only: ["conversations", "memories"] });
    await run(opts);
    const kept = async (name: ResourceName) =>
      (await listed(fake, name)).filter((item) => Date.parse(String(item.created_at)) >= since.ms).map((item) => item.id);
    expect(readJsonl(file("memories")).map((item) => item.id)).toEqual(await kept("memories"));
    expect(await kept("memories")).toHaveLength(cut + 1);
    const [removed, edited] = [memories[1]?.id, memories[4]?.id];
    fake.state.memories = fake.state.memories.filter((m) => m.id !== removed);
    fake.state.memories.find((m) => m.id === edited)!.content = "Edited";
    fake.state.memories.push(
      copyOf(fake.state.memories[0], "memory-new", { content: "New", created_at: "2027-06-01T00:00:00.000000Z" }),
    );
    const second = await run(opts);
    expect(second.results.find((result) => result.resource === "memories")?.changes).toEqual({
      added: 1,
      updated: 1,
      removed: 0,
    });
    const ids = readJsonl(file("memories")).map((item) => item.id);
    expect(ids).toEqual([...(await kept("memories")), removed]);
    expect(readJsonl(file("memories")).find((item) => item.id === edited)?.content).toBe("Edited");
    expect(changes().some((record) => record.change === "removed")).toBe(false);
  });

  it("logs the changes once when the process dies while applying a refresh, before or after the rename", async () => {
    await run();
    const expected = await changeAccount();
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
    expect(readJsonl(file("conversations"))).toEqual(await listed(fake, "conversations"));
    const last = await run();
    expect(last.status).toBe("complete");
    expect(last.results[0]?.changes).toEqual({ added: 3, updated: 1, removed: 3 });
    await expectMirrorExact();
    expect(byId(changes())).toEqual(byId(expected));
  });

  it("counts nothing as removed from a goals list at the server's cap (it may hold more), and warns", async () => {
    fake = createOmiFake({ apiKey: KEY, generate: { seed: 22, goals: 1000 } });
    await run(options({ only: ["goals"] }));
    const removed = (await listedIds(fake, "goals"))[0];
    fake.state.goals = fake.state.goals.filter((g) => g.id !== removed);
    fake.state.goals.push(copyOf(fake.state.goals[0], "goal-new"));
    const progress = reporter();
    const second = await run(options({ only: ["goals"] }), progress);
    expect(second.results[0]?.changes).toEqual({ added: 1, updated: 0, removed: 0 });
    expect(progress.warnings).toEqual([expect.stringMatching(/^goals: the server returned 1000 goals/)]);
    expect(readJsonl(file("goals")).map((item) => item.id)).toContain(removed);
  });

  it("names each change by its resource, which is its file's name without .jsonl (for every row of the table)", () => {
    for (const resource of RESOURCES) expect(resource.file).toBe(`${resource.name}.jsonl`);
  });

  function readdirNames(): string[] {
    return fs.readdirSync(out).sort();
  }
});
