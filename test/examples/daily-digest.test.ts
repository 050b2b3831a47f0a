/**
 * examples/daily-digest.ts against a fake account (omi-developer-api/testing)
 * holding the spec's example action items: which requests it makes, how it sorts
 * action items into overdue and due-today by calendar day in a time zone, and
 * the script run with only the environment set.
 */
import type { ActionItem } from "../../src/index.js";
import { buildDigest, dailyDigest } from "../../examples/daily-digest.js";
import { described, exampleAccount, printed } from "./support/example-account.js";
import { runExample } from "./support/run-example.js";

jest.setTimeout(60_000);

// The account holds the spec's example action items: an open one due
// 2025-11-20T17:00:00Z from a conversation, and a completed one without a due date.
describe("dailyDigest against the fake", () => {
  it("asks for open items in pages of 1000 and stops once the end is proven", async () => {
    const { fake, omi } = exampleAccount();
    await dailyDigest(omi, { now: new Date("2025-11-20T09:00:00Z"), timeZone: "UTC", print: () => {} });
    // 200s: each request also conforms to the spec's request schemas (the fake answers 422 otherwise).
    // The page, then the positions after its one item up to the 2,000 horizon: empty, which proves the end
    // (locked action items are dropped after the page is cut, so a short page alone does not).
    expect(described(fake)).toEqual([
      "GET /v1/dev/user/action-items?completed=false&limit=1000&offset=0 → 200",
      "GET /v1/dev/user/action-items?completed=false&limit=1000&offset=1 → 200",
      "GET /v1/dev/user/action-items?completed=false&limit=999&offset=1001 → 200",
    ]);
  });

  it("prints the item due today, and leaves out the completed one", async () => {
    const { omi } = exampleAccount();
    const out = printed();
    const digest = await dailyDigest(omi, { now: new Date("2025-11-20T09:00:00Z"), timeZone: "UTC", print: out.print });
    expect(digest.overdue).toEqual([]);
    expect(digest.dueToday.map((e) => e.description)).toEqual(["Draft welcome screen copy"]);
    expect(out.lines).toEqual([
      "Fetching open action items …",
      "Daily digest for Thu 20 Nov 2025 (UTC): 0 overdue, 1 due today, of 1 open action item.",
      "",
      "Overdue (0)",
      "    nothing overdue",
      "Due today (1)",
      "    - Draft welcome screen copy (due 17:00, from a conversation)",
    ]);
  });

  it("groups it as overdue two days later, by the calendar of the given time zone", async () => {
    const { omi } = exampleAccount();
    const out = printed();
    const digest = await dailyDigest(omi, { now: new Date("2025-11-22T12:00:00Z"), timeZone: "Asia/Tokyo", print: out.print });
    expect(digest.dueToday).toEqual([]);
    // 17:00 UTC on the 20th is 02:00 on the 21st in Tokyo: one day before the 22nd there.
    expect(digest.overdue.map((g) => [g.day, g.daysAgo, g.items.map((e) => e.description)])).toEqual([
      ["2025-11-21", 1, ["Draft welcome screen copy"]],
    ]);
    expect(out.lines).toContain("  Fri 21 Nov 2025, yesterday");
    expect(out.lines).toContain("    - Draft welcome screen copy (due 02:00, from a conversation)");
  });
});

describe("buildDigest", () => {
  const item = (id: string, due: string | null, extra: Partial<ActionItem> = {}): ActionItem => ({
    id,
    description: `task ${id}`,
    completed: false,
    due_at: due,
    conversation_id: null,
    ...extra,
  });

  it("groups overdue items by day (oldest first), keeps today's in time order and drops the rest", () => {
    const digest = buildDigest(
      [
        item("today-late", "2025-11-20T22:30:00+01:00"),
        item("tomorrow", "2025-11-21T08:00:00Z"),
        item("older", "2025-11-01T10:00:00Z"),
        item("no-date", null),
        item("today-early", "2025-11-20T06:00:00Z"),
        item("yesterday", "2025-11-19T23:00:00Z"),
        item("done", "2025-11-18T10:00:00Z", { completed: true }),
        item("older-2", "2025-11-01T08:00:00Z", { conversation_id: "c1" }),
      ],
      new Date("2025-11-20T12:00:00Z"),
      "UTC",
    );
    expect(digest.today).toBe("2025-11-20");
    expect(digest.overdue.map((g) => [g.day, g.daysAgo, g.items.map((e) => e.id)])).toEqual([
      ["2025-11-01", 19, ["older-2", "older"]],
      ["2025-11-19", 1, ["yesterday"]],
    ]);
    expect(digest.dueToday.map((e) => e.id)).toEqual(["today-early", "today-late"]);
    expect(digest.overdue[0]?.items[0]?.fromConversation).toBe(true);
  });
});

describe("the script", () => {
  it("runs with only OMI_API_BASE and OMI_API_KEY set, and prints the digest", async () => {
    const { fake } = exampleAccount();
    const listener = await fake.listen();
    const run = await runExample("daily-digest", [], listener.url, { TZ: "UTC" }).finally(() => listener.close());
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    // The example item is due in November 2025, so it is overdue on any later day.
    expect(run.stdout).toMatch(/^Daily digest for .* \(UTC\): 1 overdue, 0 due today, of 1 open action item\.$/m);
    expect(run.stdout).toContain("  Thu 20 Nov 2025, ");
    expect(run.stdout).toContain("    - Draft welcome screen copy (due 17:00, from a conversation)");
    expect(fake.requestsOf("listActionItems").map((r) => r.status)).toEqual([200, 200, 200]);
  });
});
