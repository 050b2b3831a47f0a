import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createOmiClient } from "../../src/index.js";
import type { ExportOptions } from "../../cli/export/args.js";
import { prepareCheckpoint } from "../../cli/export/checkpoint.js";
import { runExport } from "../../cli/export/exporter.js";
import type { ProgressReporter } from "../../cli/export/progress.js";
import { mirrorHashes, type ChangeCounts } from "../../cli/export/refresh.js";
import { BENCH_KEY, exposedGc } from "./entry.js";
import { megabytes as mb } from "./format-bench.js";

/** What a refresh of many synthetic memories held in memory. */
export interface RefreshMemory {
  /** Memories in the account before the refresh. */
  itemsBefore: number;
  /** Memories in the account (and the mirror) after it. */
  itemsAfter: number;
  /** The mirror file's size after the refresh. */
  mirrorBytes: number;
  /** The changes the refresh logged. */
  changes: ChangeCounts;
  /** The heap in use before the refresh (after a garbage collection). */
  heapBeforeBytes: number;
  /** The largest heap in use while listing, sampled after a garbage collection at every page. */
  listingPeakBytes: number;
  /** The heap in use with the id → hash map the refresh builds to compare the listing with the mirror. */
  commitMapBytes: number;
}

const PAGE = 1000;
const PADDING = "x".repeat(400);

// Memory `i` of the account as it is at `version` 1 (before) or 2 (after: every 50th removed,
// every 10th edited, `count / 100` new ones at the top). Made on request, so the fake holds no items.
function memoryAt(version: 1 | 2, count: number, index: number): object | undefined {
  const added = version === 2 ? count / 100 : 0;
  if (index < added) return memory(`memories-new-${index}`, `New memory ${index}`);
  const i = index - added;
  if (version === 1) return i < count ? memory(`memories-${i}`, `Memory ${i}`) : undefined;
  // Version 2 lists the survivors of version 1 in order: skip every 50th.
  const survivor = i + Math.floor(i / 49);
  if (survivor >= count) return undefined;
  return memory(`memories-${survivor}`, survivor % 10 === 0 ? `Edited memory ${survivor}` : `Memory ${survivor}`);
}

function memory(id: string, content: string): object {
  return { id, content, category: "interesting", created_at: "2025-01-01T00:00:00.000Z", visibility: "private", notes: PADDING };
}

/**
 * Exports `count` synthetic memories (about 0.5 KB each) from an in-process
 * fake, changes the account (adds, edits, removes), refreshes the mirror, and
 * samples the heap: while listing (after a garbage collection at every page),
 * and with the id → hash map the commit builds. Needs node's --expose-gc.
 */
export async function measureRefreshMemory(count: number): Promise<RefreshMemory> {
  const gc = exposedGc();
  let version: 1 | 2 = 1;
  const fakeFetch: typeof fetch = async (input, init) => {
    const url = new URL(new Request(input, init).url);
    const offset = Number(url.searchParams.get("offset") ?? 0);
    const items: object[] = [];
    for (let i = offset; i < offset + PAGE; i++) {
      const item = memoryAt(version, count, i);
      if (item) items.push(item);
    }
    return new Response(JSON.stringify(items), { headers: { "content-type": "application/json" } });
  };
  const out = mkdtempSync(join(tmpdir(), "omi-bench-refresh-"));
  try {
    const omi = createOmiClient({ apiKey: BENCH_KEY, baseUrl: "http://bench.invalid", fetch: fakeFetch, logLevel: "off" });
    const options: ExportOptions = {
      out,
      since: undefined,
      only: ["memories"],
      transcripts: false,
      output: "quiet",
      apiKey: BENCH_KEY,
      baseUrl: undefined,
      pace: false,
      restart: false,
    };
    let peak = 0;
    const reporter: ProgressReporter = {
      start() {},
      page() {
        gc();
        peak = Math.max(peak, process.memoryUsage().heapUsed);
      },
      skip() {},
      done() {},
      warn() {},
      log() {},
      finish() {},
    };
    const run = () =>
      runExport({ omi, options, checkpoint: prepareCheckpoint(options), reporter, signal: new AbortController().signal });
    const first = await run();
    if (first.status !== "complete") throw new Error(`the first export ended ${first.status}`);
    version = 2;
    gc();
    const before = process.memoryUsage().heapUsed;
    peak = before;
    const refresh = await run();
    const result = refresh.results[0];
    if (refresh.status !== "complete" || !result?.changes) throw new Error(`the refresh ended ${refresh.status}`);
    const mirror = join(out, "memories.jsonl");
    gc();
    const mapBase = process.memoryUsage().heapUsed;
    const map = mirrorHashes(mirror);
    gc();
    const commitMapBytes = before + (process.memoryUsage().heapUsed - mapBase);
    if (map.size !== result.items) throw new Error("the map does not hold every id");
    return {
      itemsBefore: count,
      itemsAfter: result.items,
      mirrorBytes: statSync(mirror).size,
      changes: result.changes,
      heapBeforeBytes: before,
      listingPeakBytes: peak,
      commitMapBytes,
    };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** The bench's lines for a refresh. */
export function formatRefreshMemory(result: RefreshMemory): string {
  const { added, updated, removed } = result.changes;
  return [
    `omi-export refresh of ${result.itemsBefore.toLocaleString("en-US")} memories → ${result.itemsAfter.toLocaleString("en-US")} (${added} added, ${updated} updated, ${removed} removed), mirror file ${mb(result.mirrorBytes)}:`,
    `  heap before ${mb(result.heapBeforeBytes)}; peak while listing ${mb(result.listingPeakBytes)} (+${mb(result.listingPeakBytes - result.heapBeforeBytes)}); with the commit's id → hash map ${mb(result.commitMapBytes)} (+${mb(result.commitMapBytes - result.heapBeforeBytes)}, ${(result.mirrorBytes / Math.max(1, result.commitMapBytes - result.heapBeforeBytes)).toFixed(1)}× less than the file)`,
  ].join("\n");
}
