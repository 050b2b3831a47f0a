/**
 * `npm run size` runs size-limit on `.size-limit.js` (the ESM build with openapi-fetch,
 * bundled by esbuild, minified and gzipped), prints the client next to bare openapi-fetch,
 * the gate's verdict, issue 12's 12 KiB target and the feature costs, and holds the client
 * to the gate (the `limit` of its check). dist/ is built by the project's global setup.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { ROOT } from "./support/pack.js";

const TSX = join(ROOT, "node_modules/tsx/dist/cli.mjs");

const number = (text: string | undefined): number => Number((text ?? "").replace(/,/g, ""));

function gzipped(report: string, label: string): number {
  const line = report.split("\n").find((text) => text.startsWith(label));
  return number(/([\d,]+) B$/.exec(line ?? "")?.[1]);
}

describe("npm run size", () => {
  let run: { status: number | null; stdout: string; stderr: string };
  beforeAll(() => {
    run = spawnSync(process.execPath, [TSX, "scripts/size.ts"], { cwd: ROOT, encoding: "utf8", timeout: 120_000 });
  });

  it("prints the gzipped sizes of the client and of bare openapi-fetch, measured by size-limit", () => {
    expect(run.stderr).toBe("");
    expect(run.stdout).toMatch(/^Browser bundle \(size-limit:/);
    const client = gzipped(run.stdout, "omi-developer-api");
    const bare = gzipped(run.stdout, "openapi-fetch alone");
    expect(bare).toBeGreaterThan(1000);
    // openapi-fetch is inside the client's bundle.
    expect(client).toBeGreaterThan(bare);
    expect(gzipped(run.stdout, "difference")).toBe(client - bare);
  });

  it("reports the bundle against issue 12's 12 KiB target without gating on it", () => {
    const client = gzipped(run.stdout, "omi-developer-api");
    const line = run.stdout.split("\n").find((text) => text.startsWith("Target 12,288 B (12 KiB)")) ?? "";
    if (client > 12_288) expect(line).toContain(`missed by ${(client - 12_288).toLocaleString("en-US")} B`);
    else expect(line).toContain("met");
  });

  it("prices every optional feature by stubbing its modules out, and all of them together", () => {
    const section = run.stdout.slice(run.stdout.indexOf("What each optional feature costs"));
    const costs = [...section.matchAll(/^ {2}(\S.*?)\s{3,}([\d,]+) B$/gm)].map(
      (match) => [match[1] ?? "", number(match[2])] as const,
    );
    const labels = costs.map(([label]) => label);
    expect(labels).toEqual(expect.arrayContaining([expect.stringContaining("pagination"), expect.stringContaining("batches")]));
    expect(labels[labels.length - 1]).toBe("all of the above");
    const single = costs.slice(0, -1).map(([, saved]) => saved);
    const all = costs[costs.length - 1]?.[1] ?? NaN;
    for (const saved of single) expect(saved).toBeGreaterThan(50);
    expect(all).toBeGreaterThanOrEqual(Math.max(...single));
    const without = /the client without all of them: ([\d,]+) B gzipped/.exec(section)?.[1];
    expect(number(without)).toBe(gzipped(run.stdout, "omi-developer-api") - all);
  });

  it("exits 1 exactly when the gzipped client is over the gate", () => {
    const client = gzipped(run.stdout, "omi-developer-api");
    const gate = number(/^CI gate ([\d,]+) B/m.exec(run.stdout)?.[1]);
    expect(gate).toBeGreaterThan(10_000);
    expect(run.status).toBe(client > gate ? 1 : 0);
    expect(run.stdout).toContain(client > gate ? "OVER THE GATE" : "within the gate");
  });

  it("keeps the client within the gate of .size-limit.js (exits 0)", () => {
    if (run.status !== 0) throw new Error(`npm run size failed (exit ${run.status}):\n${run.stdout}${run.stderr}`);
  });
});
