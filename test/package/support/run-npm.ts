import { spawnSync } from "node:child_process";

/** What a finished command printed and how it ended. */
export interface CommandResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

// Variables `npm test` sets for its scripts (npm_package_*, npm_lifecycle_*, the
// outer project's prefix …) must not leak into an npm run elsewhere; the cache and
// registry settings may, so that offline installs find what the outer npm cached.
const KEPT_NPM_VARIABLES = new Set(["npm_config_cache", "npm_config_userconfig", "npm_config_registry"]);

/** The current environment without the outer npm run's `npm_*` variables. */
export function cleanNpmEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name) || KEPT_NPM_VARIABLES.has(name.toLowerCase())),
  );
}

/**
 * Runs `npm …` in `cwd` with {@link cleanNpmEnv}, waiting for it to end.
 *
 * @throws Error with the command's output when it exits non-zero.
 */
export function runNpm(args: readonly string[], cwd: string): CommandResult {
  const result = spawnSync("npm", [...args], {
    cwd,
    env: cleanNpmEnv(),
    encoding: "utf8",
    shell: process.platform === "win32",
    timeout: 150_000,
  });
  if (result.status !== 0) {
    throw new Error(
      `npm ${args.join(" ")} failed (${result.status ?? result.signal}) in ${cwd}:\n${result.stdout}\n${result.stderr}`,
    );
  }
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
