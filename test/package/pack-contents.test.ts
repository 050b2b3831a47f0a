/**
 * The tarball ships what a user needs and nothing else: the two builds, the
 * README, the licence, package.json, the spec, and `testing/package.json` and
 * `internal/package.json` (where TypeScript's node10 resolution finds
 * `omi-developer-api/testing` and `omi-developer-api/internal`).
 */
import { packDryRun, type PackResult } from "./support/pack.js";

describe("npm pack", () => {
  let packed: PackResult;
  let paths: string[];
  beforeAll(() => {
    packed = packDryRun();
    paths = packed.files.map((file) => file.path.replace(/\\/g, "/")).sort();
  });

  it("ships exactly dist/, README.md, LICENSE, package.json, the spec, testing/package.json and internal/package.json at the top level", () => {
    const topLevel = [...new Set(paths.map((path) => path.split("/")[0]))].sort();
    expect(topLevel).toEqual(["LICENSE", "README.md", "dist", "internal", "package.json", "spec", "testing"]);
    expect(paths.filter((path) => path.startsWith("internal/"))).toEqual(["internal/package.json"]);
    expect(paths.filter((path) => path.startsWith("spec/"))).toEqual(["spec/omi-developer-api.yaml"]);
    expect(paths.filter((path) => path.startsWith("testing/"))).toEqual(["testing/package.json"]);
  });

  it("ships an ESM and a CommonJS build, each with its types and its module-format marker", () => {
    for (const build of ["esm", "cjs"]) {
      expect(paths).toEqual(
        expect.arrayContaining([
          `dist/${build}/package.json`,
          `dist/${build}/src/index.js`,
          `dist/${build}/src/index.d.ts`,
          `dist/${build}/src/testing/index.js`,
          `dist/${build}/src/testing/index.d.ts`,
          `dist/${build}/src/internal/index.js`,
          `dist/${build}/src/internal/index.d.ts`,
          `dist/${build}/generated/operations.d.ts`,
          `dist/${build}/generated/openapi.d.ts`,
        ]),
      );
    }
    expect(paths.filter((path) => path.startsWith("dist/") && !/^dist\/(esm|cjs)\//.test(path))).toEqual([]);
  });

  it("ships each build bundled: the entries and the chunks they share are its only .js files, and the same in both", () => {
    const scripts = (build: string) =>
      paths
        .filter((path) => path.startsWith(`dist/${build}/`) && path.endsWith(".js"))
        .map((path) => path.slice(`dist/${build}/`.length));
    const entries = ["src/index.js", "src/internal/index.js", "src/testing/index.js"];
    const chunks = scripts("esm").filter((path) => path.startsWith("chunks/"));
    expect(chunks.length).toBeGreaterThan(0);
    expect(scripts("esm").sort()).toEqual([...chunks, "cli/omi-export.js", ...entries].sort());
    // The command is ESM only.
    expect(scripts("cjs").sort()).toEqual([...chunks, ...entries].sort());
  });

  it("ships no tests, scripts, sources, source maps or node_modules", () => {
    const unwanted = paths.filter(
      (path) =>
        /(^|\/)(node_modules|test|tests|contract-tests|scripts|examples|__tests__|coverage)\//.test(path) ||
        /\.(test|spec)\.[cm]?[jt]s$/.test(path) ||
        (/\.[cm]?ts$/.test(path) && !/\.d\.[cm]?ts$/.test(path)) ||
        /\.map$/.test(path) ||
        /\.tsbuildinfo$/.test(path),
    );
    expect(unwanted).toEqual([]);
  });

  it("ships only .js and .d.ts files (and the format markers) under dist/", () => {
    const other = paths.filter((path) => path.startsWith("dist/") && !/(\.js|\.d\.ts|\/package\.json)$/.test(path));
    expect(other).toEqual([]);
  });
});
