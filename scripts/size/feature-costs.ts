import { resolve } from "node:path";
import { gzippedWithout, type BundleInput } from "./measure-bundle.js";

/** A feature of the client that could be left out, and the modules that implement it. */
export interface Feature {
  /** What users would lose, in a few words. */
  label: string;
  /**
   * Inputs of the bundle that hold it: paths under `dist/esm/` of the package,
   * or a package name (`openapi-fetch`) for a dependency. A path followed by
   * `#name,…` stands for those exported functions of the module only.
   */
  modules: readonly string[];
}

/** The features `npm run size` prices, each by the modules that only it needs. */
export const FEATURES: readonly Feature[] = [
  { label: "pagination: listAll() and pages()", modules: ["src/internal/pagination.js"] },
  { label: "batches: createMany() and OmiBatchError", modules: ["src/internal/batches.js"] },
  { label: "Retry-After parsing (seconds and the three HTTP-date forms)", modules: ["src/internal/retries.js#parseRetryAfter"] },
  { label: "rate budgets (rateLimit)", modules: ["src/internal/budgets.js#createRateBudgets"] },
  { label: "concurrency limit (maxConcurrency)", modules: ["src/internal/budgets.js#createSemaphore"] },
  {
    label: "cross-field body checks (x-omi-greater-than, x-omi-not-before)",
    modules: ["src/internal/input-checks.js#checkBodyRules"],
  },
  {
    label: "key-shape checks and credential messages",
    modules: ["src/internal/credentials.js#assertDeveloperKey,authorizationFor"],
  },
];

/** What leaving out one feature, or all of them, would save. */
export interface FeatureCost {
  /** The feature's label, or "all of the above" for the combination. */
  label: string;
  /** Gzipped bytes the client bundle loses without it. */
  saved: number;
}

function locate(feature: string, inputs: readonly BundleInput[], root: string): string {
  const [module = "", names] = feature.split("#");
  const normalised = (path: string) => path.replace(/\\/g, "/");
  const match = inputs.find((input) =>
    module.includes("/")
      ? normalised(input.path).endsWith(`dist/esm/${module}`)
      : normalised(input.path).includes(`node_modules/${module}/`),
  );
  if (!match) throw new Error(`feature module ${module} is not in the client bundle: update scripts/size/feature-costs.ts`);
  return resolve(root, match.path) + (names ? `#${names}` : "");
}

/**
 * Prices each feature by bundling `entry` again with the feature's modules
 * stubbed out (`gzipped` is the full bundle's size, `inputs` its inputs), and
 * the combination of all of them last.
 */
export async function measureFeatureCosts(
  entry: string,
  root: string,
  gzipped: number,
  inputs: readonly BundleInput[],
  features: readonly Feature[] = FEATURES,
): Promise<FeatureCost[]> {
  const paths = features.map((feature) => feature.modules.map((module) => locate(module, inputs, root)));
  const costs: FeatureCost[] = [];
  for (const [index, feature] of features.entries()) {
    costs.push({ label: feature.label, saved: gzipped - (await gzippedWithout(entry, root, paths[index] ?? [])) });
  }
  costs.push({ label: "all of the above", saved: gzipped - (await gzippedWithout(entry, root, paths.flat())) });
  return costs;
}
