/**
 * `omi-export` end to end, run in-process through `main` (arguments, environment
 * and output injected as the command passes them) against a fake account on a
 * loopback port (10,000 conversations, silent limit caps, every 7th conversation
 * and action item locked and removed after paging).
 */
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HELP_TEXT } from "../../cli/export/args.js";
import { createOmiFake, type FakeListener, type OmiFake } from "../../src/testing/index.js";
import { runCli, serverEnv, TEST_KEY } from "./support/cli-process.js";
import { parseJsonLines } from "./support/json-lines.js";
import { listed, listedIds, requestsTo, sinceKeeping } from "../support/fake-lists.js";
import { idsIn, readJsonl } from "./support/jsonl.js";

const FILES = {
  conversations: "conversations.jsonl",
  memories: "memories.jsonl",
  "action-items": "action-items.jsonl",
  "daily-summaries": "daily-summaries.jsonl",
  goals: "goals.jsonl",
  folders: "folders.jsonl",
};
const CONVERSATIONS = "/v1/dev/user/conversations";
type Resource = keyof typeof FILES;
const RESOURCES = Object.keys(FILES) as Resource[];

describe("omi-export", () => {
  let fake: OmiFake;
  let server: FakeListener;
  let out: string;
  beforeAll(async () => {
    fake = createOmiFake({
      apiKey: TEST_KEY,
      generate: {
        seed: 31,
        conversations: 10_000,
        memories: 2_345,
        actionItems: 1_500,
        dailySummaries: 45,
        goals: 30,
        folders: 4,
        lockedEvery: 7,
        newest: "2025-01-01T00:00:00Z",
      },
    });
    server = await fake.listen();
  });
  afterAll(() => server.close());
  beforeEach(() => {
    out = mkdtempSync(join(tmpdir(), "omi-export-e2e-"));
    fake.requests.splice(0);
  });
  afterEach(() => {
    rmSync(out, { recursive: true, force: true });
  });
  const visibleIds = (resource: Resource) => listedIds(fake, resource);
  const keyId = () => fake.state.apiKeys.find((key) => key.key === TEST_KEY)?.id;

  it("exports every visible item of every resource exactly once, in order, as JSONL (plain progress off a terminal)", async () => {
    const result = await runCli(["--out", out], serverEnv(server.url));
    expect(result.code).toBe(0);
    const requests = [...fake.requests];
    for (const resource of RESOURCES) expect(idsIn(join(out, FILES[resource]))).toEqual(await visibleIds(resource));
    expect(await visibleIds("conversations")).toHaveLength(10_000 - Math.floor(10_000 / 7));
    expect(readJsonl(join(out, "folders.jsonl"))).toEqual(await listed(fake, "folders"));
    expect(readdirSync(out).sort()).toEqual([".omi-export-checkpoint.json", ...Object.values(FILES)].sort());
    // Plain lines on stderr, one per resource, then the closing line; nothing on stdout.
    const lines = result.stderr.trimEnd().split("\n");
    expect(lines.map((line) => line.split(":")[0])).toEqual([...RESOURCES, "Export complete"]);
    // Pages of 200 holding ~171 visible conversations, each starting on the last item of the one before.
    expect(lines[0]).toMatch(/^conversations: 8,572 items in 59 pages → .*conversations\.jsonl/);
    expect(result.stdout).toBe("");
    // Pages of the server's largest size, the key sent on every request.
    const conversationRequests = requests.filter((request) => request.path === CONVERSATIONS);
    // The 59 pages, then three with nothing new that prove the end (locked rows are dropped after paging).
    expect(conversationRequests).toHaveLength(62);
    expect(new Set(conversationRequests.map((request) => request.query.limit))).toEqual(new Set(["200"]));
    // Every request authenticated by the key (the fake keeps which key, never the secret).
    expect(requests.every((request) => request.keyId === keyId())).toBe(true);
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
      items: (await Promise.all(RESOURCES.map(visibleIds))).reduce((sum, ids) => sum + ids.length, 0),
    });
    expect(result.stderr).toBe("");
  });

  it("--quiet prints nothing at all on success", async () => {
    const result = await runCli(["--out", out, "--quiet", "--only", "goals,folders"], serverEnv(server.url));
    expect(result).toMatchObject({ code: 0, stdout: "", stderr: "" });
    expect(idsIn(join(out, "goals.jsonl"))).toEqual(await visibleIds("goals"));
  });

  it("--since exports only newer items: start_date sent for conversations and action items, memories filtered on created_at", async () => {
    // Keeps the 30-odd newest conversations; given with an offset of +01:00.
    const since = sinceKeeping(await listed(fake, "conversations"), 30);
    const sinceMs = Date.parse(since);
    const local = new Date(sinceMs + 3_600_000).toISOString().replace(/\.000Z$/, "+01:00");
    const result = await runCli(["--out", out, "--since", local, "--json"], serverEnv(server.url));
    expect(result.code).toBe(0);
    const requests = [...fake.requests];
    const newer = async (resource: Resource) =>
      (await listed(fake, resource)).filter((item) => Date.parse(String(item.created_at)) >= sinceMs).map((item) => item.id);
    for (const resource of ["conversations", "memories", "action-items"] as const) {
      const ids = idsIn(join(out, FILES[resource]));
      expect(ids).toEqual(await newer(resource));
      expect(ids.length).toBeGreaterThan(0);
      expect(ids.length).toBeLessThan((await visibleIds(resource)).length);
    }
    const startDates = (operationId: string) =>
      new Set(requests.filter((request) => request.operationId === operationId).map((request) => request.query.start_date));
    expect(startDates("listConversations")).toEqual(new Set([new Date(sinceMs).toISOString()]));
    expect(startDates("listActionItems")).toEqual(new Set([new Date(sinceMs).toISOString()]));
    expect(startDates("listMemories")).toEqual(new Set([undefined]));
    // Goals and folders are always whole.
    expect(idsIn(join(out, "goals.jsonl"))).toEqual(await visibleIds("goals"));
    expect(idsIn(join(out, "folders.jsonl"))).toEqual(await visibleIds("folders"));
  });

  it("--transcripts asks for transcripts, in pages of 200 like the others", async () => {
    // Over two pages of conversations.
    const since = sinceKeeping(await listed(fake, "conversations"), 450);
    const result = await runCli(
      ["--out", out, "--only", "conversations", "--transcripts", "--since", since, "-q"],
      serverEnv(server.url),
    );
    expect(result.code).toBe(0);
    const queries = requestsTo(fake, CONVERSATIONS).map((request) => request.query);
    const conversations = readJsonl(join(out, "conversations.jsonl"));
    expect(conversations.map((item) => item.id)).toEqual(
      (await listed(fake, "conversations"))
        .filter((item) => Date.parse(String(item.created_at)) >= Date.parse(since))
        .map((item) => item.id),
    );
    expect(conversations.length).toBeGreaterThan(400);
    expect(conversations.every((item) => Array.isArray(item.transcript_segments) && item.transcript_segments.length > 0)).toBe(
      true,
    );
    expect(queries.every((query) => query.include_transcript === "true" && query.limit === "200")).toBe(true);
    // Each page starts on the last item of the one before.
    expect(queries.length).toBeGreaterThan(2);
    const offsets = queries.map((query) => Number(query.offset));
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
