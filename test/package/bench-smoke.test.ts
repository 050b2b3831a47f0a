/**
 * `npm run bench` runs end to end (server up and down, every contender answering,
 * the figures printed). A smoke run with few requests: timings are printed by the
 * bench, never asserted. dist/ is built by the project's global setup.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { ROOT } from "./support/pack.js";

const TSX = join(ROOT, "node_modules/tsx/dist/cli.mjs");

describe("npm run bench (smoke run)", () => {
  it("measures the four contenders and prints requests/s and the client's ratios", () => {
    const args = [
      TSX,
      "--expose-gc", // as the npm script runs it: the memory measure needs it
      "scripts/bench.ts",
      "--sequential",
      "60",
      "--concurrent",
      "120",
      "--concurrency",
      "8",
      "--rounds",
      "2",
      "--skip-commands",
    ];
    const run = spawnSync(process.execPath, args, { cwd: ROOT, encoding: "utf8", timeout: 120_000 });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Node v\d+/);
    for (const label of ["list, sequential", "list, 8 concurrent", "delete, sequential"]) expect(run.stdout).toContain(label);
    expect(run.stdout.match(/[\d,]+ req\/s/g)).toHaveLength(12);
    expect(run.stdout.match(/client \/ raw fetch: +\d+\.\d+×/g)).toHaveLength(3);
    expect(run.stdout.match(/client \/ openapi-fetch: +\d+\.\d+×/g)).toHaveLength(3);
    expect(run.stdout.match(/client \/ raw fetch \+ timeout signal: \d+\.\d+×/g)).toHaveLength(3);
    expect(run.stdout).toMatch(/6,000 items, +6 pages: heap [\d.]+ MB before, peak [\d.]+ MB/);
    expect(run.stdout).toMatch(/60,000 items, +60 pages: heap/);
    expect(run.stdout).toMatch(/peak with 10× the items: \d+\.\d+×/);
  });
});
