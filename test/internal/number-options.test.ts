import { badNumberOption } from "../../src/internal/number-options.js";

describe("badNumberOption", () => {
  it("accepts absent options and values in range", () => {
    expect(badNumberOption({})).toBeUndefined();
    expect(badNumberOption({ maxRetries: 0, timeoutMs: 1, maxRetryDelayMs: 0 })).toBeUndefined();
    expect(badNumberOption({ maxRetries: 10, timeoutMs: 2_147_483_647, maxRetryDelayMs: 2_147_483_647 })).toBeUndefined();
  });

  it.each([
    [{ maxRetries: -1 }, "maxRetries must be a number ≥ 0, got -1"],
    [{ maxRetries: Number.NaN }, "maxRetries must be a number ≥ 0, got NaN"],
    [{ timeoutMs: 0 }, "timeoutMs must be a number from 1 to 2147483647 (the longest timer), got 0"],
    [{ timeoutMs: 2 ** 31 }, "timeoutMs must be a number from 1 to 2147483647 (the longest timer), got 2147483648"],
    [{ maxRetryDelayMs: Infinity }, "maxRetryDelayMs must be a number from 0 to 2147483647 (the longest timer), got Infinity"],
    [{ timeoutMs: "5" as unknown as number }, 'timeoutMs must be a number from 1 to 2147483647 (the longest timer), got "5"'],
  ])("refuses %p", (options, message) => {
    expect(badNumberOption(options)).toBe(message);
  });
});
