/**
 * `npm run bench`: the client's time per request against bare openapi-fetch given
 * `AbortSignal.timeout(…)` (the target: ≤ 1.05×) and raw fetch (reference), side by side
 * in one process, against a keep-alive loopback server (in a child process) answering
 * canned JSON. tinybench times the requests; the rounds rotate the contenders' order (see
 * bench/run-scenario.ts). Before them, the cold start: new `node` processes importing the
 * client and creating one, against the same for openapi-fetch (the target: ≤ 1.10×). Then
 * how much memory paging through 6,000 and 60,000 items holds (flat when one page is held
 * at a time), and how long `npm run generate` and the contract suite take. Prints numbers;
 * asserts nothing.
 *
 * Loads the client from an ESM build: `dist/esm` (`npm run build` first; the npm script
 * does), or that of `--dist DIR` (e.g. another worktree's dist/, for a before/after
 * comparison on one machine). Needs `node --expose-gc` (the npm script sets it): garbage
 * is collected between batches, and the memory measure samples the heap after a collection.
 *
 * Options: `--dist DIR` (default `dist`), `--cold-start N` (pairs of node processes,
 * default 15), `--sequential N` (requests per contender per round, default 1000),
 * `--concurrent N` (4000), `--concurrency N` (64), `--rounds N` (5), `--skip-commands`
 * (no generate or contract timings).
 */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { createContenders } from "./bench/contenders.js";
import { BENCH_MEMORY_COUNT } from "./bench/bench-server.js";
import { measureColdStart } from "./bench/cold-start.js";
import { exposedGc, numberOption, runEntry } from "./bench/entry.js";
import { formatColdStart, formatMachine, formatPaginationMemory, formatScenario, formatTiming } from "./bench/format-bench.js";
import { measurePaginationMemory } from "./bench/pagination-memory.js";
import { machineInfo } from "./bench/machine.js";
import { runScenario, type Scenario } from "./bench/run-scenario.js";
import { spawnBenchServer } from "./bench/spawn-server.js";
import { timeContractSuite, timeGenerate } from "./bench/time-commands.js";

function scenarios(): Scenario[] {
  const rounds = numberOption("--rounds", 5);
  const sequential = numberOption("--sequential", 1_000);
  const concurrent = numberOption("--concurrent", 4_000);
  const concurrency = numberOption("--concurrency", 64);
  // Only the first round warms up, with half a round's requests.
  const scenario = (label: string, operation: Scenario["operation"], requests: number, inFlight: number): Scenario => ({
    label,
    operation,
    requests,
    concurrency: inFlight,
    rounds,
    warmup: Math.max(1, Math.round(requests / 2)),
  });
  return [
    scenario("list, sequential", "listConversations", sequential, 1),
    scenario(`list, ${concurrency} in flight`, "listConversations", concurrent, concurrency),
    scenario("delete, sequential", "deleteConversation", sequential, 1),
  ];
}

async function main(): Promise<void> {
  const root = resolve(".");
  const at = process.argv.indexOf("--dist");
  const clientEntry = join(resolve(at < 0 ? "dist" : (process.argv[at + 1] ?? "")), "esm/src/index.js");
  if (!existsSync(clientEntry)) throw new Error(`${clientEntry} is missing: run \`npm run build\` first`);
  exposedGc(); // the memory measure needs it: fail before measuring anything
  console.log(formatMachine(machineInfo(root)));
  console.log("");
  console.log(formatColdStart(measureColdStart(root, clientEntry, numberOption("--cold-start", 15)), clientEntry));
  console.log("");

  const server = await spawnBenchServer(root);
  try {
    const operations = await createContenders(server.url, clientEntry);
    for (const scenario of scenarios()) {
      console.log(formatScenario(await runScenario(operations, scenario)));
      console.log("");
    }
    const small = await measurePaginationMemory(server.url, clientEntry, BENCH_MEMORY_COUNT / 10);
    const large = await measurePaginationMemory(server.url, clientEntry, BENCH_MEMORY_COUNT);
    console.log(formatPaginationMemory(small, large));
    console.log("");
  } finally {
    await server.stop();
  }

  if (!process.argv.includes("--skip-commands")) {
    console.log("Project commands (wall time):");
    console.log(formatTiming(timeGenerate(root, 3)));
    console.log(formatTiming(timeContractSuite(root)));
  }
}

runEntry(main);
