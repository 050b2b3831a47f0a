import { plainLiteral } from "../../../scripts/generate/tsdoc.js";

describe("plainLiteral", () => {
  it("writes objects and arrays as a person would, names unquoted where they are identifiers", () => {
    expect(plainLiteral({ maxLimit: 200, windows: { field: "created_at" }, until: ["completed", "failed"] })).toBe(
      '{ maxLimit: 200, windows: { field: "created_at" }, until: ["completed", "failed"] }',
    );
    expect(plainLiteral({ "x-omi-list": true, include_transcript: false, $ref: null })).toBe(
      '{ "x-omi-list": true, include_transcript: false, $ref: null }',
    );
  });

  it("leaves out undefined properties and writes empty containers and strings with escapes", () => {
    expect(plainLiteral({ a: undefined })).toBe("{}");
    expect(plainLiteral([])).toBe("[]");
    expect(plainLiteral('say "hi"\n')).toBe('"say \\"hi\\"\\n"');
  });

  it("is valid source for the same value", () => {
    const value = { pagination: { maxLimit: 1000, reducedLimits: [{ when: { "a-b": 1 }, maxLimit: 5 }] }, ok: true };
    expect(new Function(`return (${plainLiteral(value)});`)()).toEqual(value);
  });
});
