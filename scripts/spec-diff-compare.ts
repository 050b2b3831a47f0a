/**
 * spec-diff-compare: runs spec:diff (scripts/spec-diff/) and the api-smart-diff library on the
 * same two documents and prints what each finds that the other misses, and where they disagree
 * on what breaks clients. The figures behind the README's note on spec:diff come from it.
 *
 *   npx tsx scripts/spec-diff-compare.ts                      # the reference comparisons (below)
 *   npx tsx scripts/spec-diff-compare.ts <other> [<base>]     # two documents of your own
 *   options: --all (every place, not the first 12 of each list)
 *
 * The reference comparisons: the spec against the two published documents in
 * ../shared/reference (when that folder is there), and today's changes: the spec as it was
 * before issue 11 (commit 6397a0a, read with `git show`) against the spec now.
 *
 * Both tools' changes are placed at the same granularity: the operation (path variables' names
 * ignored) and the place in it, in spec:diff's notation (`request.query.limit`,
 * `response.200.body[].category`; union branches ignored). api-smart-diff's annotations
 * (descriptions, summaries, examples) are left out, as spec:diff leaves them out without --verbose;
 * spec:diff runs with no known differences.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { apiCompare, type Diff } from "api-smart-diff";
import { diffDocuments } from "./spec-diff/diff-openapi.js";
import { loadSpec as loadDocument } from "./lib/load-spec.js";
import { asObject, isJsonObject, type JsonObject, type SpecChange } from "./spec-diff/types.js";

const SPEC = "spec/omi-developer-api.yaml";
const REFERENCE = "../shared/reference";
const BEFORE_TODAY = "6397a0a";
const METHODS = new Set(["get", "put", "post", "delete", "options", "head", "patch", "trace"]);

/** One change of either tool, placed in an operation. */
interface Placed {
  /** `METHOD /path/{}` (variable names dropped), or `(document)`. */
  operation: string;
  /** spec:diff's notation for the place in the operation. */
  location: string;
  breaking: boolean;
  /** What the tool said, for the listing. */
  text: string;
}

const normaliseOperation = (operation: string) => operation.replace(/\{[^}]*\}/g, "{}");

function fromSpecDiff(change: SpecChange): Placed {
  return {
    operation: normaliseOperation(change.operation),
    location: change.location.replace(/\(variant \d+\)/g, ""),
    breaking: change.breaking,
    text: `${change.severity}: ${change.message}`,
  };
}

// Follows a local `$ref` (one level at a time) so a parameter's name and place can be read.
function deref(document: JsonObject, node: unknown): JsonObject {
  let current = node;
  for (let depth = 0; depth < 10 && isJsonObject(current) && typeof current.$ref === "string"; depth++) {
    current = current.$ref
      .replace(/^#\//, "")
      .split("/")
      .reduce<unknown>((at, token) => asObject(at)[token.replace(/~1/g, "/").replace(/~0/g, "~")], document);
  }
  return asObject(current);
}

// A schema path inside a body (properties/x/items/anyOf/0/…) in spec:diff's field notation.
function schemaPlace(segments: ReadonlyArray<string | number>, diff: Diff): string {
  let out = "";
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i];
    if (segment === "properties" && i + 1 < segments.length) out += `.${String(segments[++i])}`;
    else if (segment === "items") out += "[]";
    else if ((segment === "anyOf" || segment === "oneOf" || segment === "allOf") && i + 1 < segments.length) i++;
    else if (segment === "required") {
      const name = diff.after ?? diff.before;
      return typeof name === "string" ? `${out}.${name}` : out;
    } else return out;
  }
  return out;
}

