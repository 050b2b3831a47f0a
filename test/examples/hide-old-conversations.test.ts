/**
 * examples/hide-old-conversations.ts against the Prism mock: which
 * conversations it picks, that a dry run changes nothing, that it hides with
 * PATCH { discarded: true } oldest first, that it stops cleanly when the write
 * budget runs out, and the script's command line.
 */
import { hideOldConversations, parseHideArgs } from "../../examples/hide-old-conversations.js";
import { mockClient, printed } from "./support/mock-client.js";
import { startSpecMock } from "./support/prism-for-tests.js";
import { runExample } from "./support/run-example.js";

jest.setTimeout(60_000);

let prism: Awaited<ReturnType<typeof startSpecMock>>;
beforeAll(async () => {
  prism = await startSpecMock();
});
afterAll(async () => {
  await prism?.stop();
});

// The mock lists the spec's two example conversations: 5d8e… created 2025-11-18T16:42:07Z
// ("Sprint planning …") and a91c… created 2025-11-17T19:03:44Z ("Weekend hiking …").
const SPRINT = "5d8e2f47-1b3a-4c9e-8f06-7a2d9c4b1e53";
const HIKING = "a91c3e6b-7d24-4f58-b0e9-3c6d8a2f17b4";
const NOW = new Date("2025-11-20T00:00:00Z");

describe("hideOldConversations against the mock", () => {
  it("lists with end_date at the cutoff and hides only the older conversation", async () => {
    const { omi, calls } = mockClient(prism.url);
    const result = await hideOldConversations(omi, { olderThanDays: 2, now: NOW, print: () => {} });
    expect(result.old.map((c) => c.id)).toEqual([HIKING]);
    expect(result.hidden).toEqual([HIKING]);
    expect(calls.map((c) => `${c.method} ${c.path}?${c.query.toString()} → ${c.status}`)).toEqual([
      "GET /v1/dev/user/conversations?end_date=2025-11-18T00%3A00%3A00.000Z&limit=200&offset=0 → 200",
      "GET /v1/dev/user/conversations?end_date=2025-11-18T00%3A00%3A00.000Z&limit=200&offset=200 → 200",
      `PATCH /v1/dev/user/conversations/${HIKING}? → 200`,
    ]);
    expect(calls[2]?.body).toEqual({ discarded: true });
    expect(calls.map((c) => c.violations)).toEqual([null, null, null]);
  });

  it("hides oldest first and prints each one", async () => {
    const { omi, calls } = mockClient(prism.url);
    const out = printed();
    const result = await hideOldConversations(omi, { olderThanDays: 1, now: NOW, print: out.print });
    expect(result.hidden).toEqual([HIKING, SPRINT]);
    expect(calls.filter((c) => c.method === "PATCH").map((c) => c.path)).toEqual([
      `/v1/dev/user/conversations/${HIKING}`,
      `/v1/dev/user/conversations/${SPRINT}`,
    ]);
    expect(out.lines).toEqual([
      "Listing conversations created before 2025-11-19T00:00:00.000Z (older than 1 day) …",
      "2 conversations older than 1 day.",
      `  hid ${HIKING}  2025-11-17  Weekend hiking plans with Sam`,
      `  hid ${SPRINT}  2025-11-18  Sprint planning for the onboarding redesign`,
      "Hid 2 conversations.",
    ]);
  });

  it("changes nothing in a dry run", async () => {
    const { omi, calls } = mockClient(prism.url);
    const out = printed();
    const result = await hideOldConversations(omi, { olderThanDays: 1, now: NOW, dryRun: true, print: out.print });
    expect(result.old.map((c) => c.id)).toEqual([HIKING, SPRINT]);
    expect(result.hidden).toEqual([]);
    expect(calls.map((c) => c.method)).toEqual(["GET", "GET"]);
    expect(out.lines.slice(2)).toEqual([
      `  would hide ${HIKING}  2025-11-17  Weekend hiking plans with Sam`,
      `  would hide ${SPRINT}  2025-11-18  Sprint planning for the onboarding redesign`,
      "Dry run: nothing was changed.",
    ]);
  });

  it("stops when the write budget is used up, and says when to run again", async () => {
    // The second PATCH is answered with the spec's 429 (Retry-After: 120).
    const { omi, calls } = mockClient(prism.url, (request) =>
      request.method === "PATCH" && request.url.endsWith(SPRINT) ? 429 : undefined,
    );
    const out = printed();
    const result = await hideOldConversations(omi, { olderThanDays: 1, now: NOW, print: out.print });
    expect(result.hidden).toEqual([HIKING]);
    expect(result.rateLimited).toEqual({ retryAfterMs: 120_000 });
    expect(calls.filter((c) => c.method === "PATCH").map((c) => c.status)).toEqual([200, 429]);
    expect(out.lines.slice(-2)).toEqual([
      expect.stringMatching(/^Stopped: the conversation write budget is used up \(429 Rate limit exceeded/),
      "Hid 1 of 2; run again in 2 min to hide the rest.",
    ]);
  });

  it("refuses an age that is not a whole number of days", async () => {
    const { omi, calls } = mockClient(prism.url);
    await expect(hideOldConversations(omi, { olderThanDays: 0.5, print: () => {} })).rejects.toThrow(
      "olderThanDays must be a whole number ≥ 1, got 0.5",
    );
    expect(calls).toEqual([]);
  });
});

describe("parseHideArgs", () => {
  it("reads <days> and --dry-run", () => {
    expect(parseHideArgs(["90"])).toEqual({ olderThanDays: 90, dryRun: false });
    expect(parseHideArgs(["--dry-run", "30"])).toEqual({ olderThanDays: 30, dryRun: true });
  });

  it.each([[[]], [["0"]], [["ninety"]], [["1.5"]], [["30", "40"]], [["30", "--force"]]])("refuses %j with the usage", (args) => {
    expect(() => parseHideArgs(args)).toThrow("Usage: npx tsx examples/hide-old-conversations.ts <days> [--dry-run]");
  });
});

describe("the script", () => {
  it("runs a dry run with only OMI_API_BASE and OMI_API_KEY set", async () => {
    const run = await runExample("hide-old-conversations", ["30", "--dry-run"], prism.url);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    // Both example conversations are from November 2025, so older than 30 days on any day after 2025-12-18.
    expect(run.stdout).toContain(`  would hide ${HIKING}  2025-11-17  Weekend hiking plans with Sam`);
    expect(run.stdout).toContain("Dry run: nothing was changed.");
  });

  it("exits with 1 and the usage for a bad argument", async () => {
    const run = await runExample("hide-old-conversations", ["soon"], prism.url);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('<days> must be a whole number of days ≥ 1, got "soon"');
  });
});
