/**
 * Projects:
 * - `unit`: fast tests of src/, scripts/ and cli/ (local fake servers only);
 * - `contract`: the client against a Prism mock booted from spec/;
 * - `examples`: the scripts in examples/ against fake accounts (omi-developer-api/testing);
 * - `browser`: the client in headless Chromium (from npm: @sparticuz/chromium) against the mock, across origins;
 * - `package`: the built and packed package as a user gets it (contents, install,
 *   import/require, types, bundle size); builds dist/ once in its global setup.
 * ts-jest only transpiles; `npm run typecheck` does the type checking.
 *
 * No test may depend on the machine's speed: the timeouts below are generous bounds
 * for a loaded machine (both cores busy, see `npm run test:load`), not targets.
 */
const transform = { "^.+\\.ts$": ["ts-jest", { tsconfig: "<rootDir>/tsconfig.jest.json" }] };
// Examples import the package by name, as users do; in the repository that name is src/.
const moduleNameMapper = {
  "^omi-developer-api$": "<rootDir>/src/index.ts",
  "^omi-developer-api/testing$": "<rootDir>/src/testing/index.ts",
  "^(\\.{1,2}/.*)\\.js$": "$1",
};
const common = { testEnvironment: "node", transform, moduleNameMapper, rootDir: __dirname };

module.exports = {
  // One worker per core (jest's default leaves one core idle: a single worker on
  // two cores), since much of the suite waits on servers and child processes.
  maxWorkers: "100%",
  // jest reads testTimeout here only (a project's own is ignored): jest's default is 5 s.
  testTimeout: 60_000,
  projects: [
    {
      ...common,
      displayName: "unit",
      testMatch: ["<rootDir>/test/**/*.test.ts"],
      testPathIgnorePatterns: [
        "/node_modules/",
        "<rootDir>/test/package/",
        "<rootDir>/test/browser/",
        "<rootDir>/test/examples/",
      ],
    },
    {
      ...common,
      displayName: "contract",
      testMatch: ["<rootDir>/contract-tests/**/*.test.ts"],
      globalSetup: "<rootDir>/contract-tests/support/global-setup.cjs",
      globalTeardown: "<rootDir>/contract-tests/support/global-teardown.cjs",
    },
    {
      ...common,
      displayName: "examples",
      testMatch: ["<rootDir>/test/examples/**/*.test.ts", "<rootDir>/examples/**/*.test.ts"],
      testTimeout: 60_000,
    },
    { ...common, displayName: "browser", testMatch: ["<rootDir>/test/browser/**/*.test.ts"], testTimeout: 120_000 },
    {
      ...common,
      displayName: "package",
      testMatch: ["<rootDir>/test/package/**/*.test.ts"],
      globalSetup: "<rootDir>/test/package/support/global-setup.cjs",
      testTimeout: 180_000,
    },
  ],
};
