import { spawn } from "node:child_process";
import { join } from "node:path";
import { EXAMPLE_KEY } from "./example-account.js";

const ROOT = join(__dirname, "..", "..", "..");

/** How a script run ended. */
export interface ScriptRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs an example as a user would (`npx tsx examples/<name>.ts …args`), with
 * only the environment pointing it at a fake account: `OMI_API_BASE` and a dummy
 * `OMI_API_KEY`. Resolves when the process has exited.
 */
export function runExample(name: string, args: string[], baseUrl: string, env: Record<string, string> = {}): Promise<ScriptRun> {
  const tsxCli = require.resolve("tsx/cli");
  const child = spawn(process.execPath, [tsxCli, join("examples", `${name}.ts`), ...args], {
    cwd: ROOT,
    env: { ...process.env, OMI_API_BASE: baseUrl, OMI_API_KEY: EXAMPLE_KEY, OMI_LOG: "off", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, stdout, stderr }));
  });
}
