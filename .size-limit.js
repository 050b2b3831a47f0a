// size-limit's checks for `npm run size` (scripts/size.ts runs size-limit and prints the report).
// Every check bundles with esbuild (@size-limit/esbuild) as a browser app's bundler would
// (format esm, platform browser, target es2022, minified) and gzips at level 9 (@size-limit/file).
// Paths are relative to the repository root; dist/ comes from `npm run build`.
import { readFile } from "node:fs/promises";

/**
 * The CI gate: the most the client with every feature (openapi-fetch included) may weigh
 * gzipped, set just above its measured size so that growth is a decision: raise it only for
 * a reviewed feature, with the figures in CHANGELOG.md and BENCHMARKS.md.
 */
const SIZE_GATE_BYTES = 23_400;

/**
 * The features `npm run size` prices, each by the modules only it needs: paths under
 * dist/esm/ (compiled .js), or a package name; `path#a,b` empties only the exported
 * functions `a` and `b` of a module that holds more than one feature. A feature's cost is what the gzipped bundle
 * loses when those modules are replaced by empty exports. A path that is not in the
 * bundle fails the run with its name: when src/ files are renamed or merged, update them here.
 */
const FEATURES = [
  { label: "pagination: listAll() and pages()", modules: ["src/internal/pagination.js"] },
  { label: "batches: createMany() and OmiBatchError", modules: ["src/internal/batches.js"] },
  { label: "Retry-After parsing (seconds and the three HTTP-date forms)", modules: ["src/internal/retries.js#parseRetryAfter"] },
  { label: "rate budgets (rateLimit)", modules: ["src/internal/budgets.js#createRateBudgets"] },
  { label: "concurrency limit (maxConcurrency)", modules: ["src/internal/budgets.js#createSemaphore"] },
  {
    label: "cross-field body checks (x-omi-greater-than, x-omi-not-before, x-omi-offset-like)",
    modules: ["src/internal/input-checks.js#checkBodyRules"],
  },
  {
    label: "key-shape checks and credential messages",
    modules: ["src/internal/credentials.js#developerKey,authorizationFor"],
  },
  {
    label: "the spec's request constraints checked before sending (checkRequest, generated request models)",
    modules: ["src/internal/input-checks.js#checkRequest"],
  },
];

// scripts/size.ts reads the results by these names: the gated check is the client with every
// feature, "openapi-fetch alone" the reference, and each "without: …" the client less a feature.
const CLIENT_CHECK = "omi-developer-api (createOmiClient + openapi-fetch)";
const OPENAPI_FETCH_CHECK = "openapi-fetch alone (createClient)";
const WITHOUT_PREFIX = "without: ";

const CLIENT = "dist/esm/src/index.js";

const browserEsm = (config) => ({ ...config, format: "esm", platform: "browser", target: "es2022" });

const slashes = (path) => path.replace(/\\/g, "/");
const matches = (path, module) =>
  module.includes("/") ? slashes(path).endsWith(`/dist/esm/${module}`) : slashes(path).includes(`/node_modules/${module}/`);

// The module's export names, each bound to an empty function (classes can still be extended).
function stubFor(source) {
  const names = new Set();
  for (const match of source.matchAll(/export (?:async )?(?:function\*?|class|const|let|var) ([\w$]+)/g)) names.add(match[1]);
  for (const list of source.matchAll(/export \{([^}]*)\}/g)) {
    for (const part of list[1].split(",")) {
      const name = part
        .trim()
        .split(/\s+as\s+/)
        .pop();
      if (name && name !== "default") names.add(name);
    }
  }
  const lines = [...names].map((name) => `export function ${name}() {}`);
  if (/export default|as default\b/.test(source)) lines.push("export default function stub() {}");
  return lines.join("\n");
}

// Each named exported function emptied; its body stays as an unused function, which the bundler drops.
function stubExports(source, names, path) {
  let out = source;
  for (const name of names) {
    const declaration = new RegExp(`export ((?:async )?function\\*? )${name}\\(`);
    if (!declaration.test(out)) throw new Error(`${path} exports no function ${name} to stub out`);
    out = out.replace(declaration, `export function ${name}() {}\n$1${name}$$stubbed(`);
  }
  return out;
}

// An esbuild plugin that replaces the feature's modules (or some of their functions) by empty
// exports, and fails the build when one of them was never loaded (renamed or merged away).
function stubModules(feature) {
  const targets = feature.modules.map((spec) => {
    const [module = "", names] = spec.split("#");
    return { spec, module, names: names ? names.split(",") : undefined };
  });
  return {
    name: "stub-feature-modules",
    setup(build) {
      const seen = new Set();
      build.onLoad({ filter: /\.m?js$/ }, async (args) => {
        const hits = targets.filter((target) => matches(args.path, target.module));
        if (hits.length === 0) return undefined;
        for (const hit of hits) seen.add(hit.spec);
        const source = await readFile(args.path, "utf8");
        const names = hits.every((hit) => hit.names) ? hits.flatMap((hit) => hit.names) : undefined;
        return { contents: names ? stubExports(source, names, args.path) : stubFor(source), loader: "js" };
      });
      build.onEnd(() => {
        const missing = targets.filter((target) => !seen.has(target.spec)).map((target) => target.spec);
        if (missing.length === 0) return undefined;
        return {
          errors: [
            { text: `feature module(s) ${missing.join(", ")} not in the client bundle: update FEATURES in .size-limit.js` },
          ],
        };
      });
    },
  };
}

const client = { path: CLIENT, import: "{ createOmiClient }", gzip: true };

export default [
  { name: CLIENT_CHECK, ...client, limit: `${SIZE_GATE_BYTES} B`, modifyEsbuildConfig: browserEsm },
  {
    name: OPENAPI_FETCH_CHECK,
    path: "node_modules/openapi-fetch/dist/index.mjs",
    import: "createClient",
    gzip: true,
    modifyEsbuildConfig: browserEsm,
  },
  ...FEATURES.map((feature) => ({
    name: `${WITHOUT_PREFIX}${feature.label}`,
    ...client,
    modifyEsbuildConfig: (config) => ({ ...browserEsm(config), plugins: [stubModules(feature)] }),
  })),
  {
    name: `${WITHOUT_PREFIX}all of the above`,
    ...client,
    modifyEsbuildConfig: (config) => ({
      ...browserEsm(config),
      plugins: [stubModules({ modules: FEATURES.flatMap((feature) => feature.modules) })],
    }),
  },
];
