// size-limit's checks for `npm run size`: what a browser app downloads when it imports the client,
// next to bare openapi-fetch. esbuild bundles each entry as a browser app's bundler would (ESM,
// platform browser, ES2022, minified) and the result is gzipped. The client's limit is the CI gate
// (test/package/size.test.ts): it sits just above the measured size, so that growth is a decision.
const browserEsm = (config) => ({ ...config, format: "esm", platform: "browser", target: "es2022" });

export default [
  {
    name: "omi-developer-api (createOmiClient + openapi-fetch)",
    path: "dist/esm/src/index.js",
    import: "{ createOmiClient }",
    gzip: true,
    limit: "23400 B",
    modifyEsbuildConfig: browserEsm,
  },
  {
    name: "openapi-fetch alone (createClient)",
    path: "node_modules/openapi-fetch/dist/index.mjs",
    import: "createClient",
    gzip: true,
    modifyEsbuildConfig: browserEsm,
  },
];
