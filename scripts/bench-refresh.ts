/**
 * `npx tsx --expose-gc scripts/bench-refresh.ts [--items N]`: how much heap an
 * `omi-export` refresh of N synthetic memories (default 100,000) holds, against
 * an in-process fake of the API: it should grow with the number of ids, not
 * with the size of the items. Prints numbers; asserts nothing.
 */
import { numberOption, runEntry } from "./bench/entry.js";
import { formatRefreshMemory, measureRefreshMemory } from "./bench/refresh-memory.js";

const items = numberOption("--items", 100_000);
if (items < 100 || items % 100 !== 0) throw new Error("--items needs a multiple of 100");

runEntry(async () => console.log(formatRefreshMemory(await measureRefreshMemory(items))));
