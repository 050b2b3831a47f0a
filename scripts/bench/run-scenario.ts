import { Bench } from "tinybench";
import type { BenchOperations, ContenderSet } from "./contenders.js";

/** The contenders, in the order they are printed. */
export const CONTENDERS = [
  "rawFetch",
  "rawFetchWithTimeout",
  "openapiFetchWithTimeout",
  "client",
] as const satisfies ReadonlyArray<keyof ContenderSet>;
/** One of {@link CONTENDERS}. */
export type ContenderName = (typeof CONTENDERS)[number];

/** One measured workload. */
export interface Scenario {
  /** What is printed, e.g. `list, sequential`. */
  label: string;
  operation: keyof BenchOperations;
  /** Requests per contender in each round (warm-up not counted). */
  requests: number;
  /** Requests in flight at once (1: sequential). */
  concurrency: number;
  /** Rounds; each runs every contender once, the order rotating from round to round. */
  rounds: number;
  /** Requests per contender before the first round (JIT, connection pool). */
  warmup: number;
}

/** One contender's figures in one round, from tinybench's latency statistics and the process's CPU time. */
export interface RoundFigures {
  /** Mean time of a request in milliseconds (with several in flight: while that many are in flight). */
  meanMs: number;
  /** 99th percentile of the request times, in milliseconds. */
  p99Ms: number;
  /** Relative margin of error of the mean, in percent. */
  rme: number;
  /** CPU time of this process (user + system) per request, in microseconds. */
  cpuUsPerRequest: number;
}

/** The figures of each round, per contender. */
export interface ScenarioResult {
  scenario: Scenario;
  rounds: Record<ContenderName, RoundFigures[]>;
}

// Collects garbage before each task when node runs with --expose-gc, so that one
// contender's garbage is not collected on the next one's time.
const collectGarbage = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

/**
 * Runs a scenario with tinybench: `rounds` benches, each of which runs every contender for
 * `requests` requests (`concurrency: "task"` with `threshold` keeps that many in flight),
 * the contenders' order rotating from round to round so that drift and the order in which
 * they run weigh on all of them alike (tinybench runs a bench's tasks one after the other).
 * Only the first round warms up.
 */
export async function runScenario(operations: BenchOperations, scenario: Scenario): Promise<ScenarioResult> {
  const set = operations[scenario.operation];
  const rounds: ScenarioResult["rounds"] = { rawFetch: [], rawFetchWithTimeout: [], openapiFetchWithTimeout: [], client: [] };
  for (let round = 0; round < scenario.rounds; round++) {
    let cpuBefore = process.cpuUsage();
    const cpuUs = new Map<string, number>();
    const bench = new Bench({
      name: scenario.label,
      iterations: scenario.requests,
      time: 0,
      warmup: round === 0,
      warmupIterations: scenario.warmup,
      warmupTime: 0,
      ...(scenario.concurrency > 1 ? { concurrency: "task" as const, threshold: scenario.concurrency } : {}),
      throws: true,
      setup: (_task, mode) => {
        if (mode !== "run") return;
        collectGarbage();
        cpuBefore = process.cpuUsage();
      },
      teardown: (task, mode) => {
        if (mode !== "run" || !task) return;
        const used = process.cpuUsage(cpuBefore);
        cpuUs.set(task.name, used.user + used.system);
      },
    });
    for (let i = 0; i < CONTENDERS.length; i++) {
      const name = CONTENDERS[(round + i) % CONTENDERS.length] as ContenderName;
      bench.add(name, set[name]);
    }
    await bench.run();
    for (const task of bench.tasks) {
      const result = task.result;
      if (result.state !== "completed") throw new Error(`${scenario.label}: ${task.name} ended ${result.state}`);
      rounds[task.name as ContenderName].push({
        meanMs: result.latency.mean,
        p99Ms: result.latency.p99,
        rme: result.latency.rme,
        cpuUsPerRequest: (cpuUs.get(task.name) ?? NaN) / task.runs,
      });
    }
  }
  return { scenario, rounds };
}
