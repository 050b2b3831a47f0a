import { gzipSync } from "node:zlib";
import { build, type Metafile } from "esbuild";

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

async function bundle(entry: string, resolveDir: string, minify: boolean): Promise<{ code: Uint8Array; metafile: Metafile }> {
  const result = await build({
    stdin: { contents: entry, resolveDir, sourcefile: "size-entry.js", loader: "js" },
    bundle: true,
    minify,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    metafile: true,
    logLevel: "silent",
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
