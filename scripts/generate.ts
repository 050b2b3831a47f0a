/**
 * `npm run generate`: writes generated/ from spec/omi-developer-api.yaml.
 * `npm run generate:check`: fails when generated/ differs from what the spec produces.
 * generated/version.ts holds package.json's version (for the `User-Agent` header), so a
 * version bump needs `npm run generate` too.
 *
 * Options: `--spec FILE` and `--out DIR` (defaults: the project's spec and generated/).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { loadSpec } from "./lib/load-spec.js";
import { renderAll } from "./generate/render-all.js";

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(name);
  return at >= 0 && process.argv[at + 1] ? (process.argv[at + 1] as string) : fallback;
}

async function main(): Promise<number> {
  const specFile = resolve(option("--spec", "spec/omi-developer-api.yaml"));
  const outDir = resolve(option("--out", "generated"));
  const { version } = JSON.parse(readFileSync(resolve("package.json"), "utf8")) as { version: string };
  const files = await renderAll(loadSpec(specFile), version);
  if (process.argv.includes("--check")) {
    const stale = [...files].filter(([name, text]) => {
      const file = join(outDir, name);
      return !existsSync(file) || readFileSync(file, "utf8") !== text;
    });
    const extra = existsSync(outDir) ? readdirSync(outDir).filter((name) => !files.has(name)) : [];
    if (stale.length || extra.length) {
      for (const [name] of stale) console.error(`stale: generated/${name} differs from what the spec produces`);
      for (const name of extra) console.error(`unexpected: generated/${name} is not produced by the generator`);
      console.error("Run `npm run generate` and commit the result.");
      return 1;
    }
    console.log(`generated/ is up to date with ${specFile} (${files.size} files).`);
    return 0;
  }
  mkdirSync(outDir, { recursive: true });
  for (const [name, text] of files) writeFileSync(join(outDir, name), text);
  console.log(`Wrote ${[...files.keys()].map((n) => join(outDir, n)).join(", ")}`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
