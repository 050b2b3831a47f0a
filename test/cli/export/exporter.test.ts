/**
 * The exporter in-process against the paging server: streaming, resuming from
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
import { RESOURCE_NAMES } from "../../../cli/export/resources.js";
import { PAGING_PATHS, startPagingServer, type PagingServer } from "../../support/paging-server.js";
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

describe("runExport", () => {
  let server: PagingServer;
  let omi: OmiClient;
  let out: string;
  const options = (extra: Partial<ExportOptions> = {}): ExportOptions => ({
    out,
    since: undefined,
    only: [...RESOURCE_NAMES],
    transcripts: false,
    output: "quiet",
    apiKey: KEY,
    baseUrl: server.url,
    pace: false,
    restart: false,
    ...extra,
  });
  const run = (opts: ExportOptions, reporter = recordingReporter(), signal = new AbortController().signal) =>
    runExport({ omi, options: opts, checkpoint: prepareCheckpoint(opts), reporter, signal });
  const file = (name: string) => join(out, `${name}.jsonl`);
  const visibleIds = (path: string) => server.visible(path).map((item) => item.id);

  beforeEach(async () => {
    server = await startPagingServer({
      conversations: 950,
      memories: 2_345,
      actionItems: 1_200,
      dailySummaries: 130,
      goals: 12,
      folders: 3,
      inactiveGoalsEvery: 4,
      lockedEvery: 7,
    });
    omi = createOmiClient({ apiKey: KEY, baseUrl: server.url, logLevel: "off" });
    out = mkdtempSync(join(tmpdir(), "omi-exporter-"));
  });
  afterEach(async () => {
    await server.close();
    rmSync(out, { recursive: true, force: true });
  });

  it("writes every visible item of every resource once, in order, page by page, and marks each done", async () => {
    const reporter = recordingReporter();
    const outcome = await run(options(), reporter);
    expect(outcome.status).toBe("complete");
    expect(idsIn(file("conversations"))).toEqual(visibleIds(PAGING_PATHS.conversations));
    expect(idsIn(file("memories"))).toEqual(visibleIds(PAGING_PATHS.memories));
    expect(idsIn(file("action-items"))).toEqual(visibleIds(PAGING_PATHS.actionItems));
    expect(idsIn(file("daily-summaries"))).toEqual(visibleIds(PAGING_PATHS.dailySummaries));
    expect(visibleIds(PAGING_PATHS.dailySummaries)).toHaveLength(130);
    expect(idsIn(file("goals"))).toEqual(visibleIds(PAGING_PATHS.goals));
    expect(readJsonl(file("folders"))).toEqual(server.visible(PAGING_PATHS.folders));
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
    expect(checkpoint?.resources.conversations).toMatchObject({ items: visibleIds(PAGING_PATHS.conversations).length });
    // Goals asked for whole, inactive ones included.
    const goalQuery = server.requests.find((request) => request.path === PAGING_PATHS.goals)?.query;
    expect([goalQuery?.get("limit"), goalQuery?.get("include_inactive")]).toEqual(["1000", "true"]);
    expect(visibleIds(PAGING_PATHS.goals)).toHaveLength(11);
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
      visibleIds(PAGING_PATHS.conversations).slice(0, idsIn(file("conversations")).length),
    );
    server.requests.splice(0);
    const second = await run(options());
    expect(second.status).toBe("complete");
    expect(idsIn(file("conversations"))).toEqual(visibleIds(PAGING_PATHS.conversations));
    const offsets = server.requests
      .filter((request) => request.path === PAGING_PATHS.conversations)
      .map((request) => request.query.get("offset"));
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
    server.remove(PAGING_PATHS.conversations, written.slice(10, 40)); // 30 items of the first two pages, deleted
    const reporter = recordingReporter();
    await run(options({ only: ["conversations"] }), reporter);
    const ids = idsIn(file("conversations"));
    expect(new Set(ids).size).toBe(ids.length);
    // Everything still listed is in the file (and the removed ones stay, as exported before).
    expect(visibleIds(PAGING_PATHS.conversations).filter((id) => !ids.includes(id))).toEqual([]);
    expect(reporter.warnings).toEqual([]);
  });

  it("warns when more than a page of written items was removed between two runs, as some may have been skipped", async () => {
    const controller = new AbortController();
    await run(
      options({ only: ["conversations"] }),
      recordingReporter((event) => event.page === 3 && controller.abort()),
      controller.signal,
    );
    server.remove(PAGING_PATHS.conversations, idsIn(file("conversations")).slice(0, 250)); // more than a page of 200
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
    const before = visibleIds(PAGING_PATHS.conversations);
    server.insert(PAGING_PATHS.conversations, 0, { id: "conversations-new", created_at: "2025-06-01T00:00:00Z" });
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
    const before = visibleIds(PAGING_PATHS.conversations);
    for (let i = 0; i < 350; i++) {
      server.insert(PAGING_PATHS.conversations, 0, { id: `conversations-new-${i}`, created_at: "2025-06-01T00:00:00Z" });
    }
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
    const kept = server
      .visible(PAGING_PATHS.memories)
      .filter((item) => Date.parse(String((item as { created_at?: string }).created_at)) >= since.ms);
    expect(idsIn(file("memories"))).toEqual(kept.map((item) => item.id));
  });

  it("filters memories on created_at with --since, while reading every page, and leaves whole lists whole", async () => {
    const since = parseSince("2024-12-20T00:00:00Z");
    await run(options({ since }));
    const memories = readJsonl(file("memories"));
    const expected = server
      .visible(PAGING_PATHS.memories)
      .filter((item) => Date.parse(String((item as { created_at?: string }).created_at)) >= since.ms);
    expect(memories.map((item) => item.id)).toEqual(expected.map((item) => item.id));
    expect(memories.length).toBeGreaterThan(0);
    expect(memories.length).toBeLessThan(visibleIds(PAGING_PATHS.memories).length);
    const memoryDates = server.requests
      .filter((request) => request.path === PAGING_PATHS.memories)
      .map((request) => request.query.get("start_date"));
    expect(memoryDates.length).toBeGreaterThanOrEqual(3);
    expect(new Set(memoryDates)).toEqual(new Set([null]));
    const conversationDates = server.requests
      .filter((request) => request.path === PAGING_PATHS.conversations)
      .map((request) => request.query.get("start_date"));
    expect(new Set(conversationDates)).toEqual(new Set([since.iso]));
    expect(idsIn(file("goals"))).toEqual(visibleIds(PAGING_PATHS.goals));
  });

  it("fetches a list that does not page again whole when its run did not finish", async () => {
    const opts = options({ only: ["goals"] });
    await run(opts);
    const checkpoint = readCheckpoint(out);
    if (!checkpoint?.resources.goals) throw new Error("no checkpoint");
    checkpoint.resources.goals = { ...checkpoint.resources.goals, done: false };
    writeCheckpoint(out, checkpoint);
    await run(opts);
    expect(idsIn(file("goals"))).toEqual(visibleIds(PAGING_PATHS.goals));
  });

  it("warns when the goals list is as long as one call can return", async () => {
    await server.close();
    server = await startPagingServer({ goals: 1_200, lockedEvery: 0 });
    omi = createOmiClient({ apiKey: KEY, baseUrl: server.url, logLevel: "off" });
    const reporter = recordingReporter();
    const outcome = await run(options({ only: ["goals"] }), reporter);
    expect(idsIn(file("goals"))).toHaveLength(1000);
    expect(outcome.warnings).toEqual([expect.stringMatching(/1000 goals, the most one call can list/)]);
    expect(reporter.warnings).toEqual(outcome.warnings);
  });

  it("exports 2,600 action items (past the server's 2,000 horizon) exactly once, also across an interruption", async () => {
    await server.close();
    server = await startPagingServer({ actionItems: 2_600, lockedEvery: 0 });
    omi = createOmiClient({ apiKey: KEY, baseUrl: server.url, logLevel: "off" });
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
    expect(new Set(ids)).toEqual(new Set(visibleIds(PAGING_PATHS.actionItems)));
  });

  it("stops at an error with the checkpoint of the last page, and resumes from it", async () => {
    server.setFault({ status: 404, after: 4 });
    const first = await run(options());
    expect(first.status).toBe("failed");
    expect(first.error).toBeInstanceOf(NotFoundError);
    expect(readCheckpoint(out)?.resources.conversations).toMatchObject({ nextOffset: 682, done: false });
    server.setFault(undefined);
    const second = await run(options());
    expect(second.status).toBe("complete");
    expect(idsIn(file("conversations"))).toEqual(visibleIds(PAGING_PATHS.conversations));
    expect(idsIn(file("memories"))).toEqual(visibleIds(PAGING_PATHS.memories));
  });
});
