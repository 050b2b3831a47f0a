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

/** The closing line of a run that ended normally. */
export function completionLine(summary: {
  dir: string;
  elapsedMs: number;
  resources: ReadonlyArray<{ items: number; status: string }>;
}): string {
  if (summary.resources.every((resource) => resource.status === "skipped")) {
    return `Nothing to do: ${summary.dir} already holds a complete export (pass --restart to export again).\n`;
  }
  return `Export complete: ${plural(totalItems(summary.resources), "item")} in ${summary.dir} (${duration(summary.elapsedMs)})\n`;
}
