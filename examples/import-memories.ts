/**
 * Import memories from a file: JSON Lines (one memory per line) or a JSON
 * array, each `{ "content": "…", "category"?: "work", "visibility"?: "private", "tags"?: ["…"] }`.
 *
 *   OMI_API_KEY=omi_dev_… npx tsx examples/import-memories.ts memories.jsonl
 *
 * Every line is checked first; if any is wrong, the problems are listed by line
 * and nothing is sent. The memories are then created 25 at a time (the most one
 * `createMemoriesBatch` call takes). The server keeps one memory per text: a
 * re-run returns the memories already imported instead of storing them twice,
 * so an interrupted import is finished by running it again. Batch calls have a
 * base budget of 15 an hour per key; when a batch fails, the output says which
 * lines were imported and which were not. Needs `memories:write`.
 */
import { readFile } from "node:fs/promises";
import { createOmiClient, type OmiClient } from "omi-developer-api";
import { parseMemoryFile, type MemoryRecord } from "./lib/memory-file.js";
import { runIfScript, type Print } from "./lib/run-script.js";

/** The most memories one `createBatch` call may carry. */
export const BATCH_SIZE = 25;

/** What {@link importMemories} did. */
export interface ImportResult {
  /** How many memories the server stored. */
  created: number;
  /** The ids of the stored memories, in file order. */
  ids: string[];
  /** How many batch calls were made. */
  batches: number;
}

/**
 * Creates memories with `omi.memories.createBatch`, {@link BATCH_SIZE} at a
 * time, in file order, printing one line per batch. Stops at the first failed
 * batch: prints which lines were imported and which were not, then rethrows.
 *
 * @param omi - A client whose key has `memories:write`.
 * @param records - The memories, from {@link parseMemoryFile}.
 * @param print - Where progress goes (default: `console.log`).
 */
export async function importMemories(
  omi: OmiClient,
  records: readonly MemoryRecord[],
  print: Print = console.log,
): Promise<ImportResult> {
  const result: ImportResult = { created: 0, ids: [], batches: 0 };
  const total = Math.ceil(records.length / BATCH_SIZE);
  for (let start = 0; start < records.length; start += BATCH_SIZE) {
    const chunk = records.slice(start, start + BATCH_SIZE);
    const span = `${chunk[0]?.where} to ${chunk[chunk.length - 1]?.where}`;
    try {
      const response = await omi.memories.createBatch({ memories: chunk.map((record) => record.memory) });
      result.batches += 1;
      result.created += response.created_count;
      result.ids.push(...response.memories.map((memory) => memory.id));
      print(`Batch ${result.batches}/${total}: stored ${response.created_count} memories (${span}).`);
    } catch (error) {
      const done = start ? `${records[0]?.where} to ${records[start - 1]?.where} were imported` : "nothing was imported";
      print(`Batch ${result.batches + 1}/${total} (${span}) failed: ${error instanceof Error ? error.message : String(error)}`);
      print(
        `So far ${done}; ${records[start]?.where} onwards were not. Running it again is safe: text already imported is returned, not stored twice.`,
      );
      throw error;
    }
  }
  print(`Imported ${result.created} memories in ${result.batches} batch${result.batches === 1 ? "" : "es"}.`);
  return result;
}

/**
 * The whole job: reads and checks the file, then imports it.
 *
 * @param omi - A client whose key has `memories:write`.
 * @param file - Path of the JSON Lines or JSON file.
 * @param print - Where progress goes (default: `console.log`).
 * @throws `MemoryFileError` listing every bad line (nothing is sent), or the client's error of a failed batch.
 */
export async function importMemoryFile(omi: OmiClient, file: string, print: Print = console.log): Promise<ImportResult> {
  const records = parseMemoryFile(await readFile(file, "utf8"), file);
  print(`Read ${records.length} memories from ${file}; creating them ${BATCH_SIZE} at a time …`);
  return importMemories(omi, records, print);
}

runIfScript("import-memories", async () => {
  const file = process.argv[2];
  if (!file || process.argv.length > 3)
    throw new Error("Usage: npx tsx examples/import-memories.ts <memories.jsonl | memories.json>");
  // Reads OMI_API_KEY (and OMI_API_BASE, default https://api.omi.me) from the environment.
  await importMemoryFile(createOmiClient(), file);
});
