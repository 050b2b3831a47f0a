/**
 * `omi-export` end to end, run in-process through `main` (arguments, environment
 * and output injected as the command passes them) against the paging server
 * (10,000 conversations, silent limit caps, locked items removed after paging).
 */
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HELP_TEXT } from "../../cli/export/args.js";
import { PAGING_PATHS, startPagingServer, type PagingServer } from "../support/paging-server.js";
import { runCli, serverEnv, TEST_KEY } from "./support/cli-process.js";
import { parseJsonLines } from "./support/json-lines.js";
import { idsIn, readJsonl } from "./support/jsonl.js";

const FILES = {
  conversations: "conversations.jsonl",
  memories: "memories.jsonl",
  "action-items": "action-items.jsonl",
  "daily-summaries": "daily-summaries.jsonl",
  goals: "goals.jsonl",
  folders: "folders.jsonl",
};
const PATHS = {
  conversations: PAGING_PATHS.conversations,
  memories: PAGING_PATHS.memories,
  "action-items": PAGING_PATHS.actionItems,
  "daily-summaries": PAGING_PATHS.dailySummaries,
  goals: PAGING_PATHS.goals,
  folders: PAGING_PATHS.folders,
};
type Resource = keyof typeof FILES;
const RESOURCES = Object.keys(FILES) as Resource[];

