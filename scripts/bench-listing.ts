/**
 * `npm run bench:listing`: how many requests a complete listing costs, against
 * fake accounts (`createOmiFake`, through test/support/listing-fakes.ts).
 * Counts, not times: the figures do not depend on the machine. Prints a
 * Markdown table for BENCHMARKS.md.
 */
import { createOmiClient } from "../src/index.js";
import { hourly, listingServer, type ListingName, type Row } from "../test/support/listing-fakes.js";
import { runEntry } from "./bench/entry.js";

const LOCKED = ["none", "10% at random", "a block of 600"] as const;

interface Case {
  listing: ListingName;
  items: number;
  locked: (typeof LOCKED)[number];
}

const CASES: Case[] = [
  ...[1500, 2000, 2500, 5000, 20000].flatMap((items) =>
    LOCKED.map((locked) => ({ listing: "actionItems" as const, items, locked })),
  ),
  ...[5, 150, 1000, 10000].flatMap((items) => LOCKED.map((locked) => ({ listing: "conversations" as const, items, locked }))),
  ...[5, 2345].map((items) => ({ listing: "memories" as const, items, locked: "none" as const })),
];

/** The server's page caps. */
const CAPS = { conversations: 200, memories: 1000, actionItems: 1000, dailySummaries: 100 };

/** A deterministic pseudo-random sequence, so that every run prints the same table. */
function sequence(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
}

async function requestsFor(test: Case): Promise<{ requests: number; listed: number; expected: number }> {
  const random = sequence(test.items);
  const rows: Row[] = Array.from({ length: test.items }, (_, i) => ({
    key: `r${i}`,
    id: `id-${i}`,
    us: hourly(i),
    locked:
      test.locked === "10% at random"
        ? random() < 0.1
        : test.locked === "a block of 600"
          ? i >= test.items / 2 && i < test.items / 2 + 600
          : false,
    completed: random() < 0.5,
  }));
  const server = listingServer({ listing: test.listing, rows, cap: CAPS[test.listing] });
  const omi = createOmiClient({
    apiKey: server.fake.apiKey,
    fetch: server.fetch,
    logLevel: "off",
  });
  const listing =
    test.listing === "actionItems"
      ? omi.actionItems.listAll()
      : test.listing === "conversations"
        ? omi.conversations.listAll()
        : omi.memories.listAll();
  let listed = 0;
  for await (const _ of listing) listed += 1;
  return { requests: server.requests(), listed, expected: server.mustList().length };
}

async function main(): Promise<void> {
  const lines = [
    "| listing | items | locked rows | requests | ⌈visible / cap⌉ | listed |",
    "| --- | ---: | --- | ---: | ---: | ---: |",
  ];
  for (const test of CASES) {
    const { requests, listed, expected } = await requestsFor(test);
    if (listed !== expected) throw new Error(`${test.listing} ${test.items} ${test.locked}: listed ${listed} of ${expected}`);
    lines.push(
      `| ${test.listing} | ${test.items.toLocaleString("en-US")} | ${test.locked} | ${requests} | ${Math.ceil(expected / CAPS[test.listing])} | ${listed.toLocaleString("en-US")} (all) |`,
    );
  }
  console.log(lines.join("\n"));
}

runEntry(main);
