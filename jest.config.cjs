/**
 * Two projects: `unit` (fast tests of src/ and scripts/, no mock server) and
 * `contract` (the client against a Prism mock booted from spec/).
 * ts-jest only transpiles; `npm run typecheck` does the type checking.
 */
const transform = { "^.+\\.ts$": ["ts-jest", { tsconfig: "<rootDir>/tsconfig.jest.json" }] };
const moduleNameMapper = { "^(\\.{1,2}/.*)\\.js$": "$1" };
const common = { testEnvironment: "node", transform, moduleNameMapper, rootDir: __dirname };

module.exports = {
  projects: [
    { ...common, displayName: "unit", testMatch: ["<rootDir>/test/**/*.test.ts"] },
    {
      ...common,
      displayName: "contract",
      testMatch: ["<rootDir>/contract-tests/**/*.test.ts"],
      globalSetup: "<rootDir>/contract-tests/support/global-setup.cjs",
      globalTeardown: "<rootDir>/contract-tests/support/global-teardown.cjs",
    },
  ],
};
