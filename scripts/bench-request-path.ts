/**
 * How much of the client's own code one helper call runs: the function calls it makes in
 * src/, generated/ and openapi-fetch, and the files they are in, for a call that succeeds
 * (a 204) and one that fails (a 404), counted with V8's precise coverage after a warm-up call.
 *
 *   npm run bench:path                   # this checkout
 *   npm run bench:path -- ../other-tree  # another checkout of the project (its src/ and node_modules/)
 */
import { Session } from "node:inspector/promises";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { BENCH_KEY, runEntry } from "./bench/entry.js";

const OWN_CODE = /\/(src\/.*|generated\/.*|node_modules\/openapi-fetch\/.*)$/;

async function main(): Promise<void> {
  const root = resolve(process.argv[2] ?? ".");
  const { createOmiClient } = (await import(pathToFileURL(`${root}/src/index.ts`).href)) as typeof import("../src/index.js");
  for (const status of [204, 404]) {
    const fetch = async () =>
      status === 204 ? new Response(null, { status }) : Response.json({ detail: "Conversation not found" }, { status });
    const omi = createOmiClient({ apiKey: BENCH_KEY, fetch });
    const call = () =>
      omi.conversations.delete("c1").then(
        () => "resolved",
        (error: Error) => `threw ${error.name}`,
      );
    await call();
    const session = new Session();
    session.connect();
    await session.post("Profiler.enable");
    await session.post("Profiler.startPreciseCoverage", { callCount: true, detailed: false });
    await session.post("Profiler.takePreciseCoverage"); // counts from here
    const outcome = await call();
    const { result } = await session.post("Profiler.takePreciseCoverage");
    session.disconnect();
    let calls = 0;
    const files = new Map<string, number>();
    for (const script of result) {
      const file = OWN_CODE.exec(script.url)?.[1];
      if (!file) continue;
      for (const fn of script.functions) {
        const count = fn.ranges[0]?.count ?? 0;
        // The module's top level, and the name helper the TypeScript loader adds, are not the call's.
        if (count === 0 || fn.functionName === "__name" || (!fn.functionName && fn.ranges[0]?.startOffset === 0)) continue;
        calls += count;
        files.set(file, (files.get(file) ?? 0) + count);
      }
    }
    const byFile = [...files].sort((a, b) => b[1] - a[1]).map(([file, n]) => `${file} ${n}`);
    console.log(`HTTP ${status} (${outcome}): ${calls} function calls in ${files.size} files\n  ${byFile.join("\n  ")}`);
  }
}

runEntry(main);
