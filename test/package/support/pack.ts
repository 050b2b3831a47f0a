import { join, resolve } from "node:path";
import { runNpm } from "./run-npm.js";

/** The repository root (the package being packed). */
export const ROOT = resolve(__dirname, "../../..");

/** One entry of `npm pack --json`. */
export interface PackResult {
  filename: string;
  files: ReadonlyArray<{ path: string; size: number }>;
}

function parsePackJson(stdout: string): PackResult {
  // npm prints a JSON array with one entry per packed package.
  const parsed = JSON.parse(stdout.slice(stdout.indexOf("["))) as PackResult[];
  const [result] = parsed;
  if (!result) throw new Error(`npm pack printed no package: ${stdout}`);
  return result;
}

/**
 * What `npm pack` would put in the tarball, without writing it. Scripts are not
 * run: the project's global setup built dist/ already.
 */
export function packDryRun(): PackResult {
  return parsePackJson(runNpm(["pack", "--dry-run", "--json", "--ignore-scripts"], ROOT).stdout);
}

/**
 * Packs the package into `destination` (scripts not run, see {@link packDryRun}).
 *
 * @returns The absolute path of the tarball.
 */
export function packInto(destination: string): string {
  const result = parsePackJson(runNpm(["pack", "--json", "--ignore-scripts", "--pack-destination", destination], ROOT).stdout);
  return join(destination, result.filename);
}
