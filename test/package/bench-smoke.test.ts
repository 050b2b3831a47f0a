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
  it("measures the cold start and the four contenders with tinybench, and prints the client's ratios", () => {
    const args = [
      TSX,
      "--expose-gc", // as the npm script runs it: the memory measure needs it
      "scripts/bench.ts",
      "--cold-start",
      "2",
      "--sequential",
      "30",
      "--concurrent",
      "80",
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
    expect(run.stdout).toContain(
      `cold start: a new node process importing the package and creating a client, 2 alternating pairs after a warm-up (client: ${join(ROOT, "dist/esm/src/index.js")})`,
    );
    for (const side of ["omi-developer-api: import + createOmiClient", "openapi-fetch: import + createClient"])
      expect(run.stdout).toMatch(
        new RegExp(
          `^  ${side.replace("+", "\\+")} +\\d+\\.\\d ms process \\(spawn to exit\\), +\\d+\\.\\d ms import \\+ create$`,
          "m",
        ),
      );
    expect(run.stdout).toMatch(
      /client \/ openapi-fetch: \d+\.\d+× process time \(target ≤ 1\.10×: (met|MISSED)\); import \+ create \d+\.\d+× \(reference, no target\)/,
    );
    for (const label of ["list, sequential", "list, 8 in flight", "delete, sequential"]) expect(run.stdout).toContain(label);
    expect(run.stdout.match(/2 interleaved rounds after \d+ warm-up \(tinybench\)/g)).toHaveLength(3);
    for (const contender of [
      "raw fetch + json()",
      "… + AbortSignal.timeout",
      "openapi-fetch + AbortSignal.timeout",
      "omi-developer-api helper",
    ])
      expect(run.stdout.split("\n").filter((line) => line.trim().startsWith(`${contender}  `))).toHaveLength(3); // a row per scenario
    expect(run.stdout.match(/[\d,]+ req\/s \(rounds [\d,]+–[\d,]+\) +±\d+\.\d% +p99 \d+ µs +\d+ µs CPU\/req/g)).toHaveLength(12);
    expect(
      run.stdout.match(/client \/ \(openapi-fetch \+ AbortSignal\.timeout\): \d+\.\d+× time \(target ≤ 1\.05×: (met|MISSED)\)/g),
    ).toHaveLength(3);
    expect(run.stdout.match(/client \/ raw fetch: \d+\.\d+× time; CPU \d+\.\d+× \(reference, no target\)/g)).toHaveLength(3);
    // Pages of 1,000 that each start on the last item of the one before: 7 for 6,000 items.
    expect(run.stdout).toMatch(/6,000 items, +7 pages: heap [\d.]+ MB before, peak [\d.]+ MB/);
    expect(run.stdout).toMatch(/60,000 items, +61 pages: heap/);
    expect(run.stdout).toMatch(/peak with 10× the items: \d+\.\d+×/);
  });

  it("loads the client from the build that --dist names, and stops when it has none", () => {
    const run = spawnSync(process.execPath, [TSX, "scripts/bench.ts", "--dist", "no-such-dist"], {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 120_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`${join(ROOT, "no-such-dist/esm/src/index.js")} is missing`);
  });
});
