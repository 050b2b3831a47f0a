import type { ColdStart, ColdStartSide } from "./cold-start.js";
import type { MachineInfo } from "./machine.js";
import type { PaginationMemory } from "./pagination-memory.js";
import { CONTENDERS, type ContenderName, type RoundFigures, type ScenarioResult } from "./run-scenario.js";
import { median, type CommandTiming } from "./time-commands.js";

/** The client's target: its time per request over bare openapi-fetch given a timeout signal. */
export const TARGET_VS_OPENAPI_FETCH = 1.05;
/** The client's cold-start target: a new `node` importing it and creating a client, over the same for openapi-fetch. */
export const TARGET_COLD_START = 1.1;

const LABELS: Record<ContenderName, string> = {
  rawFetch: "raw fetch + json()",
  rawFetchWithTimeout: "  … + AbortSignal.timeout",
  openapiFetchWithTimeout: "openapi-fetch + AbortSignal.timeout",
  client: "omi-developer-api helper",
};

const rate = (n: number) => Math.round(n).toLocaleString("en-US");

/** Bytes in MB (2^20), one decimal: `12.7 MB`. */
export const megabytes = (bytes: number): string => `${(bytes / 1_048_576).toFixed(1)} MB`;

/** The header: what was measured on what. */
export function formatMachine(machine: MachineInfo): string {
  const load = machine.loadAverage.map((value) => value.toFixed(2)).join(" ");
  return `Node ${machine.node} · ${machine.cores} cores (nproc) · ${machine.cpu} · ${machine.memoryGiB} GiB · load average ${load} · revision ${machine.revision}`;
}

/** The client's time (and CPU) over another contender's, paired round by round: the median over rounds. */
function paired(result: ScenarioResult, other: ContenderName): { time: number; cpu: number } {
  const theirs = result.rounds[other];
  const ratio = (pick: (figures: RoundFigures) => number) =>
    median(result.rounds.client.map((figures, round) => pick(figures) / pick(theirs[round] as RoundFigures)));
  return { time: ratio((figures) => figures.meanMs), cpu: ratio((figures) => figures.cpuUsPerRequest) };
}

/**
 * One scenario: per contender, requests/s (from the median over rounds of tinybench's mean
 * time per request; with several in flight, in-flight count ÷ mean time), the rounds' range,
 * the median margin of error and p99, CPU per request; then the client's ratios.
 */
export function formatScenario(result: ScenarioResult): string {
  const { scenario } = result;
  const perSecond = (ms: number) => (scenario.concurrency * 1000) / ms;
  const rows = CONTENDERS.map((name) => {
    const rounds = result.rounds[name];
    const means = rounds.map((figures) => figures.meanMs);
    const range = `(rounds ${rate(perSecond(Math.max(...means)))}–${rate(perSecond(Math.min(...means)))})`;
    const rme = `±${median(rounds.map((figures) => figures.rme)).toFixed(1)}%`;
    const p99 = `p99 ${(median(rounds.map((figures) => figures.p99Ms)) * 1000).toFixed(0)} µs`;
    const cpu = median(rounds.map((figures) => figures.cpuUsPerRequest));
    return `  ${LABELS[name].padEnd(36)} ${rate(perSecond(median(means))).padStart(8)} req/s ${range.padEnd(24)} ${rme.padStart(6)} ${p99.padStart(13)} ${cpu.toFixed(0).padStart(5)} µs CPU/req`;
  });
  const target = paired(result, "openapiFetchWithTimeout");
  const raw = paired(result, "rawFetch");
  const verdict = target.time <= TARGET_VS_OPENAPI_FETCH ? "met" : "MISSED";
  return [
    `${scenario.label}: ${scenario.requests.toLocaleString("en-US")} requests per contender per round, ${scenario.concurrency} in flight, ${scenario.rounds} interleaved rounds after ${scenario.warmup.toLocaleString("en-US")} warm-up (tinybench)`,
    ...rows,
    `  client / (openapi-fetch + AbortSignal.timeout): ${target.time.toFixed(3)}× time (target ≤ ${TARGET_VS_OPENAPI_FETCH.toFixed(2)}×: ${verdict}); CPU ${target.cpu.toFixed(3)}×`,
    `  client / raw fetch: ${raw.time.toFixed(3)}× time; CPU ${raw.cpu.toFixed(3)}× (reference, no target)`,
  ].join("\n");
}

/** Paging memory: the peak heap of a walk over N items and over 10 N, and their ratio (flat: about 1). */
export function formatPaginationMemory(small: PaginationMemory, large: PaginationMemory): string {
  const line = (m: PaginationMemory) =>
    `  ${m.items.toLocaleString("en-US").padStart(7)} items, ${String(m.pages).padStart(3)} pages: heap ${megabytes(m.heapBeforeBytes)} before, peak ${megabytes(m.peakHeapBytes)}`;
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
  return `  ${timing.command.padEnd(40)} ${(median(timing.runsMs) / 1000).toFixed(2)} s${runs}${failed}`;
}

/**
 * Cold start: per side, the median wall time of a `node` process (spawn to exit) and of the
 * import and creation inside it; then the client's ratios, each the median of the pairs' ratios.
 */
export function formatColdStart(result: ColdStart, clientEntry: string): string {
  const { client, openapiFetch } = result;
  const ratio = (pick: (side: ColdStartSide) => number[]) =>
    median(pick(client).map((ms, pair) => ms / (pick(openapiFetch)[pair] as number)));
  const processRatio = ratio((side) => side.processMs);
  const verdict = processRatio <= TARGET_COLD_START ? "met" : "MISSED";
  const row = (side: ColdStartSide) =>
    `  ${side.label.padEnd(44)} ${median(side.processMs).toFixed(1).padStart(7)} ms process (spawn to exit), ${median(side.importMs).toFixed(1).padStart(6)} ms import + create`;
  return [
    `cold start: a new node process importing the package and creating a client, ${client.processMs.length} alternating pairs after a warm-up (client: ${clientEntry})`,
    row(client),
    row(openapiFetch),
    `  client / openapi-fetch: ${processRatio.toFixed(3)}× process time (target ≤ ${TARGET_COLD_START.toFixed(2)}×: ${verdict}); import + create ${ratio((side) => side.importMs).toFixed(2)}× (reference, no target)`,
  ].join("\n");
}
