import { backoffDelay, DEFAULT_BACKOFF } from "../../src/internal/backoff.js";

describe("backoffDelay with the default bounds (0.5 s to 8 s)", () => {
  it("defaults to 500 ms … 8 000 ms", () => {
    expect(DEFAULT_BACKOFF).toEqual({ initialDelayMs: 500, maxDelayMs: 8000 });
  });

  it.each([
    [1, 500, 1000],
    [2, 1000, 2000],
    [3, 2000, 4000],
    [4, 4000, 8000],
    [5, 8000, 8000],
    [10, 8000, 8000],
  ])("retry %i: %i ms with random 0, %i ms with random 1 (doubling, capped at 8 s)", (retry, low, high) => {
    expect(backoffDelay(retry, DEFAULT_BACKOFF, () => 0)).toBe(low);
    expect(backoffDelay(retry, DEFAULT_BACKOFF, () => 1)).toBe(high);
  });

  it("jitters between the two: random 0.5 on the first retry → 750 ms", () => {
    expect(backoffDelay(1, DEFAULT_BACKOFF, () => 0.5)).toBe(750);
  });

  it("always stays within 0.5 s and 8 s", () => {
    for (let retry = 1; retry <= 12; retry++) {
      for (const r of [0, 0.001, 0.25, 0.5, 0.75, 0.999, 1]) {
        const delay = backoffDelay(retry, DEFAULT_BACKOFF, () => r);
        expect(delay).toBeGreaterThanOrEqual(500);
        expect(delay).toBeLessThanOrEqual(8000);
      }
    }
  });

  it("uses Math.random by default, within the bounds", () => {
    const delay = backoffDelay(1, DEFAULT_BACKOFF);
    expect(delay).toBeGreaterThanOrEqual(500);
    expect(delay).toBeLessThanOrEqual(1000);
  });
});

describe("backoffDelay with custom bounds", () => {
  it("follows initialDelayMs and maxDelayMs", () => {
    const bounds = { initialDelayMs: 10, maxDelayMs: 25 };
    expect([1, 2, 3].map((retry) => backoffDelay(retry, bounds, () => 0))).toEqual([10, 20, 25]);
    expect([1, 2, 3].map((retry) => backoffDelay(retry, bounds, () => 1))).toEqual([20, 25, 25]);
  });

  it("an initial delay above the maximum is capped", () => {
    expect(backoffDelay(1, { initialDelayMs: 5000, maxDelayMs: 100 }, () => 0.5)).toBe(100);
  });
});
