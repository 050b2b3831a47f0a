import type { BatchTiming } from "./drive.js";
import { CONTENDERS, type ContenderName, type ScenarioResult } from "./run-scenario.js";

/** The median of a non-empty list. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** One contender's figures in one scenario. */
export interface ContenderFigures {
  /** Requests per second: median over rounds, slowest and fastest round. */
  median: number;
  min: number;
  max: number;
  /** CPU time of the client process per request, in microseconds (median over rounds). */
  cpuUsPerRequest: number;
}

/** The client's time over another contender's, paired round by round (median over rounds). */
export interface Ratios {
  /** Wall-time ratio: what the targets are about. */
  wall: number;
  /** CPU-time ratio: the same comparison, less sensitive to other load on the machine. */
  cpu: number;
}

/** What a scenario's numbers say. */
export interface ScenarioSummary {
  figures: Record<ContenderName, ContenderFigures>;
  clientVsRawFetch: Ratios;
  /** Against raw fetch with a timeout signal: what the client adds beyond the cost of timing out. */
  clientVsTimedFetch: Ratios;
  clientVsOpenapiFetch: Ratios;
}

/** Summarises a scenario: figures per contender, and the client's ratios paired round by round. */
export function summarise(result: ScenarioResult): ScenarioSummary {
  const perSecond = (timing: BatchTiming) => (result.requestsPerRound * 1e9) / timing.wallNs;
  const figures = Object.fromEntries(
    CONTENDERS.map((name) => {
      const rates = result.rounds[name].map(perSecond);
      const cpu = median(result.rounds[name].map((timing) => timing.cpuUs / result.requestsPerRound));
      return [name, { median: median(rates), min: Math.min(...rates), max: Math.max(...rates), cpuUsPerRequest: cpu }];
    }),
  ) as Record<ContenderName, ContenderFigures>;
  const paired = (other: ContenderName): Ratios => {
    const theirs = result.rounds[other];
    const ratio = (pick: (timing: BatchTiming) => number) =>
      median(result.rounds.client.map((timing, round) => pick(timing) / pick(theirs[round] as BatchTiming)));
    return { wall: ratio((timing) => timing.wallNs), cpu: ratio((timing) => timing.cpuUs) };
  };
  return {
    figures,
    clientVsRawFetch: paired("rawFetch"),
    clientVsTimedFetch: paired("rawFetchWithTimeout"),
    clientVsOpenapiFetch: paired("openapiFetch"),
  };
}
