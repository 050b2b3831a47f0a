import type { ProgressReporter } from "./reporter.js";

/** `--quiet`: reports nothing (errors are printed by the caller). */
export function createQuietReporter(): ProgressReporter {
  const nothing = (): void => {};
  return { start: nothing, page: nothing, skip: nothing, done: nothing, warn: nothing, log: nothing, finish: nothing };
}
