import { queryString } from "../../src/internal/query-string.js";

describe("queryString", () => {
  it("is empty without values, and leaves out undefined and null", () => {
    expect(queryString(undefined)).toBe("");
    expect(queryString({})).toBe("");
    expect(queryString({ a: undefined, b: null, c: 1 })).toBe("?c=1");
  });

  it("repeats arrays and writes objects as name[key], percent-encoding names and values", () => {
    expect(queryString({ tag: ["a b", "c&d"], limit: 5, on: true })).toBe("?tag=a%20b&tag=c%26d&limit=5&on=true");
    expect(queryString({ "a b": 1, filter: { "x y": "1/2" } })).toBe("?a%20b=1&filter%5Bx%20y%5D=1%2F2");
  });
});
