/**
 * How to test your own code with `omi-developer-api/testing`: the daily digest of
 * `daily-digest.ts`, run against a fake account in memory (no key, no network). The fake
 * holds exactly the action items the test puts there, pages like the real server, and
 * answers an injected 503 that the client retries. Runs with jest here; the same code runs
 * under Vitest or `node:test` (use their `expect`/`assert`).
 */
import { createOmiClient } from "omi-developer-api";
import { createOmiFake } from "omi-developer-api/testing";
import { dailyDigest } from "./daily-digest.js";

const NOW = new Date("2026-09-30T08:00:00Z");

function account() {
  const fake = createOmiFake({
    state: {
      actionItems: [
        {
          id: "late",
          description: "Renew passport",
          completed: false,
          created_at: "2026-09-01T10:00:00Z",
          due_at: "2026-09-28T09:00:00Z",
        },
        {
          id: "today",
          description: "Call the dentist",
          completed: false,
          created_at: "2026-09-02T10:00:00Z",
          due_at: "2026-09-30T15:00:00Z",
        },
        {
          id: "later",
          description: "Book the train",
          completed: false,
          created_at: "2026-09-03T10:00:00Z",
          due_at: "2026-10-09T09:00:00Z",
        },
        {
          id: "done",
          description: "Pay rent",
          completed: true,
          created_at: "2026-09-04T10:00:00Z",
          due_at: "2026-09-29T09:00:00Z",
        },
      ],
    },
  });
  const omi = createOmiClient({
    apiKey: fake.apiKey,
    fetch: fake.fetch,
    logLevel: "off",
    retryBackoff: { initialDelayMs: 1, maxDelayMs: 1 },
  });
  return { fake, omi };
}

test("the digest lists what is overdue and what is due today, nothing else", async () => {
  const { omi } = account();
  const lines: string[] = [];
  const digest = await dailyDigest(omi, { now: NOW, timeZone: "UTC", print: (line) => lines.push(line) });
  expect(digest.overdue.flatMap((day) => day.items.map((item) => item.id))).toEqual(["late"]);
  expect(digest.dueToday.map((item) => item.id)).toEqual(["today"]);
  expect(lines.join("\n")).toContain("Call the dentist");
});

test("a 503 from the server is retried and the digest still arrives", async () => {
  const { fake, omi } = account();
  fake.inject({ operationId: "listActionItems", status: 503, body: { detail: "Rate limiter unavailable" } });
  const digest = await dailyDigest(omi, { now: NOW, timeZone: "UTC", print: () => {} });
  expect(digest.dueToday).toHaveLength(1);
  // The 503 retried, then the page, the page starting on its last item, and the empty positions up to the horizon.
  expect(fake.requestsOf("listActionItems").map((r) => r.status)).toEqual([503, 200, 200, 200]);
});
