/**
 * `npm run contract:live` (reads) against a fake Omi server on loopback: a
 * server that breaks the spec in two places is reported field by field with a
 * non-zero exit; a conforming one passes with exit 0. The script boots and
 * stops its own Prism proxy.
 */
import { exampleOf } from "./support/spec-examples.js";
import { startFakeUpstream, type FakeUpstream } from "./support/fake-upstream.js";
import { blockOf, DUMMY_KEY, isListening, prismUrlOf, runContractLive, type ScriptRun } from "./support/run-contract-live.js";

jest.setTimeout(90_000);

const [firstConversation] = exampleOf<Array<{ id: string; created_at: string }>>("listConversations");
const CREATED_AT_SECONDS = Math.floor(Date.parse(firstConversation?.created_at ?? "") / 1000);

describe("contract:live against a server that violates the spec", () => {
  let upstream: FakeUpstream;
  let run: ScriptRun;
  beforeAll(async () => {
    upstream = await startFakeUpstream("bad");
    run = await runContractLive([], { OMI_API_BASE: upstream.url, OMI_API_KEY: DUMMY_KEY });
  });
  afterAll(() => upstream.stop());

  it("exits 1", () => {
    expect(run.stderr).not.toMatch(/contract:live:|Error/);
    expect(run.code).toBe(1);
  });

  it("reports Conversation.created_at sent as a number: operation, field, expected and actual", () => {
    const block = blockOf(run.stdout, /✗ listConversations +GET \/v1\/dev\/user\/conversations → 200$/);
    expect(block).toContain(
      [
        "      $[0].created_at  (type; reported by prism)",
        "        expected: string",
        `        actual:   number ${CREATED_AT_SECONDS}`,
      ].join("\n"),
    );
    // The get of an id found in the list shows the same fault at the top level.
    const get = blockOf(run.stdout, /✗ getConversation +GET \/v1\/dev\/user\/conversations\/[^?\s]+ → 200$/);
    expect(get).toContain("$.created_at  (type; reported by prism)");
  });

  it("reports Memory.id missing: operation, field, expected and actual", () => {
    const block = blockOf(run.stdout, /✗ listMemories +GET \/v1\/dev\/user\/memories → 200$/);
    expect(block).toBe(
      [
        "  ✗ listMemories  GET /v1/dev/user/memories → 200",
        "      $[0].id  (required; reported by prism)",
        "        expected: a value (required property)",
        "        actual:   missing",
      ].join("\n"),
    );
  });

  it("passes the operations the faults do not touch and counts the violations", () => {
    for (const op of ["listFolders", "searchMemories", "listActionItems", "listGoals", "getGoal", "listGoalHistory"]) {
      expect(run.stdout).toMatch(new RegExp(`^  ✓ ${op} `, "m"));
    }
    expect(run.stdout).toMatch(/^ {2}- listApiKeys +GET \/v1\/dev\/keys: skipped \(OMI_FIREBASE_ID_TOKEN is not set\)$/m);
    expect(run.stdout).toMatch(/violate the spec \(7 violations\).*Exit code 1\.$/m);
  });

  it("only read: every request that reached the server was a GET", () => {
    expect(upstream.requests.length).toBeGreaterThanOrEqual(10);
    expect(upstream.requests.filter((r) => r.method !== "GET")).toEqual([]);
  });

  it("never prints the key, and stops its Prism proxy", async () => {
    expect(`${run.stdout}${run.stderr}`).not.toContain(DUMMY_KEY);
    const prismUrl = prismUrlOf(run.stdout);
    expect(prismUrl).toBeDefined();
    expect(await isListening(prismUrl as string)).toBe(false);
  });
});

describe("contract:live against a conforming server", () => {
  let upstream: FakeUpstream;
  let text: ScriptRun;
  let json: ScriptRun;
  beforeAll(async () => {
    upstream = await startFakeUpstream("valid");
    const env = { OMI_API_BASE: upstream.url, OMI_API_KEY: DUMMY_KEY };
    [text, json] = await Promise.all([runContractLive([], env), runContractLive(["--json"], env)]);
  });
  afterAll(() => upstream.stop());

  it("passes every read with exit 0", () => {
    const run = text;
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain("✗");
    expect(run.stdout).toMatch(/^ {2}✓ listConversations +GET \/v1\/dev\/user\/conversations → 200$/m);
    expect(run.stdout).toMatch(/^ {2}✓ listMemories +GET \/v1\/dev\/user\/memories → 200$/m);
    expect(run.stdout).toMatch(/0 violate the spec \(0 violations\).*Exit code 0\.$/m);
  });

  it("--json gives the same verdict as data", () => {
    const run = json;
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { exitCode: number; results: Array<{ operationId: string; outcome: string }> };
    expect(report.exitCode).toBe(0);
    const outcomes = new Set(report.results.map((r) => r.outcome));
    expect([...outcomes].sort()).toEqual(["conforms", "skipped"]);
    expect(report.results.filter((r) => r.outcome === "skipped").map((r) => r.operationId)).toEqual(["listApiKeys"]);
  });
});

describe("contract:live without its environment", () => {
  it.each([
    [{ OMI_API_KEY: DUMMY_KEY }, /OMI_API_BASE is not set/],
    [{ OMI_API_BASE: "http://127.0.0.1:9" }, /OMI_API_KEY is not set/],
    [{ OMI_API_BASE: "ftp://example.com", OMI_API_KEY: DUMMY_KEY }, /OMI_API_BASE must be an http\(s\) URL/],
  ])("refuses to run with exit 2 (%j)", async (env, message) => {
    const run = await runContractLive([], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe("");
    expect(run.stderr).not.toContain(DUMMY_KEY);
  });
});
