/**
 * The examples import "omi-developer-api", as a user's code would. In the tests
 * that name must be the source in src/ (jest's moduleNameMapper), not a build in
 * dist/: otherwise the examples and the tests hold two copies of the client, and
 * `instanceof RateLimitError` in an example fails for errors of the test's client.
 */
import * as byName from "omi-developer-api";
import * as fromSource from "../../src/index.js";

it('resolves "omi-developer-api" to src/index.ts', () => {
  const sameModule = byName.createOmiClient === fromSource.createOmiClient && byName.RateLimitError === fromSource.RateLimitError;
  if (!sameModule) {
    throw new Error(
      'jest resolves "omi-developer-api" to another copy of the client than src/ (a dist/ build?): ' +
        'add `"^omi-developer-api$": "<rootDir>/src/index.ts"` to moduleNameMapper in jest.config.cjs',
    );
  }
  expect(sameModule).toBe(true);
});
