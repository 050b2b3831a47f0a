/**
 * Known differences: parsing the file, which changes an entry covers, marking them intended,
 * and reporting entries that match nothing.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DocumentLoadError } from "../../../scripts/lib/load-spec.js";
import {
  applyKnownDifferences,
  loadKnownDifferences,
  matchesKnown,
  parseKnownDifferences,
  type KnownDifference,
} from "../../../scripts/spec-diff/known-differences.js";
import type { SpecChange } from "../../../scripts/spec-diff/types.js";

function change(overrides: Partial<SpecChange>): SpecChange {
  return {
    kind: "removed",
    breaking: true,
    severity: "breaking",
    operation: "GET /things",
    location: "response.200.body.geolocation.altitude",
    aspect: "field",
    message: "field removed",
    ...overrides,
  };
}

const geolocation: KnownDifference = {
  id: "geo",
  reason: "newer server",
  operations: "*",
  locations: ["*geolocation.altitude"],
};

describe("parseKnownDifferences", () => {
  it("reads entries with their optional filters", () => {
    expect(
      parseKnownDifferences({
        differences: [
          { id: "a", reason: "r", operations: "*", locations: ["operation"] },
          { id: "b", reason: "r", operations: ["GET /x"], locations: ["response.426"], kinds: ["removed"], aspects: ["status"] },
        ],
      }),
    ).toEqual([
      { id: "a", reason: "r", operations: "*", locations: ["operation"] },
      { id: "b", reason: "r", operations: ["GET /x"], locations: ["response.426"], kinds: ["removed"], aspects: ["status"] },
    ]);
  });

  it("refuses a file without a differences list, an entry without id or reason, and empty location lists", () => {
    expect(() => parseKnownDifferences({ entries: [] }, "k.yaml")).toThrow('k.yaml: expected a top-level "differences" list');
    expect(() => parseKnownDifferences({ differences: [{ reason: "r", operations: "*", locations: ["x"] }] })).toThrow(
      '"id" and "reason" are required',
    );
    expect(() => parseKnownDifferences({ differences: [{ id: "a", reason: "r", operations: "*", locations: [] }] })).toThrow(
      '"locations" must be a non-empty list of strings',
    );
    expect(() => parseKnownDifferences({ differences: [{ id: "a", reason: "r", operations: [3], locations: ["x"] }] })).toThrow(
      DocumentLoadError,
    );
  });

  it("loads YAML from a file and names a missing one", () => {
    const dir = mkdtempSync(join(tmpdir(), "known-"));
    try {
      const file = join(dir, "known.yaml");
      writeFileSync(file, "differences:\n  - id: a\n    reason: r\n    operations: '*'\n    locations: [operation]\n");
      expect(loadKnownDifferences(file)).toEqual([{ id: "a", reason: "r", operations: "*", locations: ["operation"] }]);
      expect(() => loadKnownDifferences(join(dir, "none.yaml"))).toThrow("none.yaml: file not found");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("matchesKnown", () => {
  it("matches locations by glob, where * spans dots and brackets but nothing else is special", () => {
    expect(matchesKnown(change({}), geolocation)).toBe(true);
    expect(matchesKnown(change({ location: "request.body.geolocation.altitude" }), geolocation)).toBe(true);
    expect(matchesKnown(change({ location: "response.200.body.geolocation.altitudes" }), geolocation)).toBe(false);
    const exact: KnownDifference = { ...geolocation, locations: ["response.422.body.detail[]"] };
    expect(matchesKnown(change({ location: "response.422.body.detail[]" }), exact)).toBe(true);
    expect(matchesKnown(change({ location: "response.422.body.detail" }), exact)).toBe(false);
  });

  it("honours the operation list and the kind and aspect filters", () => {
    const narrow: KnownDifference = { ...geolocation, operations: ["GET /other"] };
    expect(matchesKnown(change({}), narrow)).toBe(false);
    expect(matchesKnown(change({}), { ...geolocation, operations: ["GET /things"] })).toBe(true);
    expect(matchesKnown(change({}), { ...geolocation, kinds: ["added"] })).toBe(false);
    expect(matchesKnown(change({}), { ...geolocation, aspects: ["field"] })).toBe(true);
    expect(matchesKnown(change({}), { ...geolocation, aspects: ["type"] })).toBe(false);
  });
});

describe("applyKnownDifferences", () => {
  it("marks covered changes with the first matching entry's id, leaves the others alone, and lists unused entries", () => {
    const unused: KnownDifference = { id: "stale", reason: "gone", operations: "*", locations: ["response.418"] };
    const other = change({ location: "request.body.a", aspect: "type", kind: "changed" });
    const result = applyKnownDifferences([change({}), other], [geolocation, { ...geolocation, id: "second" }, unused]);
    expect(result.changes).toEqual([{ ...change({}), intended: "geo" }, other]);
    expect(result.changes[1]).not.toHaveProperty("intended");
    expect(result.unused.map((k) => k.id)).toEqual(["second", "stale"]);
  });
});
