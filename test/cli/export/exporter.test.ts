/**
 * The exporter in-process against a fake account (`fake.fetch`): streaming, resuming from
 * the checkpoint, de-duplication across runs, --since, lists that do not page.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createOmiClient, NotFoundError, type OmiClient } from "../../../src/index.js";
import { parseSince, type ExportOptions } from "../../../cli/export/args.js";
import { prepareCheckpoint, readCheckpoint, writeCheckpoint } from "../../../cli/export/checkpoint.js";
import { runExport } from "../../../cli/export/exporter.js";
import type { PageProgress, ProgressReporter } from "../../../cli/export/progress.js";
import { RESOURCE_NAMES, type ResourceName } from "../../../cli/export/resources.js";
import { createOmiFake, type FakeGenerateOptions, type OmiFake } from "../../../src/testing/index.js";
import { listed, listedIds, requestsTo } from "../../support/fake-lists.js";
import { idsIn, readJsonl } from "../support/jsonl.js";

const KEY = "omi_dev_exporter00000000000000000000";

function recordingReporter(
  onPage: (event: PageProgress) => void = () => {},
): ProgressReporter & { pages: PageProgress[]; warnings: string[] } {
  const pages: PageProgress[] = [];
  const warnings: string[] = [];
  const nothing = () => {};
  return {
    pages,
    warnings,
    start: nothing,
    page: (event) => {
      pages.push(event);
      onPage(event);
    },
    skip: nothing,
    done: nothing,
    warn: (message) => warnings.push(message),
    log: nothing,
    finish: nothing,
  };
}

const CONVERSATIONS = "/v1/dev/user/conversations";

describe("runExport", () => {
  let fake: OmiFake;
  let omi: OmiClient;
  let out: string;
  const options = (extra: Partial<ExportOptions> = {}): ExportOptions => ({
    out,
    since: undefined,
    only: [...RESOURCE_NAMES],
    transcripts: false,
    output: "quiet",
    apiKey: KEY,
    baseUrl: fake.baseUrl,
    pace: false,
    restart: false,
    ...extra,
  });
  const run = (opts: ExportOptions, reporter = recordingReporter(), signal = new AbortController().signal) =>
    runExport({ omi, options: opts, checkpoint: prepareCheckpoint(opts), reporter, signal });
  const file = (name: string) => join(out, `${name}.jsonl`);
  const visibleIds = (resource: ResourceName) => listedIds(fake, resource);
  /** A fake account (newest item at the start of 2025) and a client of it. */
  const account = (generate: FakeGenerateOptions) => {
    fake = createOmiFake({ apiKey: KEY, generate: { newest: "2025-01-01T00:00:00Z", ...generate } });
    omi = createOmiClient({ apiKey: KEY, baseUrl: fake.baseUrl, fetch: fake.fetch, logLevel: "off" });
  };
  /** Conversations created now (the newest), in no folder. */
  const insertNewest = (...ids: string[]) => {
    const [model] = fake.state.conversations;
    for (const id of ids)
      fake.state.conversations.push({ ...structuredClone(model!), id, created_at: "2025-06-01T00:00:00.000000Z", locked: false });
  };

  beforeEach(() => {
    account({
      seed: 61,
      conversations: 950,
      memories: 2_345,
      actionItems: 1_200,
      dailySummaries: 130,
      goals: 12,
      folders: 3,
      lockedEvery: 7,
    });
    out = mkdtempSync(join(tmpdir(), "omi-exporter-"));
  });
  afterEach(() => {
    rmSync(out, { recursive: true, force: true });
  });

  it("writes every visible item of every resource once, in order, page by page, and marks each done", async () => {
    const reporter = recordingReporter();
    const outcome = await run(options(), reporter);
    expect(outcome.status).toBe("complete");
    const requests = [...fake.requests];
    expect(idsIn(file("conversations"))).toEqual(await visibleIds("conversations"));
    expect(idsIn(file("memories"))).toEqual(await visibleIds("memories"));
    expect(idsIn(file("action-items"))).toEqual(await visibleIds("action-items"));
    expect(idsIn(file("daily-summaries"))).toEqual(await visibleIds("daily-summaries"));
    expect(await visibleIds("daily-summaries")).toHaveLength(130);
    expect(idsIn(file("goals"))).toEqual(await visibleIds("goals"));
    expect(readJsonl(file("folders"))).toEqual(await listed(fake, "folders"));
    // One page event per page with new items: 6 of conversations (pages of 200 holding ~171 visible ones, each starting
    // on the last item of the one before), 3 of memories, 2 of action items, 2 of daily summaries (100 a page, the most
    // the server takes), 1 each of goals and folders.
    expect(reporter.pages.map((event) => event.resource)).toEqual([
      ...Array<string>(6).fill("conversations"),
      ...Array<string>(3).fill("memories"),
      ...Array<string>(2).fill("action-items"),
      ...Array<string>(2).fill("daily-summaries"),
      "goals",
      "folders",
    ]);
    const checkpoint = readCheckpoint(out);
    expect(Object.values(checkpoint?.resources ?? {}).every((state) => state.done)).toBe(true);
    expect(checkpoint?.resources.conversations).toMatchObject({ items: (await visibleIds("conversations")).length });
    // Goals asked for whole, inactive ones included (every fifth generated goal is inactive).
    const goalQuery = requests.find((request) => request.operationId === "listGoals")?.query;
    expect([goalQuery?.limit, goalQuery?.include_inactive]).toEqual(["1000", "true"]);
    const goals = readJsonl(file("goals"));
    expect(goals).toHaveLength(12);
    expect(goals.filter((goal) => goal.is_active === false)).toHaveLength(2);
  });

  it("stops after the page in hand when interrupted, and a second run resumes at the checkpoint", async () => {
    const controller = new AbortController();
    const first = await run(
      options(),
      recordingReporter((event) => event.page === 3 && controller.abort()),
      controller.signal,
    );
    expect(first.status).toBe("interrupted");
    expect(first.results.map((result) => result.status)).toEqual([
      "interrupted",
      "not started",
      "not started",
      "not started",
      "not started",
      "not started",
    ]);
    // Three pages of ~171 items, each page starting on the last item of the one before.
    expect(readCheckpoint(out)?.resources.conversations).toMatchObject({ nextOffset: 511, done: false, pages: 3 });
    expect(idsIn(file("conversations"))).toEqual(
      (await visibleIds("conversations")).slice(0, idsIn(file("conversations")).length),
    );
    fake.requests.splice(0);
    const second = await run(options());
    expect(second.status).toBe("complete");
    const offsets = requestsTo(fake, CONVERSATIONS).map((request) => request.query.offset);
    expect(idsIn(file("conversations"))).toEqual(await visibleIds("conversations"));
    expect(offsets.slice(0, 2)).toEqual(["341", "511"]); // the last page written, read again, then on
  });

  it("loses nothing when items already written are removed between two runs", async () => {
    const controller = new AbortController();
    await run(
      options({ only: ["conversations"] }),
      recordingReporter((event) => event.page === 2 && controller.abort()),
      controller.signal,
    );
    const written = idsIn(file("conversations"));
    const deleted = written.slice(10, 40); // 30 items of the first two pages
    fake.state.conversations = fake.state.conversations.filter((c) => !deleted.includes(c.id));
    const reporter = recordingReporter();
    await run(options({ only: ["conversations"] }), reporter);
    const ids = idsIn(file("conversations"));
    expect(new Set(ids).size).toBe(ids.length);
    // Everything still listed is in the file (and the removed ones stay, as exported before).
    expect((await visibleIds("conversations")).filter((id) => !ids.includes(id))).toEqual([]);
    expect(reporter.warnings).toEqual([]);
  });

  it("warns when more than a page of written items was removed between two runs, as some may have been skipped", async () => {
    const controller = new AbortController();
    await run(
      options({ only: ["conversations"] }),
      recordingReporter((event) => event.page === 3 && controller.abort()),
      controller.signal,
    );
    const deleted = idsIn(file("conversations")).slice(0, 250); // more than a page of 200
    fake.state.conversations = fake.state.conversations.filter((c) => !deleted.includes(c.id));
    const reporter = recordingReporter();
    const outcome = await run(options({ only: ["conversations"] }), reporter);
    expect(outcome.status).toBe("complete");
    expect(reporter.warnings).toEqual([
      "conversations: more than a page of items was removed since the last run, so some items may have been skipped; run with --restart for a complete copy",
    ]);
    expect(outcome.warnings).toEqual(reporter.warnings);
  });

  it("does not write twice the items an insertion at the top pushes onto the next page between two runs", async () => {
    const controller = new AbortController();
    await run(
      options({ only: ["conversations"] }),
      recordingReporter((event) => event.page === 1 && controller.abort()),
      controller.signal,
    );
    const before = await visibleIds("conversations");
    insertNewest("conversations-new");
    await run(options({ only: ["conversations"] }));
    const ids = idsIn(file("conversations"));
    expect(new Set(ids).size).toBe(ids.length);
    // The resume reads the last page written again, so the new item (now on it) is written too.
    expect(ids.filter((id) => id !== "conversations-new")).toEqual(before);
    expect(ids).toContain("conversations-new");
  });

  it("does not write twice the items that more than a page of insertions pushes past the checkpoint between two runs", async () => {
    const controller = new AbortController();
    await run(
      options({ only: ["conversations"] }),
      recordingReporter((event) => event.page === 2 && controller.abort()),
      controller.signal,
    );
    const saved = readCheckpoint(out)?.resources.conversations;
    const resumedAt = (saved?.nextOffset ?? 0) - (saved?.pageSize ?? 0);
    const before = await visibleIds("conversations");
    insertNewest(...Array.from({ length: 350 }, (_, i) => `conversations-new-${i}`));
    await run(options({ only: ["conversations"] }));
    const ids = idsIn(file("conversations"));
    expect(new Set(ids).size).toBe(ids.length);
    // Every item of the first run's listing once; of the new ones, those that landed at or past the
    // resumed offset (where the last page written started: 171 of the 350).
    expect(resumedAt).toBe(171);
    expect(ids.filter((id) => !id.startsWith("conversations-new-"))).toEqual(before);
    expect(ids.filter((id) => id.startsWith("conversations-new-"))).toHaveLength(350 - resumedAt);
  });

  it("does not warn of removed items when the page read again holds only items --since leaves out", async () => {
    const since = parseSince("2024-12-20T00:00:00Z"); // keeps only memories of the first page
    const controller = new AbortController();
    await run(
      options({ only: ["memories"], since }),
      recordingReporter((event) => event.page === 2 && controller.abort()),
      controller.signal,
    );
    const reporter = recordingReporter();
    const outcome = await run(options({ only: ["memories"], since }), reporter);
    expect(outcome.status).toBe("complete");
    expect(reporter.warnings).toEqual([]);
    const kept = (await listed(fake, "memories")).filter((item) => Date.parse(String(item.created_at)) >= since.ms);
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThan(1000);
    expect(idsIn(file("memories"))).toEqual(kept.map((item) => item.id));
  });

  it("filters memories on created_at with --since, while reading every page, and leaves whole lists whole", async () => {
    const since = parseSince("2024-12-20T00:00:00Z");
    await run(options({ since }));
    const requests = [...fake.requests];
    const memories = readJsonl(file("memories"));
    const expected = (await listed(fake, "memories")).filter((item) => Date.parse(String(item.created_at)) >= since.ms);
    expect(memories.map((item) => item.id)).toEqual(expected.map((item) => item.id));
    expect(memories.length).toBeGreaterThan(0);
    expect(memories.length).toBeLessThan((await visibleIds("memories")).length);
    const memoryDates = requests
      .filter((request) => request.operationId === "listMemories")
      .map((request) => request.query.start_date);
    expect(memoryDates.length).toBeGreaterThanOrEqual(3);
    expect(new Set(memoryDates)).toEqual(new Set([undefined]));
    const conversationDates = requests
      .filter((request) => request.operationId === "listConversations")
      .map((request) => request.query.start_date);
    expect(new Set(conversationDates)).toEqual(new Set([since.iso]));
    expect(idsIn(file("goals"))).toEqual(await visibleIds("goals"));
  });

  it("fetches a list that does not page again whole when its run did not finish", async () => {
    const opts = options({ only: ["goals"] });
    await run(opts);
    const checkpoint = readCheckpoint(out);
    if (!checkpoint?.resources.goals) throw new Error("no checkpoint");
    checkpoint.resources.goals = { ...checkpoint.resources.goals, done: false };
    writeCheckpoint(out, checkpoint);
    await run(opts);
    expect(idsIn(file("goals"))).toEqual(await visibleIds("goals"));
  });

  it("warns when the goals list is as long as one call can return", async () => {
    account({ seed: 62, goals: 1_200 });
    const reporter = recordingReporter();
    const outcome = await run(options({ only: ["goals"] }), reporter);
    expect(idsIn(file("goals"))).toHaveLength(1000);
    expect(outcome.warnings).toEqual([expect.stringMatching(/1000 goals, the most one call can list/)]);
    expect(reporter.warnings).toEqual(outcome.warnings);
  });

  it("exports 2,600 action items (past the server's 2,000 horizon) exactly once, also across an interruption", async () => {
    account({ seed: 63, actionItems: 2_600 });
    const controller = new AbortController();
    const first = await run(
      options({ only: ["action-items"] }),
      recordingReporter((event) => event.page === 2 && controller.abort()),
      controller.signal,
    );
    expect(first.status).toBe("interrupted");
    const second = await run(options({ only: ["action-items"] }));
    expect(second.status).toBe("complete");
    const ids = idsIn(file("action-items"));
    expect(ids).toHaveLength(2_600);
    // Past the horizon no listing reaches them all: the account holds them (none locked).
    expect(new Set(ids)).toEqual(new Set(fake.state.actionItems.map((item) => item.id)));
  });

  it("stops at an error with the checkpoint of the last page, and resumes from it", async () => {
    // Every listing after the first four answers 404.
    fake.inject({
      when: (request) => request.method === "GET",
      skip: 4,
      times: Infinity,
      status: 404,
      body: { detail: "Not Found" },
    });
    const first = await run(options());
    expect(first.status).toBe("failed");
    expect(first.error).toBeInstanceOf(NotFoundError);
    expect(readCheckpoint(out)?.resources.conversations).toMatchObject({ nextOffset: 682, done: false });
    fake.clearFaults();
    const second = await run(options());
    expect(second.status).toBe("complete");
    expect(idsIn(file("conversations"))).toEqual(await visibleIds("conversations"));
    expect(idsIn(file("memories"))).toEqual(await visibleIds("memories"));
  });
});
