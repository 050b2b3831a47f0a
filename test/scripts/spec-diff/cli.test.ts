/**
 * The command line, run in-process (fast): arguments, exit codes, output formats.
 * (test/scripts/spec-diff.test.ts also runs it as a real child process.)
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import {
  DEFAULT_BASE_DOCUMENT,
  DEFAULT_KNOWN_DIFFERENCES,
  parseArguments,
  runCli,
  UsageError,
} from "../../../scripts/spec-diff/cli.js";
import type { SpecChange } from "../../../scripts/spec-diff/types.js";
import { object, withRequestBody } from "./helpers.js";

const fixtures = resolve(__dirname, "../../fixtures/upstream");

function run(args: string[], cwd: string): { code: number; stdout: string; stderr: string } {
  let stdout = "";
  let stderr = "";
  const code = runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd });
  return { code, stdout, stderr };
}

describe("parseArguments", () => {
  it("defaults the base document and reads flags anywhere", () => {
    expect(parseArguments(["new.json"])).toEqual({ other: "new.json", base: DEFAULT_BASE_DOCUMENT, json: false, verbose: false });
    expect(parseArguments(["--json", "new.json", "old.yaml", "--verbose"])).toEqual({
      other: "new.json",
      base: "old.yaml",
      json: true,
      verbose: true,
    });
    expect(parseArguments(["--", "--odd-name.json"])).toMatchObject({ other: "--odd-name.json" });
    expect(parseArguments(["-h"])).toBe("help");
  });

  it("rejects missing documents, extra arguments and unknown options", () => {
    expect(() => parseArguments([])).toThrow(UsageError);
    expect(() => parseArguments(["a", "b", "c"])).toThrow("too many arguments: c");
    expect(() => parseArguments(["a", "--jsn"])).toThrow("unknown option --jsn");
  });
});

describe("runCli", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "spec-diff-cli-"));
    writeFileSync(join(dir, "old.json"), JSON.stringify(withRequestBody(object({ a: { type: "string" } }))));
    writeFileSync(join(dir, "new-breaking.json"), JSON.stringify(withRequestBody(object({ a: { type: "integer" } }))));
    writeFileSync(
      join(dir, "new-safe.json"),
      JSON.stringify(withRequestBody(object({ a: { type: "string" }, b: { type: "string" } }))),
    );
    writeFileSync(join(dir, "not-openapi.json"), JSON.stringify({ hello: "world" }));
    mkdirSync(join(dir, "spec"));
    writeFileSync(join(dir, DEFAULT_BASE_DOCUMENT), "openapi: 3.1.0\npaths: {}\n");
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("exits 1 and marks BREAKING when a change breaks clients", () => {
    const result = run(["new-breaking.json", "old.json"], dir);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(
      [
        "spec-diff: base old.json → other new-breaking.json",
        "",
        "POST /things (createThing)",
        "  ~ BREAKING request.body.a: type changed from string to integer",
        "",
        "Summary: 0 operations added, 0 removed, 1 changed; 1 change: 1 breaking, 0 warnings, 0 non-breaking.",
        "",
      ].join("\n"),
    );
  });

  it("exits 0 when the changes are all safe", () => {
    const result = run(["new-safe.json", "old.json"], dir);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("  + request.body.b: optional field added (string)\n");
  });

  it("--json prints the change records", () => {
    const result = run(["--json", "new-breaking.json", "old.json"], dir);
    expect(result.code).toBe(1);
    const changes = JSON.parse(result.stdout) as SpecChange[];
    expect(changes).toEqual([
      {
        kind: "changed",
        breaking: true,
        severity: "breaking",
        operation: "POST /things",
        operationId: "createThing",
        location: "request.body.a",
        aspect: "type",
        before: "string",
        after: "integer",
        message: "type changed from string to integer",
      },
    ]);
    expect(run(["--json", "old.json", "old.json"], dir).stdout).toBe("[]\n");
  });

  it("uses spec/omi-developer-api.yaml under the working directory as the default base", () => {
    const result = run(["old.json"], dir);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`spec-diff: base ${DEFAULT_BASE_DOCUMENT} → other old.json`);
    expect(result.stdout).toContain("POST /things (createThing)\n  + operation added\n");
  });

  it("exits 2 with a message on stderr for usage errors", () => {
    for (const [args, message] of [
      [[], "missing <other-openapi-document>"],
      [["--nope", "old.json"], "unknown option --nope"],
      [["missing.json", "old.json"], "missing.json: file not found"],
      [["old.json", "missing.yaml"], "missing.yaml: file not found"],
      [["not-openapi.json", "old.json"], 'not-openapi.json: not an OpenAPI document (no "openapi" version field)'],
    ] as const) {
      const result = run([...args], dir);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe("");
      expect(result.stderr).toContain(message);
    }
  });

  it("--help prints usage and exits 0", () => {
    const result = run(["--help"], dir);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Usage: spec-diff <other-openapi-document> [<base-document>]");
  });

  it("compares the upstream fixtures by absolute path", () => {
    const result = run(
      [join(fixtures, "omi-openapi-latest-generated.json"), join(fixtures, "omi-openapi-v1-handwritten.json")],
      dir,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toBe("");
  });

  it("warns on stderr about references it cannot follow", () => {
    const dangling = withRequestBody({ $ref: "#/components/schemas/Missing" });
    writeFileSync(join(dir, "dangling.json"), JSON.stringify(dangling));
    const result = run(["dangling.json", "dangling.json"], dir);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("warning: cannot resolve #/components/schemas/Missing in dangling.json");
  });
});

describe("runCli with known differences", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "spec-diff-known-"));
    writeFileSync(join(dir, "old.json"), JSON.stringify(withRequestBody(object({ a: { type: "string" } }))));
    writeFileSync(join(dir, "new-breaking.json"), JSON.stringify(withRequestBody(object({ a: { type: "integer" } }))));
    const entry = (id: string, location: string) =>
      `  - id: ${id}\n    reason: ${id} is on purpose\n    operations: [POST /things]\n    locations: [${location}]\n`;
    writeFileSync(join(dir, "known.yaml"), `differences:\n${entry("a-type", "request.body.a")}${entry("stale", "response.418")}`);
    mkdirSync(join(dir, "spec"));
    writeFileSync(join(dir, DEFAULT_BASE_DOCUMENT), readFileSync(join(dir, "old.json"), "utf8"));
    writeFileSync(join(dir, DEFAULT_KNOWN_DIFFERENCES), `differences:\n${entry("default-file", "request.body.*")}`);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("marks intended changes, lists their reasons and the stale entries, and exits 0 when nothing else breaks", () => {
    const result = run(["new-breaking.json", "old.json", "--known", "known.yaml"], dir);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("known differences: known.yaml (marked [intended: id]");
    expect(result.stdout).toContain("  ~ BREAKING request.body.a: type changed from string to integer [intended: a-type]\n");
    expect(result.stdout).toContain("Intended differences:\n  a-type: a-type is on purpose\n");
    expect(result.stdout).toContain(
      "matched no change (stale entries, or the documents changed):\n  stale: stale is on purpose\n",
    );
    expect(result.stdout).toContain("Intended (known differences): 1; breaking and not intended: 0.");
    const json = run(["--json", "new-breaking.json", "old.json", "--known", "known.yaml"], dir);
    expect((JSON.parse(json.stdout) as SpecChange[])[0]?.intended).toBe("a-type");
  });

  it("applies the default file only with the default base, and --no-known turns it off", () => {
    const withDefault = run(["new-breaking.json"], dir);
    expect(withDefault.code).toBe(0);
    expect(withDefault.stdout).toContain("[intended: default-file]");
    const off = run(["new-breaking.json", "--no-known"], dir);
    expect(off.code).toBe(1);
    expect(off.stdout).not.toContain("intended");
    const explicitBase = run(["new-breaking.json", "old.json"], dir);
    expect(explicitBase.code).toBe(1);
    expect(explicitBase.stdout).not.toContain("intended");
  });

  it("exits 2 for a missing or malformed known-differences file, and for --known without a file", () => {
    expect(run(["new-breaking.json", "old.json", "--known", "none.yaml"], dir)).toMatchObject({ code: 2, stdout: "" });
    writeFileSync(join(dir, "bad.yaml"), "entries: []\n");
    const bad = run(["new-breaking.json", "old.json", "--known", "bad.yaml"], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('bad.yaml: expected a top-level "differences" list');
    expect(() => parseArguments(["new.json", "--known"])).toThrow("--known needs a file");
    expect(parseArguments(["new.json", "--known", "k.yaml"])).toMatchObject({ known: "k.yaml" });
    expect(parseArguments(["new.json", "--no-known"])).toMatchObject({ known: false });
  });
});
