import type { BenchOperations, ContenderSet } from "./contenders.js";
import { drive, type BatchTiming } from "./drive.js";

/** The contenders, in the order they are printed. */
export const CONTENDERS = ["rawFetch", "rawFetchWithTimeout", "openapiFetch", "client"] as const satisfies ReadonlyArray<
  keyof ContenderSet
>;
/** One of {@link CONTENDERS}. */
export type ContenderName = (typeof CONTENDERS)[number];

/** One measured workload. */
export interface Scenario {
  /** What is printed, e.g. `list, sequential`. */
  label: string;
  operation: keyof BenchOperations;
  /** Requests per contender, over all rounds (warm-up not counted). */
  requests: number;
  /** Requests in flight at once (1: sequential). */
  concurrency: number;
  /** Rounds; each runs every contender once, the order rotating from round to round. */
  rounds: number;
  /** Requests per contender before measuring (JIT, connection pool). */
  warmup: number;
}

/** The timing of each round, per contender. */
export interface ScenarioResult {
  scenario: Scenario;
  requestsPerRound: number;
  rounds: Record<ContenderName, BatchTiming[]>;
}

// Collects garbage between batches when node runs with --expose-gc, so that one
// contender's garbage is not collected on the next one's time.
const collectGarbage = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

/**
 * Runs a scenario: a warm-up of every contender, then `rounds` interleaved rounds
 * (the contenders' order rotates each round, so that drift and the order in which
 * they run weigh on all of them alike).
 */
export async function runScenario(operations: BenchOperations, scenario: Scenario): Promise<ScenarioResult> {
  const set = operations[scenario.operation];
  const requestsPerRound = Math.max(1, Math.round(scenario.requests / scenario.rounds));
  for (const name of CONTENDERS) await drive(set[name], scenario.warmup, scenario.concurrency);
  const rounds: Record<ContenderName, BatchTiming[]> = { rawFetch: [], rawFetchWithTimeout: [], openapiFetch: [], client: [] };
  for (let round = 0; round < scenario.rounds; round++) {
    for (let i = 0; i < CONTENDERS.length; i++) {
      const name = CONTENDERS[(round + i) % CONTENDERS.length] as ContenderName;
      collectGarbage();
      rounds[name].push(await drive(set[name], requestsPerRound, scenario.concurrency));
    }
  }
  return { scenario, requestsPerRound, rounds };
}