function fromLibrary(diff: Diff, before: JsonObject, after: JsonObject): Placed {
  const path = diff.path.map((segment) => (typeof segment === "number" ? segment : String(segment)));
  const placed = (operation: string, location: string): Placed => ({
    operation,
    location,
    breaking: diff.type === "breaking",
    text: `${diff.type}: ${diff.description ?? `${diff.action} ${path.join(".")}`}`,
  });
  const [root, route, method, part, ...rest] = path;
  if (root !== "paths" || typeof route !== "string") return placed("(document)", path.join("."));
  if (typeof method !== "string" || !METHODS.has(method))
    return placed(normaliseOperation(`* ${route}`), path.slice(2).join("."));
  const operation = normaliseOperation(`${method.toUpperCase()} ${route}`);
  if (part === undefined) return placed(operation, "operation");
  if (part === "parameters" && typeof rest[0] === "number") {
    const side = diff.action === "remove" ? before : after;
    const list = asObject(asObject(asObject(side.paths)[route])[method]).parameters;
    const parameter = deref(side, Array.isArray(list) ? list[rest[0]] : undefined);
    return placed(operation, `request.${String(parameter.in ?? "?")}.${String(parameter.name ?? rest[0])}`);
  }
  if (part === "requestBody")
    return placed(operation, `request.body${rest[0] === "content" ? schemaPlace(rest.slice(3), diff) : ""}`);
  if (part === "responses" && rest[0] !== undefined) {
    const status = String(rest[0]);
    if (rest[1] === "content") return placed(operation, `response.${status}.body${schemaPlace(rest.slice(4), diff)}`);
    if (rest[1] === "headers") return placed(operation, `response.${status}.header.${String(rest[2])}`);
    return placed(operation, `response.${status}`);
  }
  return placed(operation, String(part));
}

/** What the two tools found on one pair of documents. */
export interface Comparison {
  label: string;
  ours: Placed[];
  library: Placed[];
  libraryTypes: Record<string, number>;
  /** api-smart-diff's diffs of examples (which it does not count as annotations) and of `x-` extensions: spec:diff compares neither. */
  notCompared: { examples: number; extensions: number };
}

/** Runs both tools on `base` → `other` (parsed documents) and places their changes alike. */
export function compareDocuments(label: string, base: JsonObject, other: JsonObject): Comparison {
  const ours = diffDocuments(base, other).changes.map(fromSpecDiff);
  const diffs = apiCompare(structuredClone(base), structuredClone(other)).diffs;
  const libraryTypes: Record<string, number> = {};
  for (const diff of diffs) libraryTypes[diff.type] = (libraryTypes[diff.type] ?? 0) + 1;
  const isExample = (diff: Diff) => diff.path.some((segment) => segment === "example" || segment === "examples");
  const isExtension = (diff: Diff) => diff.path.some((segment) => typeof segment === "string" && segment.startsWith("x-"));
  const compared = diffs.filter((diff) => diff.type !== "annotation" && !isExample(diff) && !isExtension(diff));
  const library = compared.map((diff) => fromLibrary(diff, base, other));
  const notCompared = {
    examples: diffs.filter((diff) => diff.type !== "annotation" && isExample(diff)).length,
    extensions: diffs.filter((diff) => diff.type !== "annotation" && !isExample(diff) && isExtension(diff)).length,
  };
  return { label, ours, library, libraryTypes, notCompared };
}

const key = (placed: Placed) => `${placed.operation} ${placed.location}`;

// Groups places by location across operations: "response.422.body.detail[].loc (×29 operations)".
function listing(places: readonly Placed[], all: boolean): string[] {
  const groups = new Map<string, { operations: Set<string>; text: string }>();
  for (const place of places) {
    const group = groups.get(place.location) ?? { operations: new Set<string>(), text: place.text };
    group.operations.add(place.operation);
    groups.set(place.location, group);
  }
  const sorted = [...groups].sort((a, b) => b[1].operations.size - a[1].operations.size || a[0].localeCompare(b[0]));
  const shown = all ? sorted : sorted.slice(0, 12);
  const lines = shown.map(([location, group]) => {
    const where = group.operations.size === 1 ? [...group.operations][0] : `×${group.operations.size} operations`;
    return `    ${location}  (${where})  ${group.text.slice(0, 140)}`;
  });
  if (shown.length < sorted.length) lines.push(`    … and ${sorted.length - shown.length} more places (--all lists them)`);
  return lines;
}