describe("omi-export", () => {
  let server: PagingServer;
  let out: string;
  beforeAll(async () => {
    server = await startPagingServer({
      conversations: 10_000,
      memories: 2_345,
      actionItems: 1_500,
      dailySummaries: 45,
      goals: 30,
      folders: 4,
      inactiveGoalsEvery: 3,
      lockedEvery: 7,
    });
  });
  afterAll(() => server.close());
  beforeEach(() => {
    out = mkdtempSync(join(tmpdir(), "omi-export-e2e-"));
    server.requests.splice(0);
  });
  afterEach(() => {
    rmSync(out, { recursive: true, force: true });
  });
  const visibleIds = (resource: Resource) => server.visible(PATHS[resource]).map((item) => item.id);

  it("exports every visible item of every resource exactly once, in order, as JSONL (plain progress off a terminal)", async () => {
    const result = await runCli(["--out", out], serverEnv(server.url));
    expect(result.code).toBe(0);
    for (const resource of RESOURCES) expect(idsIn(join(out, FILES[resource]))).toEqual(visibleIds(resource));
    expect(visibleIds("conversations")).toHaveLength(10_000 - Math.floor(10_000 / 7));
    expect(readJsonl(join(out, "folders.jsonl"))).toEqual(server.visible(PAGING_PATHS.folders));
    expect(readdirSync(out).sort()).toEqual([".omi-export-checkpoint.json", ...Object.values(FILES)].sort());
    // Plain lines on stderr, one per resource, then the closing line; nothing on stdout.
    const lines = result.stderr.trimEnd().split("\n");
    expect(lines.map((line) => line.split(":")[0])).toEqual([...RESOURCES, "Export complete"]);
    // Pages of 200 holding ~171 visible conversations, each starting on the last item of the one before.
    expect(lines[0]).toMatch(/^conversations: 8,572 items in 59 pages → .*conversations\.jsonl/);
    expect(result.stdout).toBe("");
    // Pages of the server's largest size, the key sent on every request.
    const conversationRequests = server.requests.filter((request) => request.path === PAGING_PATHS.conversations);
    // The 59 pages, then three with nothing new that prove the end (locked rows are dropped after paging).
    expect(conversationRequests).toHaveLength(62);
    expect(new Set(conversationRequests.map((request) => request.query.get("limit")))).toEqual(new Set(["200"]));
    expect(server.requests.every((request) => request.authorization === `Bearer ${TEST_KEY}`)).toBe(true);
  });

  it("--json prints one parseable line per page accounting for every item, then a summary", async () => {
    const result = await runCli(["--out", out, "--json"], serverEnv(server.url));
    expect(result.code).toBe(0);
    const lines = parseJsonLines(result.stdout);
    const summary = lines.at(-1);
    const pages = lines.filter((line) => line.type === "page");
    expect(lines.slice(0, -1)).toEqual(pages);
    for (const resource of RESOURCES) {
      const own = pages.filter((page) => page.resource === resource);
      const fileItems = readJsonl(join(out, FILES[resource])).length;
      expect(own.reduce((sum, page) => sum + page.pageItems, 0)).toBe(fileItems);
      expect(own.map((page) => page.page)).toEqual(own.map((_, i) => i + 1));
      expect(own.at(-1)?.items).toBe(fileItems);
    }
    const conversationPages = pages.filter((page) => page.resource === "conversations");
    // Each page starts on the last item of the one before: its offset is the previous page's nextOffset.
    expect(conversationPages.slice(0, 3).map((page) => [page.offset, page.nextOffset])).toEqual([
      [0, 171],
      [171, 341],
      [341, 511],
    ]);
    expect(pages.find((page) => page.resource === "goals")).toMatchObject({ offset: 0, nextOffset: null });
    expect(summary).toMatchObject({
      type: "summary",
      status: "complete",
      exitCode: 0,
      items: RESOURCES.reduce((sum, r) => sum + visibleIds(r).length, 0),
    });
    expect(result.stderr).toBe("");
  });

  it("--quiet prints nothing at all on success", async () => {
    const result = await runCli(["--out", out, "--quiet", "--only", "goals,folders"], serverEnv(server.url));
    expect(result).toMatchObject({ code: 0, stdout: "", stderr: "" });
    expect(idsIn(join(out, "goals.jsonl"))).toEqual(visibleIds("goals"));
  });

  it("--since exports only newer items: start_date sent for conversations and action items, memories filtered on created_at", async () => {
    const since = "2024-12-28T12:00:00Z";
    const sinceMs = Date.parse(since);
    const result = await runCli(["--out", out, "--since", "2024-12-28T13:00:00+01:00", "--json"], serverEnv(server.url));
    expect(result.code).toBe(0);
    const newer = (resource: Resource) =>
      server
        .visible(PATHS[resource])
        .filter((item) => Date.parse(String((item as { created_at?: string }).created_at)) >= sinceMs)
        .map((item) => item.id);
    for (const resource of ["conversations", "memories", "action-items"] as const) {
      const ids = idsIn(join(out, FILES[resource]));
      expect(ids).toEqual(newer(resource));
      expect(ids.length).toBeGreaterThan(0);
      expect(ids.length).toBeLessThan(visibleIds(resource).length);
    }
    const startDates = (path: string) =>
      new Set(server.requests.filter((request) => request.path === path).map((request) => request.query.get("start_date")));
    expect(startDates(PAGING_PATHS.conversations)).toEqual(new Set([new Date(sinceMs).toISOString()]));
    expect(startDates(PAGING_PATHS.actionItems)).toEqual(new Set([new Date(sinceMs).toISOString()]));
    expect(startDates(PAGING_PATHS.memories)).toEqual(new Set([null]));
    // Goals and folders are always whole.
    expect(idsIn(join(out, "goals.jsonl"))).toEqual(visibleIds("goals"));
    expect(idsIn(join(out, "folders.jsonl"))).toEqual(visibleIds("folders"));
  });

  it("--transcripts asks for transcripts, in pages of 200 like the others", async () => {
    const result = await runCli(
      ["--out", out, "--only", "conversations", "--transcripts", "--since", "2024-12-31T20:00:00Z", "-q"],
      serverEnv(server.url),
    );
    expect(result.code).toBe(0);
    const conversations = readJsonl(join(out, "conversations.jsonl"));
    expect(conversations.map((item) => item.id)).toEqual(
      server
        .visible(PAGING_PATHS.conversations)
        .filter((item) => Date.parse(String((item as { created_at?: string }).created_at)) >= Date.parse("2024-12-31T20:00:00Z"))
        .map((item) => item.id),
    );
    expect(conversations.every((item) => Array.isArray(item.transcript_segments))).toBe(true);
    const queries = server.requests
      .filter((request) => request.path === PAGING_PATHS.conversations)
      .map((request) => request.query);
    expect(queries.every((query) => query.get("include_transcript") === "true" && query.get("limit") === "200")).toBe(true);
    // Each page starts on the last item of the one before.
    const offsets = queries.map((query) => Number(query.get("offset")));
    expect(offsets[0]).toBe(0);
    expect(offsets.slice(1).every((offset, i) => offset > (offsets[i] as number) && offset <= (offsets[i] as number) + 200)).toBe(
      true,
    );
  });

  it("--help prints the usage", async () => {
    const result = await runCli(["--help"]);
    expect(result).toMatchObject({ code: 0, stdout: HELP_TEXT, stderr: "" });
    expect(HELP_TEXT).toMatch(/--since DATE/);
    expect(HELP_TEXT).toMatch(/memories by their\s+created_at/);
  });
});
