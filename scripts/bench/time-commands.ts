import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** How long a project command took. */
export interface CommandTiming {
  /** The command, as a person would type it. */
  command: string;
  /** Wall time of each run, in milliseconds. */
  runsMs: number[];
  /** Exit code of the last run. */
  status: number | null;
}

function timeRun(args: readonly string[], cwd: string): { ms: number; status: number | null } {
  const begin = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [...args], { cwd, stdio: "ignore", timeout: 900_000 });
  return { ms: Number(process.hrtime.bigint() - begin) / 1e6, status: result.status };
}

/** Times `npm run generate` into a temporary folder, `runs` times (the temporary folder is removed). */
export function timeGenerate(root: string, runs: number): CommandTiming {
  const out = mkdtempSync(join(tmpdir(), "omi-bench-generate-"));
  try {
    const timings = Array.from({ length: runs }, () =>
      timeRun([join(root, "node_modules/tsx/dist/cli.mjs"), "scripts/generate.ts", "--out", out], root),
    );
    return {
      command: "tsx scripts/generate.ts --out <tmp>",
      runsMs: timings.map((t) => t.ms),
      status: timings.at(-1)?.status ?? null,
    };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** Times the contract suite (boots and stops its own Prism mock) once. */
export function timeContractSuite(root: string): CommandTiming {
  const run = timeRun([join(root, "node_modules/jest/bin/jest.js"), "--selectProjects", "contract"], root);
  return { command: "npx jest --selectProjects contract", runsMs: [run.ms], status: run.status };
}

/** The median of a non-empty list. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}
