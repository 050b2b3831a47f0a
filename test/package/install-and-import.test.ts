/**
 * The packed package, installed from its tarball into a scratch project outside
 * the repository (offline, from the npm cache), works as a user gets it: through
 * `import` and `require`, and through its types with node16 and bundler resolution;
 * its internal entry too (`omi-developer-api/internal`).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, sep } from "node:path";
import { CONSUMER_FILES } from "./support/consumer-files.js";
import { ROOT, packInto } from "./support/pack.js";
import { cleanNpmEnv, runNpm, type CommandResult } from "./support/run-npm.js";

const TSC = join(ROOT, "node_modules/typescript/bin/tsc");

function runNode(args: readonly string[], cwd: string): CommandResult {
  const result = spawnSync(process.execPath, [...args], { cwd, env: cleanNpmEnv(), encoding: "utf8", timeout: 120_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const expectedOutcome = {
  listed: [{ id: "c1" }],
  outcome: "threw",
  name: "NotFoundError",
  isNotFoundError: true,
  isOmiError: true,
  status: 404,
  detail: "Not found",
  attempts: 1,
  calls: ["GET /v1/dev/user/conversations auth", "DELETE /v1/dev/user/conversations/x auth"],
};

describe("the packed package, installed in a scratch project", () => {
  const work = mkdtempSync(join(tmpdir(), "omi-package-"));
  const project = join(work, "consumer");
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  beforeAll(() => {
    const tarball = packInto(work);
    mkdirSync(project);
    for (const [name, text] of Object.entries(CONSUMER_FILES)) writeFileSync(join(project, name), text);
    // openapi-fetch (the runtime dependency) comes from the npm cache, filled by `npm ci`.
    // A cache holding its tarball but not its registry metadata fails offline; then npm
    // may fetch just what is missing.
    const install = ["install", tarball, "--no-audit", "--no-fund", "--prefix", project];
    try {
      runNpm([...install, "--offline"], project);
    } catch {
      runNpm([...install, "--prefer-offline"], project);
    }
  });

  it("works through import (ESM build)", () => {
    const run = runNode(["esm-consumer.mjs"], project);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const printed = JSON.parse(run.stdout) as { resolved: string };
    expect(printed).toEqual({ ...expectedOutcome, resolved: expect.stringContaining("/dist/esm/src/index.js") });
  });

  it("works through require (CommonJS build)", () => {
    const run = runNode(["cjs-consumer.cjs"], project);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const printed = JSON.parse(run.stdout) as { resolved: string };
    expect(printed).toEqual({
      ...expectedOutcome,
      resolved: expect.stringContaining(`${sep}dist${sep}cjs${sep}src${sep}index.js`),
    });
  });

  it.each([
    ["import", "esm-internal.mjs", "/dist/esm/src/internal/index.js"],
    ["require", "cjs-internal.cjs", `${sep}dist${sep}cjs${sep}src${sep}internal${sep}index.js`],
  ])("serves the generator's tables from omi-developer-api/internal through %s, not from the main entry", (_, script, built) => {
    const run = runNode([script], project);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const printed = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(printed).toEqual({
      resolved: expect.stringContaining(built),
      operationIds: expect.any(Number),
      listConversationsPath: "/v1/dev/user/conversations",
      rateLimitGroups: expect.any(Number),
      mainExportsTable: false,
    });
    expect(printed.operationIds).toBeGreaterThan(30);
    expect(printed.rateLimitGroups).toBeGreaterThan(5);
  });

  it("installs the omi-export command, which runs from the installed package", () => {
    const bin = join(project, "node_modules", ".bin", "omi-export");
    const help = spawnSync(bin, ["--help"], { cwd: project, env: cleanNpmEnv(), encoding: "utf8", timeout: 60_000 });
    expect(help.stderr).toBe("");
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: omi-export --out DIR/);
    const usage = spawnSync(bin, [], {
      cwd: project,
      env: { ...cleanNpmEnv(), OMI_API_KEY: "" },
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(usage.status).toBe(1);
  });

  it.each(["node16", "bundler"])("type-checks a TypeScript consumer with %s resolution", (resolution) => {
    const check = runNode([TSC, "-p", `tsconfig.${resolution}.json`], project);
    expect(check.stdout + check.stderr).toBe("");
    expect(check.status).toBe(0);
  });
});
