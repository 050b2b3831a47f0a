/**
 * Rendering changes for people (a text report grouped by operation) and for machines (JSON).
 */
import type { SpecChange } from "./types.js";

/** Counts over a list of changes. */
export interface ChangeSummary {
  /** Operations only in the other document. */
  operationsAdded: number;
  /** Operations only in the base document. */
  operationsRemoved: number;
  /** Operations in both documents with at least one change. */
  operationsChanged: number;
  /** All changes. */
  total: number;
  /** Changes that break clients built against the base document. */
  breaking: number;
  /** Non-breaking changes that strict clients may notice. */
  warnings: number;
  /** Other non-breaking changes. */
  info: number;
  /** Changes a known-differences entry declares intended (whatever their severity). */
  intended: number;
  /** Breaking changes that no known-differences entry declares intended. */
  unexpectedBreaking: number;
}

/** Counts changes by operation status and severity. */
export function summarise(changes: SpecChange[]): ChangeSummary {
  const added = new Set<string>();
  const removed = new Set<string>();
  const touched = new Set<string>();
  for (const change of changes) {
    if (change.aspect === "operation" && change.location === "operation" && change.kind === "added") added.add(change.operation);
    else if (change.aspect === "operation" && change.location === "operation" && change.kind === "removed")
      removed.add(change.operation);
    else touched.add(change.operation);
  }
  const count = (severity: SpecChange["severity"]): number => changes.filter((c) => c.severity === severity).length;
  return {
    operationsAdded: added.size,
    operationsRemoved: removed.size,
    operationsChanged: [...touched].filter((op) => !added.has(op) && !removed.has(op)).length,
    total: changes.length,
    breaking: count("breaking"),
    warnings: count("warning"),
    info: count("info"),
    intended: changes.filter((c) => c.intended !== undefined).length,
    unexpectedBreaking: changes.filter((c) => c.breaking && c.intended === undefined).length,
  };
}

/** The one-line summary that ends the text report. */
export function formatSummaryLine(changes: SpecChange[]): string {
  const s = summarise(changes);
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;
  const intended =
    s.intended > 0 ? ` Intended (known differences): ${s.intended}; breaking and not intended: ${s.unexpectedBreaking}.` : "";
  return (
    `Summary: ${plural(s.operationsAdded, "operation")} added, ${s.operationsRemoved} removed, ${s.operationsChanged} changed; ` +
    `${plural(s.total, "change")}: ${s.breaking} breaking, ${plural(s.warnings, "warning")}, ${s.info} non-breaking.${intended}`
  );
}

const SIGNS: Record<SpecChange["kind"], string> = { added: "+", removed: "-", changed: "~" };

/** One report line of a change: sign, severity marker, location and message, then `[intended: id]` when known. */
export function formatChangeLine(change: SpecChange): string {
  const marker = change.severity === "breaking" ? "BREAKING " : change.severity === "warning" ? "warning: " : "";
  const where = change.location === "operation" ? "" : `${change.location}: `;
  const intended = change.intended === undefined ? "" : ` [intended: ${change.intended}]`;
  return `  ${SIGNS[change.kind]} ${marker}${where}${change.message}${intended}`;
}

/** Names of the two documents, for the report header. */
export interface ReportNames {
  /** The base ("old") document. */
  base: string;
  /** The other ("new") document. */
  other: string;
}

/** The known differences applied to a report: where they came from, which matched, which did not. */
export interface KnownSection {
  /** The known-differences file. */
  file: string;
  /** Entries that matched at least one change. */
  used: ReadonlyArray<{ id: string; reason: string }>;
  /** Entries that matched nothing (stale). */
  unused: ReadonlyArray<{ id: string; reason: string }>;
}

/**
 * The text report: a header, then one block per operation (`METHOD /path (operationId)`) with one
 * line per change (`+` added, `-` removed, `~` changed; `BREAKING` / `warning:` marked), then a
 * summary line.
 */
export function formatTextReport(changes: SpecChange[], names?: ReportNames, known?: KnownSection): string {
  const lines: string[] = [];
  if (names) lines.push(`spec-diff: base ${names.base} → other ${names.other}`, "");
  if (known) lines.push(`known differences: ${known.file} (marked [intended: id]; --no-known shows them as plain changes)`, "");
  const groups = new Map<string, SpecChange[]>();
  for (const change of changes) {
    const group = groups.get(change.operation);
    if (group) group.push(change);
    else groups.set(change.operation, [change]);
  }
  if (groups.size === 0) lines.push("No differences.", "");
  for (const [operation, group] of groups) {
    const id = group.find((c) => c.operationId !== undefined)?.operationId;
    const renamed = group.find((c) => c.aspect === "operationId" && c.kind === "changed");
    const label =
      renamed && typeof renamed.before === "string" && typeof renamed.after === "string"
        ? ` (${renamed.before} → ${renamed.after})`
        : id !== undefined
          ? ` (${id})`
          : "";
    lines.push(`${operation}${label}`);
    for (const change of group) lines.push(formatChangeLine(change));
    lines.push("");
  }
  if (known && known.used.length > 0) {
    lines.push("Intended differences:");
    for (const entry of known.used) lines.push(`  ${entry.id}: ${entry.reason}`);
    lines.push("");
  }
  if (known && known.unused.length > 0) {
    lines.push("Known differences that matched no change (stale entries, or the documents changed):");
    for (const entry of known.unused) lines.push(`  ${entry.id}: ${entry.reason}`);
    lines.push("");
  }
  lines.push(formatSummaryLine(changes));
  return `${lines.join("\n")}\n`;
}

/** The machine-readable report: a JSON array of {@link SpecChange} objects. */
export function formatJsonReport(changes: SpecChange[]): string {
  return `${JSON.stringify(changes, null, 2)}\n`;
}