// Whether place `a` and place `b` (same operation) are the same, or one holds the other; an
// enclosing body or parameter as a whole does not count (it holds every change to it).
function related(a: string, b: string): boolean {
  const within = (inner: string, outer: string) =>
    (inner.startsWith(`${outer}.`) || inner.startsWith(`${outer}[`)) &&
    !/ (request|response\.\w+)\.body$| request\.\w+\.[^.[]+$/.test(outer);
  return a === b || within(a, b) || within(b, a);
}

/** For each place of `from`, the places of `to` related to it (same operation). */
function relatedPlaces(from: readonly Placed[], to: readonly Placed[]): Map<Placed, Placed[]> {
  const byOperation = new Map<string, Placed[]>();
  for (const placed of to) byOperation.set(placed.operation, [...(byOperation.get(placed.operation) ?? []), placed]);
  return new Map(
    from.map((placed) => [
      placed,
      (byOperation.get(placed.operation) ?? []).filter((other) => related(placed.location, other.location)),
    ]),
  );
}

// One entry per place (the breaking one when a tool reports several there).
function distinct(list: readonly Placed[]): Placed[] {
  const places = new Map<string, Placed>();
  for (const placed of list) {
    const existing = places.get(key(placed));
    if (!existing || (placed.breaking && !existing.breaking)) places.set(key(placed), placed);
  }
  return [...places.values()];
}

/** The report of one comparison (`all`: every place, not the first 12 of each list). */
export function formatComparison(comparison: Comparison, all: boolean): string {
  const ours = distinct(comparison.ours);
  const library = distinct(comparison.library);
  const oursNear = relatedPlaces(ours, library);
  const libraryNear = relatedPlaces(library, ours);
  const onlyOurs = ours.filter((placed) => oursNear.get(placed)?.length === 0);
  const onlyLibrary = library.filter((placed) => libraryNear.get(placed)?.length === 0);
  const breakingOnlyOurs = ours.filter((p) => p.breaking && oursNear.get(p)?.length && !oursNear.get(p)?.some((o) => o.breaking));
  const breakingOnlyLibrary = library.filter(
    (p) => p.breaking && libraryNear.get(p)?.length && !libraryNear.get(p)?.some((o) => o.breaking),
  );
  const types = Object.entries(comparison.libraryTypes)
    .map(([type, count]) => `${count} ${type}`)
    .join(", ");
  const count = (list: readonly Placed[]) => `${list.length} places, ${list.filter((p) => p.breaking).length} breaking`;
  return [
    `== ${comparison.label}`,
    `  spec:diff:      ${comparison.ours.length} changes at ${count(ours)}`,
    `  api-smart-diff: ${types}`,
    `                  compared (no annotations, examples or x- extensions): ${comparison.library.length} diffs at ${count(library)}`,
    `                  not compared: ${comparison.notCompared.examples} diffs of examples, ${comparison.notCompared.extensions} of x- extensions (spec:diff reads neither)`,
    `  found by both (at the same place, or one inside the other): ${ours.length - onlyOurs.length} of spec:diff's places`,
    `  only spec:diff (${count(onlyOurs)}):`,
    ...listing(onlyOurs, all),
    `  only api-smart-diff (${count(onlyLibrary)}):`,
    ...listing(onlyLibrary, all),
    `  found by both, breaking for spec:diff only (${breakingOnlyOurs.length} places):`,
    ...listing(breakingOnlyOurs, all),
    `  found by both, breaking for api-smart-diff only (${breakingOnlyLibrary.length} places):`,
    ...listing(breakingOnlyLibrary, all),
    "",
  ].join("\n");
}

const compare = (label: string, basePath: string, otherPath: string) =>
  compareDocuments(label, loadDocument(basePath) as unknown as JsonObject, loadDocument(otherPath) as unknown as JsonObject);

function main(): number {
  const args = process.argv.slice(2).filter((arg) => arg !== "--all");
  const all = process.argv.includes("--all");
  if (args.length > 0) {
    const [other, base = SPEC] = args;
    console.log(formatComparison(compare(`${base} → ${other}`, resolve(base), resolve(other as string)), all));
    return 0;
  }
  for (const published of ["omi-openapi-latest-generated.json", "omi-openapi-v1-handwritten.json"]) {
    const file = join(REFERENCE, published);
    if (existsSync(file)) console.log(formatComparison(compare(`${SPEC} → ${file}`, SPEC, file), all));
    else console.log(`== ${file}: not found, skipped\n`);
  }
  const scratch = mkdtempSync(join(tmpdir(), "spec-diff-compare-"));
  try {
    const before = join(scratch, "before-today.yaml");
    writeFileSync(before, execFileSync("git", ["show", `${BEFORE_TODAY}:${SPEC}`], { encoding: "utf8" }));
    console.log(formatComparison(compare(`today's changes: ${SPEC} at ${BEFORE_TODAY} → now`, before, SPEC), all));
  } catch (error) {
    console.log(`== today's changes: cannot read ${SPEC} at ${BEFORE_TODAY} (${error instanceof Error ? error.message : error})`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return 0;
}

const entry = basename(process.argv[1] ?? "");
if (entry === "spec-diff-compare.ts" || entry === "spec-diff-compare.js") process.exitCode = main();
