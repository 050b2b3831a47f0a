/**
 * examples/hide-old-conversations.ts against a fake account (omi-developer-api/testing)
 * holding the spec's two example conversations: which conversations it picks, that a dry
 * run changes nothing, that it hides with PATCH { discarded: true } oldest first, that it
 * stops cleanly when the write budget runs out, and the script's command line.
 */
import { hideOldConversations, parseHideArgs } from "../../examples/hide-old-conversations.js";
import { described, exampleAccount, printed } from "./support/example-account.js";
import { runExample } from "./support/run-example.js";

jest.setTimeout(60_000);

// The account holds the spec's two example conversations: 5d8e… created 2025-11-18T16:42:07Z
// ("Sprint planning …") and a91c… created 2025-11-17T19:03:44Z ("Weekend hiking …").
const SPRINT = "5d8e2f47-1b3a-4c9e-8f06-7a2d9c4b1e53";
const HIKING = "a91c3e6b-7d24-4f58-b0e9-3c6d8a2f17b4";
const NOW = new Date("2025-11-20T00:00:00Z");

describe("hideOldConversations against the fake", () => {
  it("lists with end_date at the cutoff and hides only the older conversation", async () => {
    const { fake, omi } = exampleAccount();
    const result = await hideOldConversations(omi, { olderThanDays: 2, now: NOW, print: () => {} });
    expect(result.old.map((c) => c.id)).toEqual([HIKING]);
    expect(result.hidden).toEqual([HIKING]);
    // 200s: each request also conforms to the spec's request schemas (the fake answers 422 otherwise).
    expect(described(fake)).toEqual([
      "GET /v1/dev/user/conversations?end_date=2025-11-18T00%3A00%3A00.000Z&limit=200&offset=0 → 200",
      // Then pages up to two page sizes past its one item, empty, which prove the end (locked rows are dropped after paging).
      "GET /v1/dev/user/conversations?end_date=2025-11-18T00%3A00%3A00.000Z&limit=200&offset=1 → 200",
      "GET /v1/dev/user/conversations?end_date=2025-11-18T00%3A00%3A00.000Z&limit=200&offset=201 → 200",
      "GET /v1/dev/user/conversations?end_date=2025-11-18T00%3A00%3A00.000Z&limit=200&offset=401 → 200",
      `PATCH /v1/dev/user/conversations/${HIKING}? → 200`,
    ]);
    expect(fake.requests[4]?.body).toEqual({ discarded: true });
    expect(fake.state.conversations.map((c) => [c.id, c.discarded ?? false])).toEqual([
      [SPRINT, false],
      [HIKING, true],
    ]);
  });

  it("hides oldest first and prints each one", async () => {
    const { fake, omi } = exampleAccount();
    const out = printed();
    const result = await hideOldConversations(omi, { olderThanDays: 1, now: NOW, print: out.print });
    expect(result.hidden).toEqual([HIKING, SPRINT]);
    expect(fake.requestsOf("updateConversation").map((r) => r.path)).toEqual([
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
    // Hidden conversations are no longer listed.
    expect(await omi.conversations.list()).toEqual([]);
  });

  it("changes nothing in a dry run", async () => {
    const { fake, omi } = exampleAccount();
    const out = printed();
    const result = await hideOldConversations(omi, { olderThanDays: 1, now: NOW, dryRun: true, print: out.print });
    expect(result.old.map((c) => c.id)).toEqual([HIKING, SPRINT]);
    expect(result.hidden).toEqual([]);
    expect(fake.requests.map((r) => r.method)).toEqual(["GET", "GET", "GET", "GET"]);
    expect(fake.state.conversations.some((c) => c.discarded)).toBe(false);
    expect(out.lines.slice(2)).toEqual([
      `  would hide ${HIKING}  2025-11-17  Weekend hiking plans with Sam`,
      `  would hide ${SPRINT}  2025-11-18  Sprint planning for the onboarding redesign`,
      "Dry run: nothing was changed.",
    ]);
  });

  it("stops when the write budget is used up, and says when to run again", async () => {
    // One conversation write an hour, two minutes before the fake's hour ends: the second
    // PATCH is refused with the server's 429 and Retry-After: 120.
    const { fake, omi } = exampleAccount({
      now: () => Date.parse("2025-11-20T00:58:00Z"),
      rateLimits: { limits: { "conversations:write": 1 } },
    });
    const out = printed();
    const result = await hideOldConversations(omi, { olderThanDays: 1, now: NOW, print: out.print });
    expect(result.hidden).toEqual([HIKING]);
    expect(result.rateLimited).toEqual({ retryAfterMs: 120_000 });
    expect(fake.requestsOf("updateConversation").map((r) => r.status)).toEqual([200, 429]);
    expect(out.lines.slice(-2)).toEqual([
      expect.stringMatching(/^Stopped: the conversation write budget is used up \(429 Rate limit exceeded/),
      "Hid 1 of 2; run again in 2 min to hide the rest.",
    ]);
  });

  it("refuses an age that is not a whole number of days", async () => {
    const { fake, omi } = exampleAccount();
    await expect(hideOldConversations(omi, { olderThanDays: 0.5, print: () => {} })).rejects.toThrow(
      "olderThanDays must be a whole number ≥ 1, got 0.5",
    );
    expect(fake.requests).toEqual([]);
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
    const { fake } = exampleAccount();
    const listener = await fake.listen();
    const run = await runExample("hide-old-conversations", ["30", "--dry-run"], listener.url).finally(() => listener.close());
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    // Both example conversations are from November 2025, so older than 30 days on any day after 2025-12-18.
    expect(run.stdout).toContain(`  would hide ${HIKING}  2025-11-17  Weekend hiking plans with Sam`);
    expect(run.stdout).toContain("Dry run: nothing was changed.");
    expect(fake.requests.map((r) => `${r.method} ${r.status}`)).toEqual(["GET 200", "GET 200", "GET 200", "GET 200"]);
  });

  it("exits with 1 and the usage for a bad argument", async () => {
    const { fake } = exampleAccount();
    const listener = await fake.listen();
    const run = await runExample("hide-old-conversations", ["soon"], listener.url).finally(() => listener.close());
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('<days> must be a whole number of days ≥ 1, got "soon"');
    expect(fake.requests).toEqual([]);
  });
});
