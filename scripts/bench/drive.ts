import type { Contender } from "./contenders.js";

/** How long a batch of requests took. */
export interface BatchTiming {
  /** Wall time, in nanoseconds. */
  wallNs: number;
  /** CPU time of this process (user + system), in microseconds: less disturbed than wall time by other load on the machine. */
  cpuUs: number;
}

/**
 * Makes `count` requests with at most `concurrency` in flight (1: one after the
 * other) and returns how long they took.
 */
export async function drive(contender: Contender, count: number, concurrency: number): Promise<BatchTiming> {
  let started = 0;
  const worker = async () => {
    while (started < count) {
      started += 1;
      await contender();
    }
  };
  const cpuBefore = process.cpuUsage();
  const begin = process.hrtime.bigint();
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  const wallNs = Number(process.hrtime.bigint() - begin);
  const cpu = process.cpuUsage(cpuBefore);
  return { wallNs, cpuUs: cpu.user + cpu.system };
}
