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
