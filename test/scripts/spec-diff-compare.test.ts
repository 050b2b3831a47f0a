/**
 * scripts/spec-diff-compare.ts places spec:diff's and api-smart-diff's changes alike and
 * lists where they differ: what only one finds, and what only one calls breaking.
 */
import { compareDocuments, formatComparison } from "../../scripts/spec-diff-compare.js";
import { withRequestBody, withResponseBody } from "./spec-diff/helpers.js";

const object = (properties: object, required: string[] = []) => ({ type: "object", properties, required });

/** The lines of one section of the report, up to the next section. */
function section(report: string, title: string): string[] {
  const lines = report.split("\n");
  const start = lines.findIndex((line) => line.startsWith(`  ${title}`));
  if (start < 0) throw new Error(`no section "${title}" in:\n${report}`);
  const end = lines.findIndex((line, i) => i > start && /^ {2}\S/.test(line));
  return lines.slice(start, end < 0 ? undefined : end);
}

describe("spec-diff-compare", () => {
  it("places both tools' changes at the same field, and lists a field only spec:diff calls breaking", () => {
    // OpenAPI 3.1 nullability: a response field that may now be null breaks a client reading it.
    const comparison = compareDocuments(
      "nullable",
      withResponseBody(object({ a: { type: "string" } }, ["a"])),
      withResponseBody(object({ a: { type: ["string", "null"] } }, ["a"])),
    );
    expect(comparison.ours.map((c) => [c.operation, c.location, c.breaking])).toEqual([
      ["GET /things", "response.200.body.a", true],
    ]);
    expect(comparison.library.map((c) => [c.operation, c.location, c.breaking])).toEqual([
      ["GET /things", "response.200.body.a", false],
    ]);
    const report = formatComparison(comparison, true);
    expect(section(report, "only spec:diff")).toEqual(["  only spec:diff (0 places, 0 breaking):"]);
    expect(section(report, "found by both, breaking for spec:diff only")).toEqual([
      "  found by both, breaking for spec:diff only (1 places):",
      "    response.200.body.a  (GET /things)  breaking: became nullable",
    ]);
  });

  it("counts a change both call breaking as agreed, and a request field's removal as spec:diff's alone", () => {
    const report = formatComparison(
      compareDocuments(
        "request",
        withRequestBody(object({ a: { type: "string" }, b: { type: "string" } }, ["a"])),
        withRequestBody(object({ b: { type: "string" } }, ["b"])),
      ),
      true,
    );
    expect(report).toContain("  spec:diff:      2 changes at 2 places, 2 breaking");
    expect(report).toContain("found by both (at the same place, or one inside the other): 2 of spec:diff's places");
    // b becoming required breaks both ways; only spec:diff calls removing a sent field breaking.
    expect(section(report, "found by both, breaking for spec:diff only").slice(1)).toEqual([
      "    request.body.a  (POST /things)  breaking: field removed (was required, string)",
    ]);
    expect(section(report, "found by both, breaking for api-smart-diff only")[0]).toBe(
      "  found by both, breaking for api-smart-diff only (0 places):",
    );
  });
});
