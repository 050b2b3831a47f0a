import { parseHttpDate, parseRetryAfter } from "../../src/internal/retry-after.js";

const NOW = Date.UTC(2026, 0, 15, 12, 0, 0); // Thu, 15 Jan 2026 12:00:00 GMT

describe("parseRetryAfter: delay-seconds", () => {
  it.each([
    ["0", 0],
    ["1", 1000],
    ["120", 120_000],
    ["0120", 120_000],
    ["3600", 3_600_000],
  ])("%p → %i ms", (value, ms) => {
    expect(parseRetryAfter(value, NOW)).toBe(ms);
  });
});

describe("parseRetryAfter: HTTP-date (RFC 9110 §5.6.7)", () => {
  it("IMF-fixdate in the future → the wait until then", () => {
    expect(parseRetryAfter("Thu, 15 Jan 2026 12:00:30 GMT", NOW)).toBe(30_000);
  });

  it("RFC 850 (obsolete) → the wait until then", () => {
    expect(parseRetryAfter("Thursday, 15-Jan-26 12:01:00 GMT", NOW)).toBe(60_000);
  });

  it("asctime (obsolete), day padded with a space → the wait until then", () => {
    expect(parseRetryAfter("Thu Jan 15 12:00:05 2026", NOW)).toBe(5000);
    expect(parseRetryAfter("Fri Jan  1 00:00:00 2027", NOW)).toBe(Date.UTC(2027, 0, 1) - NOW);
  });

  it.each([
    "Sun, 06 Nov 1994 08:49:37 GMT",
    "Sunday, 06-Nov-94 08:49:37 GMT",
    "Sun Nov  6 08:49:37 1994",
    "Thu, 15 Jan 2026 12:00:00 GMT",
  ])("a date in the past or now (%p) → 0", (value) => {
    expect(parseRetryAfter(value, NOW)).toBe(0);
  });
});

describe("parseRetryAfter: invalid values are ignored (undefined)", () => {
  it.each([
    null,
    undefined,
    "",
    " ",
    "-1",
    "+5",
    "1.5",
    "1e3",
    "soon",
    "10 seconds",
    "Mon, 32 Jan 2026 10:00:00 GMT",
    "Thu, 31 Feb 2026 10:00:00 GMT",
    "Thu, 15 Jan 2026 24:00:00 GMT",
    "Thu, 15 Jan 2026 12:60:00 GMT",
    "Thu, 15 Jan 2026 12:00:61 GMT",
    "Thu, 15 Jan 2026 12:00:00 gmt",
    "Thu, 15 Jan 2026 12:00:00 UTC",
    "Thu, 15 Jan 2026 12:00:00 +0000",
    "thu, 15 Jan 2026 12:00:00 GMT",
    "Thu, 15 jan 2026 12:00:00 GMT",
    "Thu, 5 Jan 2026 12:00:00 GMT",
    "Thu,  15 Jan 2026 12:00:00 GMT",
    "Thursday, 15 Jan 2026 12:00:00 GMT",
    "Thu, 15-Jan-26 12:00:00 GMT",
    "2026-01-15T12:00:30Z",
  ])("%p", (value) => {
    expect(parseRetryAfter(value, NOW)).toBeUndefined();
  });
});

describe("parseHttpDate", () => {
  it("accepts a leap second as :59", () => {
    expect(parseHttpDate("Wed, 31 Dec 2025 23:59:60 GMT", NOW)).toBe(Date.UTC(2025, 11, 31, 23, 59, 59));
  });

  it("accepts 29 Feb only in a leap year", () => {
    expect(parseHttpDate("Thu, 29 Feb 2024 00:00:00 GMT", NOW)).toBe(Date.UTC(2024, 1, 29));
    expect(parseHttpDate("Sun, 29 Feb 2026 00:00:00 GMT", NOW)).toBeUndefined();
  });

  it("reads an RFC 850 two-digit year as at most 50 years ahead, else the previous century", () => {
    expect(parseHttpDate("Thursday, 01-Jan-70 00:00:00 GMT", NOW)).toBe(Date.UTC(2070, 0, 1));
    expect(parseHttpDate("Monday, 01-Jan-80 00:00:00 GMT", NOW)).toBe(Date.UTC(1980, 0, 1));
    expect(parseHttpDate("Sunday, 06-Nov-94 08:49:37 GMT", NOW)).toBe(Date.UTC(1994, 10, 6, 8, 49, 37));
  });
});
