import { renderVersion } from "../../../scripts/generate/render-version.js";

describe("renderVersion", () => {
  it("writes package.json's version as the VERSION constant", () => {
    expect(renderVersion("1.2.3-beta.1")).toContain('export const VERSION = "1.2.3-beta.1";');
  });

  it("refuses a version that is not semver (it goes into a header)", () => {
    expect(() => renderVersion("1.2")).toThrow(/not a semver version/);
    expect(() => renderVersion('1.0.0"\nx')).toThrow(/not a semver version/);
  });
});
