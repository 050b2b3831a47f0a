/** The longest delay `setTimeout` can wait: Node and browsers fire a longer one at once. */
const MAX_TIMER_MS = 2_147_483_647;

/** The numeric options of the client and of a call, with their ranges. */
export interface NumberOptions {
  maxRetries?: number | undefined;
  timeoutMs?: number | undefined;
  maxRetryDelayMs?: number | undefined;
}

const RANGES: ReadonlyArray<[name: keyof NumberOptions, min: number, max: number]> = [
  ["maxRetries", 0, Number.MAX_SAFE_INTEGER],
  ["timeoutMs", 1, MAX_TIMER_MS],
  ["maxRetryDelayMs", 0, MAX_TIMER_MS],
];

/** What is wrong with the first numeric option out of its range, or `undefined` when all are fine. */
export function badNumberOption(options: NumberOptions): string | undefined {
  for (const [name, min, max] of RANGES) {
    const value = options[name];
    if (value !== undefined && !(typeof value === "number" && value >= min && value <= max)) {
      const range = max === MAX_TIMER_MS ? `from ${min} to ${MAX_TIMER_MS} (the longest timer)` : `≥ ${min}`;
      return `${name} must be a number ${range}, got ${typeof value === "string" ? JSON.stringify(value) : String(value)}`;
    }
  }
  return undefined;
}
