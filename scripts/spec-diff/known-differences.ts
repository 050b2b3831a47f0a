/**
 * Known differences: changes between the two documents that are intended, listed in a YAML
 * file with the reason for each. The report still shows them, marked `intended`, but they no
 * longer decide the exit code; an entry that matches nothing is reported as stale.
 *
 * File format:
 *
 * ```yaml
 * differences:
 *   - id: daily-summaries            # short name shown on every matched line
 *     reason: The server has them since 2026-09; the published document is older.
 *     operations: [GET /v1/dev/user/daily-summaries]   # or "*" for every operation
 *     locations: [operation]         # change locations; "*" matches any run of characters
 *     kinds: [removed]               # optional: added | removed | changed
 *     aspects: [operation]           # optional: the change's aspect
 * ```
 */
import { DocumentLoadError, readYamlFile } from "../lib/load-spec.js";
import { asArray, asString, isJsonObject, type ChangeAspect, type ChangeKind, type SpecChange } from "./types.js";

/** One entry of a known-differences file. */
export interface KnownDifference {
  /** Short name, shown on the report lines it matches. */
  id: string;
  /** Why the difference is intended. */
  reason: string;
  /** `METHOD /path` of the operations it applies to, or `"*"` for all. */
  operations: string[] | "*";
  /** Glob patterns of change locations (`*` matches any run of characters). */
  locations: string[];
  /** When set, only changes of these kinds match. */
  kinds?: ChangeKind[];
  /** When set, only changes of these aspects match. */
  aspects?: ChangeAspect[];
}

/** The changes with the intended ones marked, and the entries that matched nothing. */
export interface KnownDifferencesResult {
  /** The same changes; those matching an entry carry `intended` (the entry's id). */
  changes: SpecChange[];
  /** Entries no change matched (the difference is gone, or the entry is wrong). */
  unused: KnownDifference[];
}

function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*");
  return new RegExp(`^${escaped}$`);
}

function stringList(value: unknown, where: string, field: string): string[] {
  const list = asArray(value).map((item) => asString(item));
  if (list.length === 0 || list.some((item) => item === undefined)) {
    throw new DocumentLoadError(`${where}: "${field}" must be a non-empty list of strings`);
  }
  return list as string[];
}

/** Reads and checks the entries of a parsed known-differences document. */
export function parseKnownDifferences(raw: unknown, file = "known differences"): KnownDifference[] {
  if (!isJsonObject(raw) || !Array.isArray(raw.differences)) {
    throw new DocumentLoadError(`${file}: expected a top-level "differences" list`);
  }
  return raw.differences.map((entry, index): KnownDifference => {
    const where = `${file}: differences[${index}]`;
    if (!isJsonObject(entry)) throw new DocumentLoadError(`${where}: expected an object`);
    const id = asString(entry.id);
    const reason = asString(entry.reason);
    if (!id || !reason) throw new DocumentLoadError(`${where}: "id" and "reason" are required`);
    const operations = entry.operations === "*" ? "*" : stringList(entry.operations, where, "operations");
    const known: KnownDifference = { id, reason, operations, locations: stringList(entry.locations, where, "locations") };
    if (entry.kinds !== undefined) known.kinds = stringList(entry.kinds, where, "kinds") as ChangeKind[];
    if (entry.aspects !== undefined) known.aspects = stringList(entry.aspects, where, "aspects") as ChangeAspect[];
    return known;
  });
}

/** Loads a known-differences YAML (or JSON) file. */
export function loadKnownDifferences(path: string): KnownDifference[] {
  return parseKnownDifferences(readYamlFile(path), path);
}

/** Whether `known` covers `change`. */
export function matchesKnown(change: SpecChange, known: KnownDifference): boolean {
  if (known.operations !== "*" && !known.operations.includes(change.operation)) return false;
  if (known.kinds && !known.kinds.includes(change.kind)) return false;
  if (known.aspects && !known.aspects.includes(change.aspect)) return false;
  return known.locations.some((glob) => globToRegExp(glob).test(change.location));
}

/** Marks each change covered by an entry (the first that matches) as intended. */
export function applyKnownDifferences(changes: SpecChange[], known: KnownDifference[]): KnownDifferencesResult {
  const used = new Set<KnownDifference>();
  const marked = changes.map((change) => {
    const entry = known.find((k) => matchesKnown(change, k));
    if (!entry) return change;
    used.add(entry);
    return { ...change, intended: entry.id };
  });
  return { changes: marked, unused: known.filter((k) => !used.has(k)) };
}
