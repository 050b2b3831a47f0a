import { basename } from "node:path";

/** Where an example writes its progress lines (`console.log` when run as a script; a buffer in tests). */
export type Print = (line: string) => void;

/**
 * Runs `main` when the file named `scriptName` is the script node or tsx was
 * started with (`npx tsx examples/daily-digest.ts`), and does nothing when a
 * test imports the file for its exported functions. A failure prints the error
 * and sets exit code 1.
 *
 * @param scriptName - The example's file name without extension, e.g. `daily-digest`.
 * @param main - What the script does.
 */
export function runIfScript(scriptName: string, main: () => Promise<void>): void {
  const entry = process.argv[1];
  if (!entry || basename(entry).replace(/\.[cm]?[jt]s$/, "") !== scriptName) return;
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
    process.exitCode = 1;
  });
}
