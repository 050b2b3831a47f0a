import { parseSince } from "../../../cli/export/args.js";
import { createdSince } from "../../../cli/export/resources.js";
import { UsageError } from "../../../cli/export/failure.js";

describe("parseSince", () => {
  it.each([
    ["2025-11-01", "2025-11-01T00:00:00.000Z"],
    ["2025-11-01T08:30:00Z", "2025-11-01T08:30:00.000Z"],
    ["2025-11-01t08:30z", "2025-11-01T08:30:00.000Z"],
    ["2025-11-01 10:30:15.250+02:00", "2025-11-01T08:30:15.250Z"],
    ["2025-11-01T10:30:00+0200", "2025-11-01T08:30:00.000Z"],
    ["2024-02-29", "2024-02-29T00:00:00.000Z"],
  ])("reads %s as %s", (text, iso) => {
    expect(parseSince(text)).toEqual({ iso, ms: Date.parse(iso) });
  });

  it.each(["2025-02-30", "2025-13-01", "2025-11-01T24:00:00Z", "2025-11-01T08:60Z", "2023-02-29"])(
    "refuses the impossible date %s",
    (text) => {
      expect(() => parseSince(text)).toThrow(/not a real date/);
    },
  );

  it.each(["", "yesterday", "1730419200", "2025-11", "11/01/2025", "2025-11-01T08:00:00Zjunk"])(
    "refuses %j as not ISO",
    (text) => {
      expect(() => parseSince(text)).toThrow(UsageError);
    },
  );

  it("asks for a time zone rather than guessing one", () => {
    expect(() => parseSince("2025-11-01T08:00:00")).toThrow(/add a time zone/);
  });
});

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
