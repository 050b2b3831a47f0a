import { unsendableHeader } from "../../src/internal/unsendable-header.js";

describe("unsendableHeader", () => {
  it("accepts tokens as names and visible ASCII, spaces, tabs and Latin-1 in values", () => {
    expect(unsendableHeader({ "x-trace-id": "abc 123\tdef", "X_Custom.Name": "café ~!", accept: "" })).toBeUndefined();
  });

  it.each([
    [{ "x trace": "1" }, "x trace"],
    [{ "x-tracé": "1" }, "x-tracé"],
    [{ "": "1" }, ""],
    [{ "x-a": "a\nb" }, "x-a"],
    [{ "x-a": "a\rb" }, "x-a"],
    [{ "x-a": "a\u0000b" }, "x-a"],
    [{ "x-a": "a\u0001b" }, "x-a"],
    [{ "x-a": "a\u007fb" }, "x-a"],
    [{ "x-a": "Gen€sis" }, "x-a"],
  ])("names the first header HTTP does not allow: %p", (headers, name) => {
    expect(unsendableHeader({ ok: "fine", ...headers })).toBe(
      `header ${JSON.stringify(name)} cannot be sent: it is not valid HTTP (a bad name, or a control character, line break or character beyond Latin-1)`,
    );
  });
});
