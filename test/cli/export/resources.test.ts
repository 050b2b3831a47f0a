import { parseSince } from "../../../cli/export/args.js";
import { createdSince } from "../../../cli/export/resources.js";

describe("createdSince", () => {
  const since = parseSince("2025-01-01");
  it("keeps items created at or after the instant and drops older ones", () => {
    expect(createdSince({ created_at: "2025-01-01T00:00:00Z" }, since)).toBe(true);
    expect(createdSince({ created_at: "2025-03-01T00:00:00+05:00" }, since)).toBe(true);
    expect(createdSince({ created_at: "2024-12-31T23:59:59.999Z" }, since)).toBe(false);
  });

  it("keeps items whose age cannot be told", () => {
    expect(createdSince({}, since)).toBe(true);
    expect(createdSince({ created_at: null }, since)).toBe(true);
    expect(createdSince({ created_at: "not a date" }, since)).toBe(true);
  });
});
