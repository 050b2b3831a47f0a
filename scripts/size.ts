/**
 * `npm run size`: how much a browser app downloads when it imports the client.
 * Runs size-limit on the checks of `.size-limit.js` (the ESM build in dist/esm, so run
 * `npm run build` first; the npm script does) and prints its figures as one report: the
 * client with every feature next to bare openapi-fetch, the CI gate's verdict, issue 12's
 * target (reported, not a gate), and what each optional feature costs. Exits 1 when the
 * client is over the gate (size-limit's `limit`), 2 when size-limit fails.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";

/** Issue 12's target for the bundle with every feature, gzipped: printed against the bundle, never enforced. */
export const SIZE_TARGET_BYTES = 12 * 1024;

/** One check's result as `size-limit --json` prints it. */
interface CheckResult {
  name: string;
  size: number;
  passed?: boolean;
  sizeLimit?: number;
}

const WITHOUT = "without: ";
const bytes = (n: number): string => `${n.toLocaleString("en-US")} B`;
const kib = (n: number): string => `${(n / 1024).toFixed(2)} KiB`;

function table(rows: ReadonlyArray<readonly string[]>): string[] {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? "").length))) ?? [];
  return rows.map((row) =>
    row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join("   "),
  );
}

/** Renders the report from size-limit's results (the gated check is the client with every feature). */
export function formatSizeReport(results: readonly CheckResult[]): string {
  const client = results.find((check) => check.sizeLimit !== undefined);
  const bare = results.find((check) => check.name.startsWith("openapi-fetch"));
  if (!client?.sizeLimit || !bare) throw new Error("`.size-limit.js` needs a check with a limit and an openapi-fetch check");
  const gate = client.sizeLimit;
  const gateVerdict =
    client.size <= gate
      ? `within the gate: ${bytes(client.size)} of ${bytes(gate)} (${bytes(gate - client.size)} to spare)`
      : `OVER THE GATE by ${bytes(client.size - gate)}: ${bytes(client.size)} > ${bytes(gate)}`;
  const targetVerdict =
    client.size <= SIZE_TARGET_BYTES
      ? `met (${bytes(SIZE_TARGET_BYTES - client.size)} under)`
      : `missed by ${bytes(client.size - SIZE_TARGET_BYTES)} (${kib(client.size)})`;
  const features = results.filter((check) => check.name.startsWith(WITHOUT));
  return [
    "Browser bundle (size-limit: esbuild bundle, minified, format esm, platform browser; gzip level 9)",
    "",
    ...table([
      ["bundle", "gzipped"],
      [client.name, bytes(client.size)],
      [bare.name, bytes(bare.size)],
      ["difference (what the client adds)", bytes(client.size - bare.size)],
    ]),
    "",
    `CI gate ${bytes(gate)} (.size-limit.js): ${gateVerdict}`,
    `Target ${bytes(SIZE_TARGET_BYTES)} (12 KiB) with every feature (issue 12; reported, not a gate): ${targetVerdict}`,
    ...(features.length === 0
      ? []
      : [
          "",
          "What each optional feature costs (gzipped bytes the bundle loses when its modules are stubbed out):",
          ...table(features.map((check) => [`  ${check.name.slice(WITHOUT.length)}`, bytes(client.size - check.size)])),
          `  → the client without all of them: ${bytes(features.at(-1)?.size ?? client.size)} gzipped`,
        ]),
  ].join("\n");
}

function main(): number {
  const root = resolve(".");
  const entry = join(root, "dist/esm/src/index.js");
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run \`npm run build\` first`);
  const run = spawnSync(process.execPath, [join(root, "node_modules/size-limit/bin.js"), "--json"], {
    cwd: root,
    encoding: "utf8",
  });
  let parsed: unknown;
  try {
    parsed = JSON.parse(run.stdout);
  } catch {
    throw new Error(`size-limit failed (exit ${run.status}):\n${run.stdout}${run.stderr}`);
  }
  if (!Array.isArray(parsed)) throw new Error(`size-limit failed:\n${(parsed as { error?: string }).error ?? run.stdout}`);
  const results = parsed as CheckResult[];
  console.log(formatSizeReport(results));
  return results.every((check) => check.passed !== false) ? 0 : 1;
}

try {
  process.exitCode = main();
} catch (error: unknown) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 2;
}
