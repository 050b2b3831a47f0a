/**
 * `npx tsx --expose-gc scripts/bench-refresh.ts [--items N]`: how much heap an
 * `omi-export` refresh of N synthetic memories (default 100,000) holds, against
 * an in-process fake of the API: it should grow with the number of ids, not
 * with the size of the items. Prints numbers; asserts nothing.
 */
import { formatRefreshMemory, measureRefreshMemory } from "./bench/refresh-memory.js";

const at = process.argv.indexOf("--items");
const items = at < 0 ? 100_000 : Number(process.argv[at + 1]);
if (!Number.isInteger(items) || items < 100 || items % 100 !== 0) throw new Error("--items needs a multiple of 100");

measureRefreshMemory(items).then(
  (result) => console.log(formatRefreshMemory(result)),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
