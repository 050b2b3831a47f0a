import { VERSION } from "../../generated/version.js";

/** The globals that tell the runtime apart (all optional: a browser has none of the runtime ones). */
export interface RuntimeGlobals {
  document?: unknown;
  Deno?: { version?: { deno?: string } };
  Bun?: { version?: string };
  process?: { versions?: { node?: string } };
}

/**
 * `omi-developer-api/<version> (<runtime>/<version>)` in Node, Bun and Deno;
 * `undefined` in a browser (a page's `document`, or none of the runtimes'
 * globals), where a `User-Agent` header would make every cross-origin call send
 * a CORS preflight, or be refused. Found from globals, without Node imports.
 */
export function userAgent(g: RuntimeGlobals = globalThis as RuntimeGlobals): string | undefined {
  if (g.document !== undefined) return undefined;
  const deno = g.Deno?.version?.deno;
  const bun = g.Bun?.version;
  const node = g.process?.versions?.node;
  // Deno and Bun define `process` too: ask them first.
  const runtime = deno ? `deno/${deno}` : bun ? `bun/${bun}` : node ? `node/${node}` : undefined;
  return runtime && `omi-developer-api/${VERSION} (${runtime})`;
}
