/**
 * Installs the Node versions the package tests run the packed package in
 * (test/package/node-runtimes: the official binaries as npm packages, pinned by
 * that folder's own package-lock.json), as the project's `prepare` script, so
 * that `npm ci` sets them up with everything else.
 *
 * They live in that folder's own node_modules and not among the dev
 * dependencies: each package's `node` command would land in the project's
 * node_modules/.bin, which npm scripts put first on the PATH, and every
 * `npm test` would run on one of them instead of the Node you chose.
 *
 * Does nothing when the pinned versions are already there (a later `npm ci`
 * keeps that folder), nor when npm packs or publishes the package.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

// npm runs lifecycle scripts in the project's folder.
const DIR = join(process.cwd(), "test/package/node-runtimes");

/** The alias names and versions the folder pins, e.g. `node22` → `22.23.5`. */
function pinned(): Array<[string, string]> {
  const manifest = JSON.parse(readFileSync(join(DIR, "package.json"), "utf8")) as {
    optionalDependencies: Record<string, string>;
  };
  return Object.entries(manifest.optionalDependencies).map(([alias, spec]) => [alias, spec.slice(spec.lastIndexOf("@") + 1)]);
}

function installedVersion(alias: string): string | undefined {
  const path = join(DIR, "node_modules", alias, "package.json");
  return existsSync(path) ? (JSON.parse(readFileSync(path, "utf8")) as { version: string }).version : undefined;
}

const command = process.env.npm_command;
if (command === "pack" || command === "publish") process.exit(0);
if (pinned().every(([alias, version]) => installedVersion(alias) === version)) process.exit(0);

// The outer npm's settings for this project (its prefix, lifecycle, package) must not leak into the inner one.
const env = Object.fromEntries(
  Object.entries(process.env).filter(
    ([name]) =>
      !/^npm_/i.test(name) || ["npm_config_cache", "npm_config_userconfig", "npm_config_registry"].includes(name.toLowerCase()),
  ),
);
const result = spawnSync("npm", ["ci", "--no-audit", "--no-fund"], {
  cwd: DIR,
  env,
  stdio: "inherit",
  shell: process.platform === "win32",
});
if (result.status !== 0) {
  console.error(`install-node-runtimes: npm ci in ${DIR} failed (${result.status ?? result.signal})`);
  process.exit(1);
}
