import { VERSION } from "../../generated/version.js";

// What the client learns from the runtime it runs in, found from globals (no Node imports):
// environment variables, and the runtime's name and version for the User-Agent header.

/**
 * Reads an environment variable where one exists (Node, Deno, Bun); `undefined` in
 * browsers and edge runtimes without `process`, and where reading it is not allowed
 * (Deno without `--allow-env` throws instead of returning nothing, or, in a terminal,
 * asks the user first: read a variable only when its value is needed).
 */
export function readEnv(name: string): string | undefined {
  try {
    const proc = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process;
    const value = proc?.env?.[name]?.trim();
    return value ? value : undefined;
  } catch {
    return undefined;
  }
}

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
