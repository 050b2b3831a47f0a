/**
 * `npm run typecheck`: type-checks the TypeScript projects (the sources with
 * NodeNext resolution, the tests with the CommonJS settings jest runs them
 * with, and the type tests under exactOptionalPropertyTypes) side by side, one
 * tsc process each, so that a two-core machine checks them in the time of the slowest. Prints each one's errors; exits 1 if either failed.
 */
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { join } from "node:path";

const tsc = createRequire(join(process.cwd(), "package.json")).resolve("typescript/bin/tsc");

function check(project: string): Promise<{ project: string; code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [tsc, "-p", project], { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("close", (code) => resolve({ project, code, output }));
  });
}

void Promise.all(["tsconfig.json", "tsconfig.jest.json", "test/types/tsconfig.json"].map(check)).then((results) => {
  for (const { project, code, output } of results) {
    if (output) process.stdout.write(output);
    if (code !== 0) console.error(`typecheck: tsc -p ${project} failed (${code})`);
  }
  process.exitCode = results.every((r) => r.code === 0) ? 0 : 1;
});
