/**
 * The text and JSON reports.
 */
import { formatChangeLine, formatJsonReport, formatTextReport, summarise } from "../../../scripts/spec-diff/format-report.js";
import type { SpecChange } from "../../../scripts/spec-diff/types.js";

const change = (overrides: Partial<SpecChange>): SpecChange => ({
  kind: "changed",
  breaking: false,
  severity: "info",
  operation: "GET /a",
  operationId: "getA",
  location: "response.200.body.x",
  aspect: "type",
  message: "m",
  ...overrides,
});

describe("format-report", () => {
  it("prefixes lines with +, -, ~ and marks BREAKING and warnings", () => {
    expect(formatChangeLine(change({ kind: "added", message: "field added" }))).toBe("  + response.200.body.x: field added");
    expect(formatChangeLine(change({ kind: "removed", breaking: true, severity: "breaking", message: "gone" }))).toBe(
      "  - BREAKING response.200.body.x: gone",
    );
    expect(formatChangeLine(change({ severity: "warning", message: "hm" }))).toBe("  ~ warning: response.200.body.x: hm");
    expect(
      formatChangeLine(change({ kind: "added", aspect: "operation", location: "operation", message: "operation added" })),
    ).toBe("  + operation added");
  });

  it("groups by operation with the operationId (showing renames) and ends with a summary", () => {
    const changes = [
      change({
        kind: "added",
        aspect: "operation",
        location: "operation",
        operation: "POST /b",
        operationId: "postB",
        message: "operation added",
      }),
      change({
        operation: "GET /a",
        aspect: "operationId",
        location: "operationId",
        before: "getA",
        after: "fetchA",
        message: "renamed",
      }),
      change({ operation: "GET /a", breaking: true, severity: "breaking", message: "broke" }),
      change({
        operation: "DELETE /c",
        operationId: undefined,
        kind: "removed",
        aspect: "operation",
        location: "operation",
        breaking: true,
        severity: "breaking",
        message: "operation removed",
      }),
    ];
    expect(formatTextReport(changes, { base: "old.yaml", other: "new.json" })).toBe(
      [
        "spec-diff: base old.yaml → other new.json",
        "",
        "POST /b (postB)",
        "  + operation added",
        "",
        "GET /a (getA → fetchA)",
        "  ~ operationId: renamed",
        "  ~ BREAKING response.200.body.x: broke",
        "",
        "DELETE /c",
        "  - BREAKING operation removed",
        "",
        "Summary: 1 operation added, 1 removed, 1 changed; 4 changes: 2 breaking, 0 warnings, 2 non-breaking.",
        "",
      ].join("\n"),
    );
    expect(summarise(changes)).toEqual({
      operationsAdded: 1,
      operationsRemoved: 1,
      operationsChanged: 1,
      total: 4,
      breaking: 2,
      warnings: 0,
      info: 2,
      intended: 0,
      unexpectedBreaking: 2,
    });
    const oneIntended = changes.map((c) => (c.message === "broke" ? { ...c, intended: "on-purpose" } : c));
    expect(summarise(oneIntended)).toMatchObject({ breaking: 2, intended: 1, unexpectedBreaking: 1 });
  });

  it("says so when there are no differences", () => {
    expect(formatTextReport([])).toBe(
      "No differences.\n\nSummary: 0 operations added, 0 removed, 0 changed; 0 changes: 0 breaking, 0 warnings, 0 non-breaking.\n",
    );
  });

  it("prints JSON arrays", () => {
    const changes = [change({})];
    expect(JSON.parse(formatJsonReport(changes))).toEqual(changes);
  });
});
