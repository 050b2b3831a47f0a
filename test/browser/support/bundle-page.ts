import { build } from "esbuild";

/** The browser bundle of a page script, and the source files esbuild put in it. */
export interface PageBundle {
  /** The bundled JavaScript (an ES module). */
  code: string;
  /** Every input file of the bundle, relative to the working directory. */
  inputs: string[];
}

/**
 * Bundles a page script and everything it imports for the browser (ES module,
 * `platform: "browser"`). esbuild fails on any import of a Node built-in under
 * that platform, so a successful bundle shows that nothing Node-only is on the
 * path from the entry point.
 */
export async function bundlePage(entryPoint: string): Promise<PageBundle> {
  const result = await build({
    entryPoints: [entryPoint],
    bundle: true,
    // Minified like a production app's bundle, so that the page also proves that names survive minification.
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  const [output] = result.outputFiles;
  if (!output) throw new Error(`esbuild produced no output for ${entryPoint}`);
  return { code: output.text, inputs: Object.keys(result.metafile.inputs) };
}
