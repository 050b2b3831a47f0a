import { pathToFileURL } from "node:url";
import { BENCH_KEY, exposedGc } from "./entry.js";

type ClientModule = typeof import("../../src/index.js");

/** What one `pages()` walk over the bench server's memories held in memory. */
export interface PaginationMemory {
  items: number;
  pages: number;
  /** The heap in use before the walk (after a garbage collection). */
  heapBeforeBytes: number;
  /** The largest heap in use during the walk, sampled after a garbage collection at every page. */
  peakHeapBytes: number;
}

/**
 * Walks `maxItems` memories with the client's `pages()` (pages of 1000, the
 * server's cap), collecting garbage and sampling the heap after every page:
 * for a listing that holds one page at a time the peak stays flat whatever the
 * number of items. Needs node's --expose-gc (the npm script sets it).
 */
export async function measurePaginationMemory(url: string, clientEntry: string, maxItems: number): Promise<PaginationMemory> {
  const collectGarbage = exposedGc();
  const { createOmiClient } = (await import(pathToFileURL(clientEntry).href)) as ClientModule;
  const omi = createOmiClient({ apiKey: BENCH_KEY, baseUrl: url });
  collectGarbage();
  const before = process.memoryUsage().heapUsed;
  let items = 0;
  let pages = 0;
  let peak = before;
  for await (const page of omi.memories.pages({}, { max: maxItems })) {
    items += page.items.length;
    pages += 1;
    collectGarbage();
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }
  return { items, pages, heapBeforeBytes: before, peakHeapBytes: peak };
}
