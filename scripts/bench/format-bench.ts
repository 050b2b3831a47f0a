import type { MachineInfo } from "./machine.js";
import type { PaginationMemory } from "./pagination-memory.js";
import type { ContenderName, ScenarioResult } from "./run-scenario.js";
import { summarise, type Ratios } from "./statistics.js";
import { medianSeconds, type CommandTiming } from "./time-commands.js";

/** The client's targets, as time ratios. */
export const TARGETS = { vsRawFetch: 1.1, vsOpenapiFetch: 1.05 } as const;

const LABELS: Record<ContenderName, string> = {
  rawFetch: "raw fetch + json()",
  rawFetchWithTimeout: "  … + timeout signal",
  openapiFetch: "openapi-fetch GET/DELETE",
  client: "omi-developer-api helper",
};

const rate = (n: number) => Math.round(n).toLocaleString("en-US");
const verdict = (ratios: Ratios, target: number) =>
  `${ratios.wall.toFixed(3)}× time (target ≤ ${target.toFixed(2)}×: ${ratios.wall <= target ? "met" : "MISSED"}); CPU ${ratios.cpu.toFixed(3)}×`;

/** The header: what was measured on what. */
export function formatMachine(machine: MachineInfo): string {
  const load = machine.loadAverage.map((value) => value.toFixed(2)).join(" ");
  return `Node ${machine.node} · ${machine.cores} cores (nproc) · ${machine.cpu} · ${machine.memoryGiB} GiB · load average ${load} · revision ${machine.revision}`;
}

/** One scenario: requests/s per contender (median of rounds, and the range) and the client's ratios. */
export function formatScenario(result: ScenarioResult): string {
  const { scenario } = result;
  const summary = summarise(result);
  const rows = (Object.keys(LABELS) as ContenderName[]).map((name) => {
    const f = summary.figures[name];
    const range = `(rounds ${rate(f.min)}–${rate(f.max)})`;
    return `  ${LABELS[name].padEnd(26)} ${rate(f.median).padStart(8)} req/s ${range.padEnd(24)} ${f.cpuUsPerRequest.toFixed(0).padStart(5)} µs CPU/req`;
  });
  return [
    `${scenario.label}: ${scenario.requests.toLocaleString("en-US")} requests each, ${scenario.concurrency} in flight, ${scenario.rounds} interleaved rounds after ${scenario.warmup.toLocaleString("en-US")} warm-up`,
    ...rows,
    `  client / raw fetch:      ${verdict(summary.clientVsRawFetch, TARGETS.vsRawFetch)}`,
    `  client / openapi-fetch:  ${verdict(summary.clientVsOpenapiFetch, TARGETS.vsOpenapiFetch)}`,
    `  client / raw fetch + timeout signal: ${summary.clientVsTimedFetch.wall.toFixed(3)}× time; CPU ${summary.clientVsTimedFetch.cpu.toFixed(3)}× (reference)`,
  ].join("\n");
}

/** Paging memory: the peak heap of a walk over N items and over 10 N, and their ratio (flat: about 1). */
export function formatPaginationMemory(small: PaginationMemory, large: PaginationMemory): string {
  const mb = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MB`;
  const line = (m: PaginationMemory) =>
    `  ${m.items.toLocaleString("en-US").padStart(7)} items, ${String(m.pages).padStart(3)} pages: heap ${mb(m.heapBeforeBytes)} before, peak ${mb(m.peakHeapBytes)}`;
  return [
    "pagination memory: pages() over the bench server's memories (pages of 1,000), heap sampled after a GC at every page",
    line(small),
    line(large),
    `  peak with 10× the items: ${(large.peakHeapBytes / small.peakHeapBytes).toFixed(2)}× (flat when one page is held at a time)`,
  ].join("\n");
}

/** A timed project command. */
export function formatTiming(timing: CommandTiming): string {
  const runs =
    timing.runsMs.length > 1
      ? ` (median of ${timing.runsMs.length}: ${timing.runsMs.map((ms) => (ms / 1000).toFixed(2)).join(", ")} s)`
      : "";
  const failed = timing.status === 0 ? "" : `  [exit ${timing.status}]`;
  return `  ${timing.command.padEnd(40)} ${medianSeconds(timing).toFixed(2)} s${runs}${failed}`;
}
