import { readFile } from "node:fs/promises";
import { gzipSync } from "node:zlib";
import { build, type Metafile, type Plugin } from "esbuild";

/** One input file's share of a minified bundle. */
export interface BundleInput {
  /** Path as esbuild reports it (relative to the working directory). */
  path: string;
  /** Bytes this input contributes to the minified output. */
  bytes: number;
}

/** The sizes of one bundle, in bytes. */
export interface BundleSize {
  /** Bundled, not minified. */
  raw: number;
  /** Bundled and minified. */
  minified: number;
  /** The minified bundle, gzipped at level 9. */
  gzipped: number;
  /** Every input of the minified bundle, biggest first. */
  inputs: BundleInput[];
}

/**
 * An esbuild plugin that replaces each of `stubs` (absolute paths) with a module
 * whose exports are empty functions, so that the bundle keeps compiling but loses
 * the module's code and whatever only that module used. A stub `path#a,b` empties
 * only the exported functions `a` and `b` of the module (one feature of a module
 * that holds several).
 */
function stubModules(stubs: readonly string[]): Plugin {
  const stubbed = new Map<string, string[] | undefined>();
  for (const stub of stubs) {
    const [path = "", names] = stub.replace(/\\/g, "/").split("#");
    const previous = stubbed.has(path) ? stubbed.get(path) : [];
    stubbed.set(path, previous && names ? [...previous, ...names.split(",")] : undefined);
  }
  return {
    name: "stub-modules",
    setup(builder) {
      builder.onLoad({ filter: /\.m?js$/ }, async (args) => {
        const path = args.path.replace(/\\/g, "/");
        if (!stubbed.has(path)) return undefined;
        const source = await readFile(args.path, "utf8");
        const names = stubbed.get(path);
        return { contents: names ? stubExports(source, names, path) : stubFor(source), loader: "js" };
      });
    },
  };
}

// Each named exported function emptied; its body stays as an unused function, which the bundler drops.
function stubExports(source: string, names: readonly string[], path: string): string {
  let out = source;
  for (const name of names) {
    const declaration = new RegExp(`export ((?:async )?function\\*? )${name}\\(`);
    if (!declaration.test(out)) throw new Error(`${path} exports no function ${name} to stub out`);
    out = out.replace(declaration, `export function ${name}() {}\n$1${name}$$stubbed(`);
  }
  return out;
}

// The module's export names, each bound to an empty function (classes can still be extended).
function stubFor(source: string): string {
  const names = new Set<string>();
  for (const match of source.matchAll(/export (?:async )?(?:function\*?|class|const|let|var) ([\w$]+)/g))
    names.add(match[1] ?? "");
  for (const list of source.matchAll(/export \{([^}]*)\}/g)) {
    for (const part of (list[1] ?? "").split(",")) {
      const name = part
        .trim()
        .split(/\s+as\s+/)
        .pop();
      if (name && name !== "default") names.add(name);
    }
  }
  names.delete("");
  const lines = [...names].map((name) => `export function ${name}() {}`);
  if (/export default|as default\b/.test(source)) lines.push("export default function stub() {}");
  return lines.join("\n");
}

async function bundle(
  entry: string,
  resolveDir: string,
  minify: boolean,
  stubs: readonly string[] = [],
): Promise<{ code: Uint8Array; metafile: Metafile }> {
  const result = await build({
    stdin: { contents: entry, resolveDir, sourcefile: "size-entry.js", loader: "js" },
    absWorkingDir: resolveDir, // input paths in the metafile are relative to it
    bundle: true,
    minify,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    metafile: true,
    logLevel: "silent",
    plugins: stubs.length ? [stubModules(stubs)] : [],
  });
  const [output] = result.outputFiles;
  if (!output) throw new Error("esbuild produced no output");
  return { code: output.contents, metafile: result.metafile };
}

/**
 * Bundles `entry` (JavaScript source whose imports resolve from `resolveDir`) the
 * way a browser app's bundler would (esbuild, `bundle`, `format: "esm"`,
 * `platform: "browser"`), and measures it raw, minified, and minified + gzip -9.
 */
export async function measureBundle(entry: string, resolveDir: string): Promise<BundleSize> {
  const raw = await bundle(entry, resolveDir, false);
  const minified = await bundle(entry, resolveDir, true);
  const inputs = Object.values(minified.metafile.outputs).flatMap((output) =>
    Object.entries(output.inputs).map(([path, input]) => ({ path, bytes: input.bytesInOutput })),
  );
  return {
    raw: raw.code.byteLength,
    minified: minified.code.byteLength,
    gzipped: gzipSync(minified.code, { level: 9 }).byteLength,
    inputs: inputs.filter((input) => input.bytes > 0).sort((a, b) => b.bytes - a.bytes),
  };
}

/**
 * The gzipped size of the minified bundle of `entry` with the modules at `stubs`
 * (absolute paths) replaced by empty exports: what the bundle would weigh without them.
 */
export async function gzippedWithout(entry: string, resolveDir: string, stubs: readonly string[]): Promise<number> {
  const { code } = await bundle(entry, resolveDir, true, stubs);
  return gzipSync(code, { level: 9 }).byteLength;
}
