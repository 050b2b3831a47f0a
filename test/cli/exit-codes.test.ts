/**
 * Exit codes of `omi-export` (run in-process through `main`), the same as the official
 * command-line client's: 1 usage, 2 auth, 3 server/network, 4 rate limited,
 * 5 not found. Error messages are short, on stderr, and never hold the key.
 */
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createOmiFake, type FakeListener, type OmiFake } from "../../src/testing/index.js";
import { runCli, serverEnv, TEST_KEY } from "./support/cli-process.js";
import { parseJsonLines } from "./support/json-lines.js";
import { listedIds, requestsTo } from "../support/fake-lists.js";
import { idsIn } from "./support/jsonl.js";

describe("omi-export exit codes", () => {
  let fake: OmiFake;
  let server: FakeListener;
  let out: string;
  beforeAll(async () => {
    fake = createOmiFake({
      apiKey: TEST_KEY,
      generate: { seed: 41, conversations: 450, memories: 30, actionItems: 20, goals: 5, folders: 2, lockedEvery: 7 },
    });
    server = await fake.listen();
  });
  afterAll(() => server.close());
  beforeEach(() => {
    out = mkdtempSync(join(tmpdir(), "omi-export-codes-"));
    fake.requests.splice(0);
    fake.clearFaults();
    fake.state.switches.rateLimiter = true;
  });
  afterEach(() => {
    rmSync(out, { recursive: true, force: true });
  });
  const listRequests = () => fake.requests.filter((request) => request.path.startsWith("/v1/dev/user/"));
  /** The server's answer to a listing over its hourly budget, on every listing (after `skip` of them). */
  const rateLimitedAfter = (skip: number) =>
    fake.inject({
      when: (request) => request.method === "GET",
      skip,
      times: Infinity,
      status: 429,
      headers: { "retry-after": "3600", "x-ratelimit-limit": "60", "x-ratelimit-remaining": "0" },
      body: { detail: "Rate limit exceeded. Try again in 3600s." },
    });
  const expectKeyNeverShown = (text: string) => {
    expect(text).not.toContain(TEST_KEY);
    expect(text).not.toContain(TEST_KEY.slice(8, 20));
  };

  it("exits 2 on 401 and 403, 5 on 404, at once (no retry), with one short line on stderr", async () => {
    // One fake per status, so that the three runs go at the same time: a key the account does not
    // have (401), a key without conversations:read (403), a base URL with a path the API does not have (404).
    const cases = [
      { code: 2, message: /^omi-export: The server refused the key: 401 Invalid API key .*OMI_API_KEY/i },
      { code: 2, message: /^omi-export: The server refused the key: 403 Insufficient permissions/ },
      { code: 5, message: /^omi-export: Not found: 404 .*OMI_API_BASE/ },
    ];
    const fakes = cases.map(() => createOmiFake({ generate: { seed: 42, conversations: 10 } }));
    fakes[1]?.state.apiKeys.push({
      id: "memories-only",
      name: "Memories only",
      key: TEST_KEY,
      created_at: "2026-01-01T00:00:00Z",
      last_used_at: null,
      scopes: ["memories:read"],
    });
    const servers = await Promise.all(fakes.map((faulty) => faulty.listen()));
    try {
      const envs = [
        serverEnv(servers[0]?.url ?? ""),
        serverEnv(servers[1]?.url ?? ""),
        { ...serverEnv(servers[2]?.url ?? "", fakes[2]?.apiKey), OMI_API_BASE: `${servers[2]?.url ?? ""}/not-the-api` },
      ];
      const results = await Promise.all(envs.map((env, i) => runCli(["--out", join(out, String(i))], env)));
      results.forEach((result, i) => {
        const expected = cases[i] as (typeof cases)[number];
        expect(result.code).toBe(expected.code);
        expect(result.stderr).toMatch(expected.message);
        expect(result.stderr.trimEnd().split("\n")).toHaveLength(1);
        expectKeyNeverShown(result.stderr + result.stdout);
        expect(fakes[i]?.requests).toHaveLength(1);
      });
      expect(fakes[2]?.requests[0]).toMatchObject({ operationId: undefined, status: 404 });
    } finally {
      await Promise.all(servers.map((faulty) => faulty.close()));
    }
  });

  it("exits 4 at once on a 429 whose Retry-After is beyond the client's 60 s cap", async () => {
    rateLimitedAfter(0);
    const result = await runCli(["--out", out, "--json"], serverEnv(server.url));
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/^omi-export: Rate limited by the server .*try again in 60 min 00 s/m);
    expect(listRequests()).toHaveLength(1);
    // "At once": the one request, and no retry announced (a wait of an hour would time the test out).
    expect(result.stderr).not.toMatch(/retrying/);
    expect(parseJsonLines(result.stdout).at(-1)).toMatchObject({ type: "summary", status: "failed", exitCode: 4 });
  });

  it("exits 3 on a 503 that lasts through the client's retries of a read", async () => {
    // The server's rate limiter is down: every call answers 503 Rate limiter unavailable.
    fake.state.switches.rateLimiter = false;
    const result = await runCli(["--out", out, "--only", "memories"], serverEnv(server.url));
    expect(result.code).toBe(3);
    // The first attempt and the client's 2 retries, each announced on stderr, then one error line.
    expect(listRequests()).toHaveLength(3);
    const lines = result.stderr.trimEnd().split("\n");
    expect(lines.filter((line) => line.startsWith("omi: retrying GET /v1/dev/user/memories"))).toHaveLength(2);
    expect(lines.at(-1)).toMatch(/^omi-export: Server or network error: 503 Rate limiter unavailable .*resume/);
    expectKeyNeverShown(result.stderr);
    // Real backoff waits of the client's defaults (about 0.5 s and 1 s): a generous bound for a loaded machine.
  }, 60_000);

  it("keeps what was exported before a 429 mid-run, and the next run completes it exactly once", async () => {
    rateLimitedAfter(3);
    const first = await runCli(["--out", out, "-q"], serverEnv(server.url));
    expect(first.code).toBe(4);
    expect(first.stdout).toBe("");
    expect(first.stderr.trimEnd().split("\n")).toHaveLength(1);
    fake.clearFaults();
    const second = await runCli(["--out", out, "-q"], serverEnv(server.url));
    expect(second).toMatchObject({ code: 0, stdout: "", stderr: "" });
    const resumedAt = requestsTo(fake, "/v1/dev/user/conversations").map((request) => request.query.offset);
    for (const name of ["conversations", "memories", "action-items"] as const)
      expect(idsIn(join(out, `${name}.jsonl`))).toEqual(await listedIds(fake, name));
    // The second run read the last page written (the third) again, in case items were removed meanwhile, then went on.
    // (Each page starts on the last item of the one before: pages of 200 hold ~171 visible conversations.)
    expect(resumedAt.slice(0, 6)).toEqual(["0", "171", "341", "433", "341", "433"]);
  });

  it("exits 1 on usage errors, before sending anything", async () => {
    const cases: Array<[string[], Record<string, string>, RegExp]> = [
      [["--out"], {}, /^omi-export: --out needs a value \(see omi-export --help\)\n$/],
      [["--out", "x", "--since", "last week"], {}, /^omi-export: --since must be an ISO date/],
      [["--out", "x", "--only", "notes"], {}, /^omi-export: --only: unknown resource "notes"/],
      [["--out", "x", "--quiet", "--json"], {}, /cannot be used together/],
      [["--out", "x", TEST_KEY], {}, /^omi-export: omi-export takes no positional arguments/],
      [["--out", "x"], { OMI_API_KEY: "" }, /^omi-export: no API key: set OMI_API_KEY/],
    ];
    const results = await Promise.all(cases.map(([args, env]) => runCli(args, { ...serverEnv(server.url), ...env })));
    results.forEach((result, i) => {
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(cases[i]?.[2] ?? /never/);
      expect(result.stdout).toBe("");
      expectKeyNeverShown(result.stderr);
    });
    expect(fake.requests).toHaveLength(0);
  });

  it("exits 2 on a malformed key, before sending anything and without printing it", async () => {
    const result = await runCli(["--out", out], serverEnv(server.url, "omi_dev_tooshort"));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^omi-export: The API key is malformed/);
    expect(result.stderr).not.toContain("tooshort");
    expect(fake.requests).toHaveLength(0);
    expect(readdirSync(out)).toEqual([]);
  });
});
