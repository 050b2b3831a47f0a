/** What the bench entry points share: their numeric options, node's `gc`, the dummy key, and how they end. */

/** The developer key every bench's client sends (the bench servers and fakes accept it). */
export const BENCH_KEY = "omi_dev_bench0000000000000000000000";

/** The positive integer after `name` on the command line (`--rounds 5`), or `fallback` when absent. */
export function numberOption(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  if (at < 0) return fallback;
  const value = Number(process.argv[at + 1]);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} needs a positive integer`);
  return value;
}

/** node's `gc()`, which the memory measures call between samples; throws without `--expose-gc`. */
export function exposedGc(): () => void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error("run with node --expose-gc (npx tsx --expose-gc …) to measure memory");
  return gc;
}

/**
 * Runs an entry point's `main` and exits when it is done (0), or on its error (1, the message on
 * stderr), without waiting for the idle keep-alive sockets of the clients it measured.
 */
export function runEntry(main: () => Promise<unknown>): void {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
