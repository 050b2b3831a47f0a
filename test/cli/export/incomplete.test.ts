/**
 * The exporter when a listing cannot be proven complete: it keeps what was
 * listed, removes nothing from that resource's mirror, goes on with the other
 * resources, and ends with status `incomplete` (exit 3, with the reason).
 * Against fake accounts (createOmiFake, through test/support/listing-fakes.ts), one per listing.
 */
import { mkdtempSync, readFileSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createOmiClient, OmiListTruncatedError } from "../../../src/index.js";
import type { ExportOptions } from "../../../cli/export/args.js";
import { prepareCheckpoint, readCheckpoint } from "../../../cli/export/checkpoint.js";
import { runExport } from "../../../cli/export/exporter.js";
import { describeFailure, ExitCode, incompleteFailure } from "../../../cli/export/failure.js";
import type { ProgressReporter } from "../../../cli/export/progress.js";
import { CHANGES_FILE } from "../../../cli/export/refresh.js";
import {
  hourly,
  LISTINGS,
  listingServer,
  rowsOf,
  type ListingServer,
  type ListingServerOptions,
} from "../../support/listing-fakes.js";
import { readJsonl } from "../support/jsonl.js";

const KEY = "omi_dev_incomplete000000000000000000";

describe("an export whose listing cannot be proven complete", () => {
  let out: string;
  // The fake accounts answering now, each for its listing's path; tests swap them between runs.
  let servers: ListingServer[] = [];
  const serve = (options: Omit<ListingServerOptions, "apiKey">) => listingServer({ ...options, apiKey: KEY });
  const warnings: string[] = [];
  const reporter: ProgressReporter = {
    start: () => {},
    page: () => {},
    skip: () => {},
    done: () => {},
    warn: (message) => warnings.push(message),
    log: () => {},
    finish: () => {},
  };
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const path = new URL(input instanceof Request ? input.url : String(input)).pathname;
    const server = servers.find((candidate) => LISTINGS[candidate.listing].path === path);
    if (server) return server.fetch(input, init);
    return new Response(JSON.stringify({ detail: "Not Found" }), {
      status: 404,
      headers: { "content-type": "application/json" },
    });
  }) as typeof globalThis.fetch;
  const omi = createOmiClient({
    apiKey: KEY,
    baseUrl: "https://api.omi.me",
    fetch,
    logLevel: "off",
    retryBackoff: { initialDelayMs: 0, maxDelayMs: 0 },
  });
  const options = (only: ExportOptions["only"]): ExportOptions => ({
    out,
    since: undefined,
    only,
    transcripts: false,
    output: "quiet",
    apiKey: KEY,
    baseUrl: "https://api.omi.me",
    pace: false,
    restart: false,
  });
  const run = (only: ExportOptions["only"]) => {
    const opts = options(only);
    return runExport({ omi, options: opts, checkpoint: prepareCheckpoint(opts), reporter, signal: new AbortController().signal });
  };
  const ids = (name: string) => readJsonl(join(out, `${name}.jsonl`)).map((item) => String((item as { id?: unknown }).id));
  const changes = () =>
    existsSync(join(out, CHANGES_FILE))
      ? readFileSync(join(out, CHANGES_FILE), "utf8")
          .trimEnd()
          .split("\n")
          .filter(Boolean)
          .map((line) => JSON.parse(line) as { change: string; id: string })
      : [];

  beforeEach(() => {
    out = mkdtempSync(join(tmpdir(), "omi-incomplete-"));
    warnings.splice(0);
  });
  afterEach(() => rmSync(out, { recursive: true, force: true }));

  it("a refresh whose listing stays truncated removes nothing, keeps what it listed, exits 3 with the reason; the next complete one removes", async () => {
    const rows = rowsOf(300);
    servers = [serve({ listing: "memories", rows, cap: 1000 })];
    expect((await run(["memories"])).status).toBe("complete");
    expect(ids("memories")).toHaveLength(300);

    // Five memories deleted, and the server now cuts every page past 120 (a read budget that never clears).
    const left = rows.filter((_, i) => i % 60 !== 7);
    servers = [serve({ listing: "memories", rows: left, cap: 1000, truncation: { mode: "persistent", fromOffset: 120 } })];
    const partial = await run(["memories"]);
    expect(partial.status).toBe("incomplete");
    expect(partial.results[0]).toMatchObject({ status: "incomplete" });
    expect(partial.results[0]?.incomplete).toMatch(/^memories: listMemories: the server cut the page at offset 120 short/);
    expect(warnings.some((warning) => /nothing was removed from memories\.jsonl/.test(warning))).toBe(true);
    expect(ids("memories")).toHaveLength(300);
    expect(changes().filter((record) => record.change === "removed")).toEqual([]);
    const failure = incompleteFailure(partial.results);
    expect(failure.exitCode).toBe(ExitCode.server);
    expect(failure.message).toMatch(/Nothing was removed from that mirror; run the same command again later\.$/);

    servers = [serve({ listing: "memories", rows: left, cap: 1000 })];
    expect((await run(["memories"])).status).toBe("complete");
    expect(new Set(ids("memories"))).toEqual(new Set(left.map((row) => row.id)));
    expect(changes().filter((record) => record.change === "removed")).toHaveLength(5);
  });

  it("a first export with unreachable items keeps what it listed, goes on with the other resources, and is taken up again next time", async () => {
    // 2,100 action items on one instant: offsets reach the first 2,000 of them only.
    const crowded = rowsOf(2600, (i) => ({ us: i < 2100 ? hourly(0) : hourly(i) }));
    servers = [
      serve({ listing: "actionItems", rows: crowded, cap: 1000 }),
      serve({ listing: "memories", rows: rowsOf(40), cap: 1000 }),
    ];
    const outcome = await run(["action-items", "memories"]);
    expect(outcome.status).toBe("incomplete");
    expect(outcome.results.map((result) => result.status)).toEqual(["incomplete", "done"]);
    expect(outcome.results[0]?.incomplete).toMatch(/more than 2000 items may share the instant/);
    expect(ids("action-items")).toHaveLength(2500);
    expect(ids("memories")).toHaveLength(40);
    expect(readCheckpoint(out)?.resources["action-items"]).toMatchObject({ done: false });
    expect(readCheckpoint(out)?.resources.memories).toMatchObject({ done: true });
  });

  it("omi-export exits 3, not 1, on a listing error (OmiListTruncatedError included)", () => {
    const failure = describeFailure(new OmiListTruncatedError("listMemories", 1000, 4, 1000));
    expect(failure.exitCode).toBe(ExitCode.server);
    expect(failure.message).toMatch(
      /^A listing could not be proven complete: listMemories: the server cut the page at offset 1000 short/,
    );
  });

  it("a resumed export of daily summaries without ids writes none of them twice", async () => {
    servers = [serve({ listing: "dailySummaries", rows: rowsOf(250, () => ({ id: null })), cap: 100 })];
    const controller = new AbortController();
    const opts = options(["daily-summaries"]);
    const interrupting: ProgressReporter = { ...reporter, page: (event) => event.page === 1 && controller.abort() };
    const first = await runExport({
      omi,
      options: opts,
      checkpoint: prepareCheckpoint(opts),
      reporter: interrupting,
      signal: controller.signal,
    });
    expect(first.status).toBe("interrupted");
    expect((await run(["daily-summaries"])).status).toBe("complete");
    const lines = readJsonl(join(out, "daily-summaries.jsonl")).map((item) => JSON.stringify(item));
    expect(lines).toHaveLength(250);
    expect(new Set(lines).size).toBe(250);
  });
});
