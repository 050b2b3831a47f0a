/**
 * `npm run size` runs size-limit on `.size-limit.js`: the client's ESM build with
 * openapi-fetch, bundled by esbuild for a browser, minified and gzipped, next to bare
 * openapi-fetch; size-limit fails when the client is over its `limit` (the CI gate).
 * dist/ is built by the project's global setup.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { ROOT } from "./support/pack.js";

const SIZE_LIMIT = join(ROOT, "node_modules/size-limit/bin.js");

/** One check's result as `size-limit --json` prints it. */
interface CheckResult {
  name: string;
  size: number;
  passed?: boolean;
  sizeLimit?: number;
}

describe("npm run size", () => {
  let run: { status: number | null; stdout: string; stderr: string };
  let results: CheckResult[];
  beforeAll(() => {
    run = spawnSync(process.execPath, [SIZE_LIMIT, "--json"], { cwd: ROOT, encoding: "utf8", timeout: 120_000 });
    results = JSON.parse(run.stdout) as CheckResult[];
  });

  it("measures the gzipped client (openapi-fetch included) and bare openapi-fetch", () => {
    expect(results.map((check) => check.name)).toEqual([
      "omi-developer-api (createOmiClient + openapi-fetch)",
      "openapi-fetch alone (createClient)",
    ]);
    const [client, bare] = results;
    expect(bare?.size).toBeGreaterThan(1000);
    // openapi-fetch is inside the client's bundle.
    expect(client?.size).toBeGreaterThan(bare?.size ?? Infinity);
  });

  it("gates the client only, and exits 0 exactly when it is within its limit", () => {
    const [client, bare] = results;
    expect(client?.sizeLimit).toBeGreaterThan(10_000);
    expect(bare?.sizeLimit).toBeUndefined();
    expect(client?.passed).toBe((client?.size ?? Infinity) <= (client?.sizeLimit ?? 0));
    expect(run.status).toBe(client?.passed ? 0 : 1);
  });

  it("keeps the client within the gate of .size-limit.js", () => {
    if (run.status !== 0) throw new Error(`size-limit failed (exit ${run.status}):\n${run.stdout}${run.stderr}`);
  });
});
