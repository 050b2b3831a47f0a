/**
 * `omi-export`'s refresh against generated fake accounts (createOmiFake, through
 * test/support/listing-fakes.ts, as in the pager's property test): caps below the
 * spec's, locked rows at any rate and in blocks, the action-item horizon, truncated
 * memory pages, offsets ignored, items removed between runs and while the refresh
 * lists. The invariant: no live item is ever reported removed or taken out of the
 * mirror, whatever the server does; and a refresh that ends complete holds every
 * live item once.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { createOmiClient } from "../../../src/index.js";
import type { ExportOptions } from "../../../cli/export/args.js";
import { prepareCheckpoint } from "../../../cli/export/checkpoint.js";
import { runExport } from "../../../cli/export/exporter.js";
import type { ProgressReporter } from "../../../cli/export/progress.js";
import { CHANGES_FILE } from "../../../cli/export/refresh.js";
import type { ResourceName } from "../../../cli/export/resources.js";
import { LISTINGS, listingServer, rowsOf, type ListingName, type ListingServerOptions } from "../../support/listing-fakes.js";
import { readJsonl } from "../support/jsonl.js";

const KEY = "omi_dev_refreshproperty0000000000000";
const RESOURCE: Partial<Record<ListingName, ResourceName>> = {
  conversations: "conversations",
  memories: "memories",
  actionItems: "action-items",
};
const quiet: ProgressReporter = { start() {}, page() {}, skip() {}, done() {}, warn() {}, log() {}, finish() {} };

const scenarioArb = fc.constantFrom<ListingName>("conversations", "memories", "actionItems").chain((listing) => {
  const { specCap } = LISTINGS[listing];
  return fc.record({
    listing: fc.constant(listing),
    size: fc.oneof(
      fc.constantFrom(0, 1, specCap - 1, specCap + 1, 2 * specCap + 3),
      fc.integer({ min: 0, max: listing === "actionItems" ? 2600 : 3 * specCap }),
    ),
    cap: fc.constantFrom(specCap, Math.ceil(specCap / 2)),
    lockedEvery: fc.constantFrom(0, 0, 3, 7),
    block: fc.option(
      fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), length: fc.integer({ min: 1, max: 3 * specCap }) }),
    ),
    removedBetween: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 5 }),
    removedDuring: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 3 }),
    ignoresOffset: fc.constantFrom(false, false, false, true),
    truncatedFrom: listing === "memories" ? fc.option(fc.integer({ min: 0, max: 2000 })) : fc.constant(null),
  });
});

describe("omi-export refresh over generated fake accounts", () => {
  it("never reports a live item removed, nor takes one out of the mirror", async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb, async (scenario) => {
        const out = mkdtempSync(join(tmpdir(), "omi-refresh-property-"));
        try {
          const rows = rowsOf(scenario.size, (i) => ({
            locked:
              (scenario.lockedEvery > 0 && i % scenario.lockedEvery === 1) ||
              (scenario.block !== null &&
                i >= Math.floor(scenario.block.at * scenario.size) &&
                i < Math.floor(scenario.block.at * scenario.size) + scenario.block.length),
            completed: i % 2 === 0,
          }));
          const resource = RESOURCE[scenario.listing] as ResourceName;
          let current = listingServer({ listing: scenario.listing, rows, cap: scenario.cap, apiKey: KEY });
          const fetch = ((input: RequestInfo | URL, init?: RequestInit) => current.fetch(input, init)) as typeof globalThis.fetch;
          const omi = createOmiClient({
            apiKey: KEY,
            baseUrl: "https://api.omi.me",
            fetch,
            logLevel: "off",
            maxRetries: 0,
            retryBackoff: { initialDelayMs: 0, maxDelayMs: 0 },
          });
          const options: ExportOptions = {
            out,
            since: undefined,
            only: [resource],
            transcripts: false,
            output: "quiet",
            apiKey: KEY,
            baseUrl: "https://api.omi.me",
            pace: false,
            restart: false,
          };
          const run = () =>
            runExport({
              omi,
              options,
              checkpoint: prepareCheckpoint(options),
              reporter: quiet,
              signal: new AbortController().signal,
            });

          // A first export against a server that behaves; what it mirrors is the starting point.
          const first = await run();
          expect(first.status).toBe("complete");
          const mirrored = new Set(
            readJsonl(join(out, `${resource}.jsonl`)).map((item) => String((item as { id?: unknown }).id)),
          );

          // Removals between the runs and while the refresh lists, and the server's quirks switched on.
          const pick = (at: number) => rows[Math.floor(at * rows.length)]?.key;
          const between = new Set(scenario.removedBetween.map(pick).filter((key): key is string => key !== undefined));
          const during = scenario.removedDuring.map(pick).filter((key): key is string => key !== undefined && !between.has(key));
          const quirks: ListingServerOptions = {
            listing: scenario.listing,
            rows: rows.filter((row) => !between.has(row.key)),
            cap: scenario.cap,
            apiKey: KEY,
            ignoresOffset: scenario.ignoresOffset,
            mutations: during.length ? [{ afterRequest: 2, remove: during }] : [],
            ...(scenario.truncatedFrom !== null
              ? { truncation: { mode: "persistent" as const, fromOffset: scenario.truncatedFrom } }
              : {}),
          };
          current = listingServer(quirks);
          const refresh = await run();

          const gone = new Set([...between, ...during].map((key) => rows.find((row) => row.key === key)?.id));
          const removed = existsSync(join(out, CHANGES_FILE))
            ? readFileSync(join(out, CHANGES_FILE), "utf8")
                .trimEnd()
                .split("\n")
                .filter(Boolean)
                .map((line) => JSON.parse(line) as { id: string; change: string })
                .filter((record) => record.change === "removed")
                .map((record) => record.id)
            : [];
          // Never a live item reported removed.
          for (const id of removed) expect(gone.has(id)).toBe(true);
          // Never a live item taken out of the mirror: every mirrored item not removed from the server is still there.
          const now = readJsonl(join(out, `${resource}.jsonl`)).map((item) => String((item as { id?: unknown }).id));
          expect(new Set(now).size).toBe(now.length);
          for (const id of mirrored) if (!gone.has(id)) expect(now).toContain(id);
          if (refresh.status === "complete") for (const id of removed) expect(now).not.toContain(id);
        } finally {
          rmSync(out, { recursive: true, force: true });
        }
      }),
      { numRuns: 60, seed: 20261207 },
    );
  });
});
