import type { ChangeCounts } from "../refresh.js";

/** `12345` → `12,345`. */
export function count(value: number): string {
  return value.toLocaleString("en-US");
}

/** A duration for people: `850 ms`, `12.3 s`, `4 min 05 s`. */
export function duration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, "0")} s`;
}

/** Items per second, rounded: `812/s`. */
export function rate(items: number, ms: number): string {
  return ms <= 0 ? "–" : `${count(Math.round((items * 1000) / ms))}/s`;
}

/** The total of the items of a summary's resources. */
export function totalItems(resources: ReadonlyArray<{ items: number }>): number {
  return resources.reduce((sum, resource) => sum + resource.items, 0);
}

/** `1 page`, `3 pages`. */
export function plural(value: number, noun: string): string {
  return `${count(value)} ${noun}${value === 1 ? "" : "s"}`;
}

/** `3 added, 1 updated, 0 removed`, or `unchanged`. */
export function changeCounts(changes: ChangeCounts): string {
  if (changes.added + changes.updated + changes.removed === 0) return "unchanged";
  return `${count(changes.added)} added, ${count(changes.updated)} updated, ${count(changes.removed)} removed`;
}

/**
 * The closing line of a run that ended normally. A run that refreshed a
 * mirror gives the changes of each resource on that one line.
 */
export function completionLine(summary: {
  dir: string;
  elapsedMs: number;
  resources: ReadonlyArray<{ resource: string; items: number; status: string; changes?: ChangeCounts | undefined }>;
}): string {
  const total = plural(totalItems(summary.resources), "item");
  if (!summary.resources.some((resource) => resource.changes)) {
    return `Export complete: ${total} in ${summary.dir} (${duration(summary.elapsedMs)})\n`;
  }
  const parts = summary.resources.map((resource) => {
    if (resource.changes) return `${resource.resource} ${changeCounts(resource.changes)}`;
    if (resource.status === "skipped") return `${resource.resource} done by an earlier run`;
    return `${resource.resource} exported (${plural(resource.items, "item")})`;
  });
  return `Refresh complete: ${parts.join("; ")}; ${total} in ${summary.dir} (${duration(summary.elapsedMs)})\n`;
}
