/**
 * `npm run size` measures what a browser app downloads for the client (the ESM
 * build with openapi-fetch, bundled, minified and gzipped) and holds it to the
 * gzipped budget of scripts/size/budget.ts. dist/ is built by the project's global setup.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { SIZE_BUDGET_BYTES } from "../../scripts/size/budget.js";
import { ROOT } from "./support/pack.js";

const TSX = join(ROOT, "node_modules/tsx/dist/cli.mjs");
const BUDGET = SIZE_BUDGET_BYTES;

interface Row {
  raw: number;
  minified: number;
  gzipped: number;
}

function row(report: string, label: string): Row {
  const line = report.split("\n").find((text) => text.startsWith(label));
  const numbers = [...(line ?? "").matchAll(/([\d,]+) B/g)].map((match) => Number((match[1] ?? "").replace(/,/g, "")));
  const [raw = NaN, minified = NaN, gzipped = NaN] = numbers;
  return { raw, minified, gzipped };
}

describe("npm run size", () => {
  let run: { status: number | null; stdout: string; stderr: string };
  beforeAll(() => {
    run = spawnSync(process.execPath, [TSX, "scripts/size.ts"], { cwd: ROOT, encoding: "utf8", timeout: 120_000 });
  });

  it("prints the raw, minified and gzipped sizes of the client and of bare openapi-fetch", () => {
    expect(run.stderr).toBe("");
    const client = row(run.stdout, "omi-developer-api");
    const bare = row(run.stdout, "openapi-fetch alone");
    for (const size of [client, bare]) {
      expect(size.raw).toBeGreaterThan(size.minified);
      expect(size.minified).toBeGreaterThan(size.gzipped);
      expect(size.gzipped).toBeGreaterThan(1000);
    }
    // openapi-fetch is inside the client's bundle.
    expect(client.minified).toBeGreaterThan(bare.minified);
    const contributors = run.stdout.slice(run.stdout.indexOf("Biggest contributors"));
    expect(contributors).toContain("openapi-fetch");
    expect(contributors).toContain("generated/routes.js");
  });

  it("prices every optional feature by stubbing its modules out, and all of them together", () => {
    const section = run.stdout.slice(run.stdout.indexOf("What each optional feature costs"));
    const costs = [...section.matchAll(/^ {2}(\S.*?)\s{3,}([\d,]+) B$/gm)].map(
      (match) => [match[1] ?? "", Number((match[2] ?? "").replace(/,/g, ""))] as const,
    );
    const labels = costs.map(([label]) => label);
    expect(labels).toEqual(expect.arrayContaining([expect.stringContaining("pagination"), expect.stringContaining("batches")]));
    expect(labels[labels.length - 1]).toBe("all of the above");
    const single = costs.slice(0, -1).map(([, saved]) => saved);
    const all = costs[costs.length - 1]?.[1] ?? NaN;
    for (const saved of single) expect(saved).toBeGreaterThan(50);
    // Pagination (listAll and pages, truncated pages, date windows, envelopes) is the largest of them.
    expect(single[0]).toBe(Math.max(...single));
    expect(single[0]).toBeGreaterThan(1024);
    expect(all).toBeGreaterThanOrEqual(Math.max(...single));
    const without = /the client without all of them: ([\d,]+) B gzipped/.exec(section)?.[1];
    expect(Number((without ?? "").replace(/,/g, ""))).toBe(row(run.stdout, "omi-developer-api").gzipped - all);
  });

  it("exits 1 exactly when the gzipped client is over budget", () => {
    const { gzipped } = row(run.stdout, "omi-developer-api");
    expect(run.status).toBe(gzipped > BUDGET ? 1 : 0);
    expect(run.stdout).toContain(gzipped > BUDGET ? "OVER BUDGET" : "within budget");
  });

  it(`keeps the client within its budget of ${BUDGET} B gzipped (exits 0)`, () => {
    if (run.status !== 0) throw new Error(`npm run size failed (exit ${run.status}):\n${run.stdout}${run.stderr}`);
  });
});
