import { spawnSync } from "node:child_process";
import { pathToFileURL } from "node:url";

/** One side of the cold-start comparison: fresh `node` processes that import a package and create a client. */
export interface ColdStartSide {
  /** What the process imports and calls. */
  label: string;
  /** Wall time of each process, from spawn to exit, in milliseconds. */
  processMs: number[];
  /** Time of the import and the client's creation inside each process, in milliseconds. */
  importMs: number[];
}

/** Cold starts of the client and of bare openapi-fetch, measured in pairs. */
export interface ColdStart {
  client: ColdStartSide;
  openapiFetch: ColdStartSide;
}

// The child's script: import, create a client (nothing is sent), print how long both took.
const script = (importAndCreate: string) =>
  `const t0 = performance.now();\n${importAndCreate}\nprocess.stdout.write(String(performance.now() - t0));`;

function clientScript(clientEntry: string): string {
  return script(
    `const { createOmiClient } = await import(${JSON.stringify(pathToFileURL(clientEntry).href)});\n` +
      `createOmiClient({ apiKey: "omi_dev_" + "x".repeat(24) });`,
  );
}

const OPENAPI_FETCH_SCRIPT = script(
  `const { default: createClient } = await import("openapi-fetch");\ncreateClient({ baseUrl: "https://api.omi.me" });`,
);

// A plain `node` (no loader from NODE_OPTIONS, no OMI_* settings) running `source` as an ES module from `root`.
function runOnce(root: string, source: string): { processMs: number; importMs: number } {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => name !== "NODE_OPTIONS" && !name.startsWith("OMI_")),
  );
  const begin = process.hrtime.bigint();
  const run = spawnSync(process.execPath, ["--input-type=module", "--eval", source], { cwd: root, env, encoding: "utf8" });
  const processMs = Number(process.hrtime.bigint() - begin) / 1e6;
  const importMs = Number(run.stdout);
  if (run.status !== 0 || !Number.isFinite(importMs)) {
    throw new Error(`cold start: node exited ${run.status}: ${run.stderr.trim() || run.stdout.trim()}`);
  }
  return { processMs, importMs };
}

/**
 * Spawns `node` `pairs` times for each side, after one warm-up run each (file system
 * caches): the client loaded from `clientEntry` (`import()` + `createOmiClient`) against
 * openapi-fetch from `root`'s node_modules (`import()` + `createClient`). The order inside
 * a pair alternates, so that drift and load weigh on both sides alike.
 */
export function measureColdStart(root: string, clientEntry: string, pairs: number): ColdStart {
  const client: ColdStartSide = { label: "omi-developer-api: import + createOmiClient", processMs: [], importMs: [] };
  const openapiFetch: ColdStartSide = { label: "openapi-fetch: import + createClient", processMs: [], importMs: [] };
  const sides = [
    { side: client, source: clientScript(clientEntry) },
    { side: openapiFetch, source: OPENAPI_FETCH_SCRIPT },
  ];
  for (const { source } of sides) runOnce(root, source);
  for (let pair = 0; pair < pairs; pair++) {
    for (const { side, source } of pair % 2 === 0 ? sides : [...sides].reverse()) {
      const { processMs, importMs } = runOnce(root, source);
      side.processMs.push(processMs);
      side.importMs.push(importMs);
    }
  }
  return { client, openapiFetch };
}
