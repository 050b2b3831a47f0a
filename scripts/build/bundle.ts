/**
 * Step of `npm run build` after tsc has written the declarations: esbuild writes the
 * JavaScript of both builds, each entry where tsc wrote its declarations
 * (`dist/<format>/src/…`, `dist/esm/cli/omi-export.js`).
 *
 * Bundled, because Node pays a resolution, a read and a compilation per ES module: one
 * file per source file made a new process that imports the client and creates one
 * about a fifth slower than the same with bare openapi-fetch (BENCHMARKS.md, "Cold
 * start"). Split across the entries (the client, `./testing`, `./internal` and the
 * `omi-export` command), so that every module is in exactly one file, shared through
 * `dist/<format>/chunks/`: a class is one class whichever entry it is reached from, so
 * `instanceof` holds across them, and an app that imports only the client loads none
 * of the fake. Packages (openapi-fetch, yaml, msw) and Node's built-ins stay imports.
 *
 * The CommonJS build is those same files, each turned into CommonJS on its own (the
 * command excepted: it is ESM only), so it has the same modules and the same sharing.
 * `import()` becomes `require()` there, as tsc's CommonJS output had it, so that the
 * fake's lazy parts load where a CommonJS test runner has no ES module loader.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { build, transform, type Metafile } from "esbuild";

const ESM = "dist/esm";
const CJS = "dist/cjs";
const LIBRARY_ENTRIES = ["src/index.ts", "src/testing/index.ts", "src/internal/index.ts"];
const COMMAND_ENTRY = "cli/omi-export.ts";

// The output files `roots` load, the lazy ones (`import()`) included.
function reachable(metafile: Metafile, roots: string[]): string[] {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const { path, external } of metafile.outputs[file]?.imports ?? []) if (!external) visit(path);
  };
  roots.forEach(visit);
  return [...seen].sort();
}

async function main(): Promise<void> {
  const { metafile } = await build({
    entryPoints: [...LIBRARY_ENTRIES, COMMAND_ENTRY],
    outbase: ".",
    outdir: ESM,
    chunkNames: "chunks/[name]-[hash]",
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "neutral",
    target: "es2022",
    tsconfig: "tsconfig.build.json",
    packages: "external",
    external: ["node:*"],
    metafile: true,
    logLevel: "warning",
  });
  const libraryOutputs = Object.entries(metafile.outputs)
    .filter(([, output]) => output.entryPoint !== undefined && LIBRARY_ENTRIES.includes(output.entryPoint))
    .map(([path]) => path);
  const library = reachable(metafile, libraryOutputs);
  for (const path of library) {
    const { code } = await transform(readFileSync(path, "utf8"), {
      format: "cjs",
      target: "es2022",
      supported: { "dynamic-import": false },
      logLevel: "warning",
    });
    const out = join(CJS, relative(ESM, path));
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, code);
  }
  const files = (paths: string[]) => paths.map((path) => relative(ESM, path)).join(", ");
  console.log(`${ESM}: ${files(Object.keys(metafile.outputs).sort())}`);
  console.log(`${CJS}: ${files(library)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
