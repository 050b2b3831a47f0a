/**
 * `npm run demo`: boots the Prism mock from spec/, runs examples/quickstart.ts
 * against it (through a front that makes deletes stick), prints each step, and
 * stops the mock, also when the quickstart fails.
 */
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { join } from "node:path";
import { startPrism } from "./lib/prism.js";
import { startRememberingProxy } from "./lib/remembering-proxy.js";

const DEMO_KEY = "omi_dev_demo0000000000000000000000";

async function main(): Promise<number> {
  console.log("Starting the Prism mock of spec/omi-developer-api.yaml …");
  const prism = await startPrism("spec/omi-developer-api.yaml");
  const front = await startRememberingProxy(prism.url);
  console.log(`Mock listening at ${front.url}\n`);
  try {
    const tsxCli = createRequire(join(process.cwd(), "package.json")).resolve("tsx/cli");
    const child = spawn(process.execPath, [tsxCli, "examples/quickstart.ts"], {
      stdio: "inherit",
      env: { ...process.env, OMI_API_BASE: front.url, OMI_API_KEY: DEMO_KEY },
    });
    return await new Promise<number>((resolve) => child.once("exit", (code) => resolve(code ?? 1)));
  } finally {
    await front.stop();
    await prism.stop();
    console.log("\nMock stopped.");
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
