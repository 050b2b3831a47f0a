import type { FeatureCost } from "./feature-costs.js";
import type { BundleInput, BundleSize } from "./measure-bundle.js";

/** What `npm run size` measured. */
export interface SizeReport {
  /** The client as a browser app pulls it in (openapi-fetch included). */
  client: BundleSize;
  /** openapi-fetch alone, for comparison. */
  openapiFetch: BundleSize;
  /** The most the client may weigh gzipped, in bytes. */
  budget: number;
  /** What leaving out each optional feature would save (omitted: no such section). */
  features?: readonly FeatureCost[];
  /** The size the issue asked for, shown against the bundle without every optional feature. */
  goal?: number;
}

const bytes = (n: number): string => `${n.toLocaleString("en-US")} B`;
const kib = (n: number): string => `${(n / 1024).toFixed(2)} KiB`;

// Groups inputs by where they come from, e.g. "openapi-fetch", "generated/operations.js", "src/internal".
function groupOf(path: string): string {
  const normalised = path.replace(/\\/g, "/");
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(normalised);
  if (pkg?.[1]) return pkg[1];
  const own = /dist\/esm\/(generated\/[^/]+|src\/[^/]+\/[^/]+\/|src\/[^/]+\/|src\/[^/]+)/.exec(normalised);
  return own?.[1]?.replace(/\/$/, "") ?? normalised;
}

function groups(inputs: readonly BundleInput[]): BundleInput[] {
  const totals = new Map<string, number>();
  for (const input of inputs) totals.set(groupOf(input.path), (totals.get(groupOf(input.path)) ?? 0) + input.bytes);
  return [...totals].map(([path, total]) => ({ path, bytes: total })).sort((a, b) => b.bytes - a.bytes);
}

function shortPath(path: string): string {
  return path
    .replace(/\\/g, "/")
    .replace(/^.*?node_modules\//, "node_modules/")
    .replace(/^.*?dist\/esm\//, "dist/esm/");
}

function table(rows: ReadonlyArray<readonly string[]>): string[] {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? "").length))) ?? [];
  return rows.map((row) =>
    row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join("   "),
  );
}

/** Renders the report `npm run size` prints: the sizes, the verdict and the biggest inputs. */
export function formatSizeReport(report: SizeReport, top = 10): string {
  const { client, openapiFetch, budget } = report;
  const verdict =
    client.gzipped <= budget
      ? `within budget: ${bytes(client.gzipped)} of ${bytes(budget)} (${Math.round((client.gzipped / budget) * 100)}%)`
      : `OVER BUDGET by ${bytes(client.gzipped - budget)}: ${bytes(client.gzipped)} > ${bytes(budget)}`;
  const clientMin = client.minified;
  return [
    "Browser bundle (esbuild: bundle, minify, format esm, platform browser; gzip level 9)",
    "",
    ...table([
      ["bundle", "raw", "minified", "gzipped"],
      ["omi-developer-api (createOmiClient + openapi-fetch)", bytes(client.raw), bytes(client.minified), bytes(client.gzipped)],
      ["openapi-fetch alone (createClient)", bytes(openapiFetch.raw), bytes(openapiFetch.minified), bytes(openapiFetch.gzipped)],
      [
        "difference (what the client adds)",
        bytes(client.raw - openapiFetch.raw),
        bytes(client.minified - openapiFetch.minified),
        bytes(client.gzipped - openapiFetch.gzipped),
      ],
    ]),
    "",
    `Budget ${kib(budget)} gzipped: ${verdict}`,
    "",
    "Biggest contributors (minified bytes in the client bundle):",
    ...table(
      groups(client.inputs)
        .slice(0, top)
        .map((g) => [`  ${g.path}`, bytes(g.bytes), `${((g.bytes / clientMin) * 100).toFixed(1)}%`]),
    ),
    "",
    "Biggest input files:",
    ...table(
      client.inputs
        .slice(0, top)
        .map((input) => [`  ${shortPath(input.path)}`, bytes(input.bytes), `${((input.bytes / clientMin) * 100).toFixed(1)}%`]),
    ),
    ...featureSection(report),
  ].join("\n");
}

function featureSection({ client, features, goal }: SizeReport): string[] {
  if (!features?.length) return [];
  const all = features[features.length - 1];
  const without = all ? client.gzipped - all.saved : client.gzipped;
  const verdict =
    goal === undefined ? "" : without <= goal ? `, within the ${kib(goal)} goal` : `, still over the ${kib(goal)} goal`;
  return [
    "",
    "What each optional feature costs (gzipped bytes the bundle loses when its modules are stubbed out):",
    ...table(features.map((feature) => [`  ${feature.label}`, bytes(feature.saved)])),
    `  → the client without all of them: ${bytes(without)} gzipped${verdict}`,
  ];
}
