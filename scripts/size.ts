/**
 * `npm run size`: how much a browser app downloads when it imports the client.
 * Bundles the ESM build (dist/esm, so run `npm run build` first; the npm script
 * does) with openapi-fetch, as a browser app's bundler would, prints the raw,
 * minified and gzipped sizes next to bare openapi-fetch's, the biggest inputs and
 * what each optional feature costs, and exits 1 when the gzipped bundle exceeds the budget.
 *
 * Options: `--budget BYTES` (default: SIZE_BUDGET_BYTES of scripts/size/budget.ts), `--root DIR` (default: the working directory).
 */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { formatSizeReport } from "./size/format-size-report.js";
import { SIZE_BUDGET_BYTES, SIZE_GOAL_BYTES } from "./size/budget.js";
import { measureFeatureCosts } from "./size/feature-costs.js";
import { measureBundle } from "./size/measure-bundle.js";

const DEFAULT_BUDGET = SIZE_BUDGET_BYTES;

function option(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

async function main(): Promise<number> {
  const root = resolve(option("--root") ?? ".");
  const budget = Number(option("--budget") ?? DEFAULT_BUDGET);
  if (!Number.isInteger(budget) || budget <= 0) throw new Error(`--budget must be a positive number of bytes`);
  const esmEntry = join(root, "dist/esm/src/index.js");
  if (!existsSync(esmEntry)) throw new Error(`${esmEntry} is missing: run \`npm run build\` first`);

  const clientEntry = [
    `import { createOmiClient } from ${JSON.stringify(esmEntry.replace(/\\/g, "/"))};`,
    `const omi = createOmiClient({ apiKey: globalThis.OMI_API_KEY });`,
    `export const newest = () => omi.conversations.list({ limit: 10 });`,
  ].join("\n");
  const client = await measureBundle(clientEntry, root);
  const openapiFetch = await measureBundle(
    [
      `import createClient from "openapi-fetch";`,
      `const client = createClient({ baseUrl: "https://api.omi.me" });`,
      `export const newest = () => client.GET("/v1/dev/user/conversations", { params: { query: { limit: 10 } } });`,
    ].join("\n"),
    root,
  );
  const features = await measureFeatureCosts(clientEntry, root, client.gzipped, client.inputs);
  console.log(formatSizeReport({ client, openapiFetch, budget, features, goal: SIZE_GOAL_BYTES }));
  return client.gzipped > budget ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(2);
  },
);
