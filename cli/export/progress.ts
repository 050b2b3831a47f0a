import type { ChangeCounts } from "./refresh.js";
import type { ResourceName } from "./resources.js";

/** Where progress goes: `auto` (a live line on a terminal, plain lines otherwise, on stderr), `json` (stdout) or `quiet`. */
export type OutputMode = "auto" | "json" | "quiet";

/** Where text goes (`process.stdout`, `process.stderr`, or a test buffer). */
export interface TextSink {
  /** Writes text as is. */
  write(text: string): unknown;
  /** Whether the sink is a terminal (live progress line). */
  isTTY?: boolean;
  /** Terminal width, when a terminal. */
  columns?: number;
}

/** A resource is about to be fetched. */
export interface ResourceStart {
  /** The resource. */
  resource: ResourceName;
  /** Its file's path. */
  file: string;
  /** Whether it continues an earlier, interrupted run. */
  resumed: boolean;
  /** Whether it refreshes a finished export (the mirror file is replaced when the listing is complete). */
  refresh?: boolean;
  /** The offset it starts from. */
  offset: number;
  /** Items already written by earlier runs. */
  items: number;
  /** Pages already fetched by earlier runs. */
  pages: number;
}

/** A page was written and checkpointed. */
export interface PageProgress {
  /** The resource. */
  resource: ResourceName;
  /** The page's number within the resource (1-based, counting earlier runs). */
  page: number;
  /** Items of this page written (after de-duplication and `--since`). */
  pageItems: number;
  /** Items of the resource written so far, earlier runs included. */
  items: number;
  /** The `offset` the page was asked for. */
  offset: number;
  /** Where the next page starts (`null` for lists that do not page). */
  nextOffset: number | null;
  /** The file's length after the page. */
  bytes: number;
}

/** How a resource ended in this run. */
export type ResourceStatus = "done" | "incomplete" | "skipped" | "interrupted" | "failed" | "not started";

/** A resource's totals at the end of a run. */
export interface ResourceResult {
  /** The resource. */
  resource: ResourceName;
  /** Its file's path. */
  file: string;
  /** See {@link ResourceStatus}; `skipped` means complete from an earlier run. */
  status: ResourceStatus;
  /** Items in the file. */
  items: number;
  /** Pages fetched, earlier runs included. */
  pages: number;
  /** The file's length. */
  bytes: number;
  /** Items written by this run. */
  itemsThisRun: number;
  /** Time spent on it in this run. */
  elapsedMs: number;
  /** What a refresh completed by this run changed in the mirror (absent when no refresh was completed). */
  changes?: ChangeCounts;
  /**
   * With status `incomplete`: why the listing could not be proven complete. What
   * it did list was written (a refresh added and updated those items) and nothing
   * was removed; the next run lists the resource again.
   */
  incomplete?: string;
}

/** How the whole run ended. */
export type ExportStatus = "complete" | "incomplete" | "interrupted" | "failed";

/** The end of a run, for the final summary. */
export interface ExportSummary {
  /** See {@link ExportStatus}. */
  status: ExportStatus;
  /** The process's exit code. */
  exitCode: number;
  /** The output directory. */
  dir: string;
  /** Duration of the run. */
  elapsedMs: number;
  /** Every resource asked for, in export order. */
  resources: ResourceResult[];
  /** Warnings issued during the run. */
  warnings: string[];
  /** The error that ended a failed run (already redacted). */
  error?: string | undefined;
}

/** Receives the events of an export and shows them (live line, plain lines, JSON lines or nothing). */
export interface ProgressReporter {
  /** A resource starts (or resumes). */
  start(event: ResourceStart): void;
  /** A page was written and checkpointed. */
  page(event: PageProgress): void;
  /** A resource was already complete. */
  skip(result: ResourceResult): void;
  /** A resource was completed. */
  done(result: ResourceResult): void;
  /** Something the user should know (e.g. a list cut at the server's cap). */
  warn(message: string): void;
  /** A diagnostic line of the client (a retry, a wait for a rate budget). */
  log(line: string): void;
  /** The run is over; last output (ends a live line, prints the summary). */
  finish(summary: ExportSummary): void;
}

/** The reporter for an output mode: `json`, `quiet`, or (`auto`) a live line when `err` is a terminal, plain lines otherwise. */
export function createReporter(mode: OutputMode, out: TextSink, err: TextSink): ProgressReporter {
  if (mode === "json") return createJsonReporter(out, err);
  if (mode === "quiet") return createQuietReporter();
  return err.isTTY ? createTtyReporter(err) : createPlainReporter(err);
}

/**
 * `--json`: one JSON line per page on `out`
 * (`{"type":"page","resource":"conversations","page":3,"pageItems":86,"items":258,"offset":200,"nextOffset":300,"bytes":…}`)
 * and a final `{"type":"summary",…}` line (after a refresh, with the changes
 * per resource and in all: `"changes":{"added":3,"updated":1,"removed":0}`);
 * warnings and notes go to `err`.
 */
export function createJsonReporter(out: TextSink, err: TextSink): ProgressReporter {
  return {
    start() {},
    page(event) {
      out.write(`${JSON.stringify({ type: "page", ...event })}\n`);
    },
    skip() {},
    done() {},
    warn(message) {
      err.write(`warning: ${message}\n`);
    },
    log(line) {
      err.write(`${line}\n`);
    },
    finish(summary) {
      const resources = Object.fromEntries(summary.resources.map((result) => [result.resource, describe(result)]));
      const changes = totalChanges(summary.resources);
      out.write(
        `${JSON.stringify({
          type: "summary",
          status: summary.status,
          exitCode: summary.exitCode,
          dir: summary.dir,
          elapsedMs: Math.round(summary.elapsedMs),
          items: totalItems(summary.resources),
          ...(changes ? { changes } : {}),
          resources,
          warnings: summary.warnings,
          ...(summary.error === undefined ? {} : { error: summary.error }),
        })}\n`,
      );
      if (summary.status === "interrupted") err.write(INTERRUPTED_NOTE);
    },
  };
}

function describe(result: ResourceResult): Record<string, unknown> {
  const { resource: _resource, elapsedMs, ...rest } = result;
  return { ...rest, elapsedMs: Math.round(elapsedMs) };
}

// The changes of every refreshed resource added up; undefined when none was refreshed.
function totalChanges(results: readonly ResourceResult[]): ChangeCounts | undefined {
  const refreshed = results.flatMap((result) => (result.changes ? [result.changes] : []));
  if (refreshed.length === 0) return undefined;
  return refreshed.reduce((sum, next) => ({
    added: sum.added + next.added,
    updated: sum.updated + next.updated,
    removed: sum.removed + next.removed,
  }));
}

/** Not a terminal and no `--json`/`--quiet`: one plain line per resource on `err`. */
export function createPlainReporter(err: TextSink): ProgressReporter {
  return {
    start(event) {
      if (event.resumed && event.refresh) {
        err.write(
          `${event.resource}: resuming the refresh at offset ${count(event.offset)} (${count(event.items)} items listed)\n`,
        );
      } else if (event.resumed) {
        err.write(`${event.resource}: resuming at offset ${count(event.offset)} (${count(event.items)} items already written)\n`);
      }
    },
    page() {},
    skip(result) {
      err.write(`${result.resource}: already complete (${count(result.items)} items), skipped\n`);
    },
    done(result) {
      err.write(
        `${result.resource}: ${plural(result.items, "item")}${result.changes ? `, ${changeCounts(result.changes)},` : ""} in ${plural(result.pages, "page")} → ${result.file} (${duration(result.elapsedMs)})\n`,
      );
    },
    warn(message) {
      err.write(`warning: ${message}\n`);
    },
    log(line) {
      err.write(`${line}\n`);
    },
    finish(summary) {
      if (summary.status === "complete") {
        err.write(completionLine(summary));
      } else if (summary.status === "incomplete") {
        err.write(incompleteLine(summary));
      } else if (summary.status === "interrupted") {
        err.write(INTERRUPTED_NOTE);
      }
    },
  };
}

const FRAMES = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
const REDRAW_EVERY_MS = 100;
const CLEAR_LINE = "\r\x1b[2K";

interface Live {
  resource: string;
  startedAt: number;
  itemsBefore: number;
  items: number;
  pages: number;
}

/**
 * On a terminal: one live line per resource on `err`, redrawn in place (items
 * written, pages, rate), then left as a finished line. The API reports no
 * totals, so the line counts up instead of showing a percentage.
 */
export function createTtyReporter(err: TextSink, now: () => number = Date.now): ProgressReporter {
  let live: Live | undefined;
  let frame = 0;
  let lastDraw = 0;

  const fit = (line: string) => (err.columns && line.length >= err.columns ? `${line.slice(0, err.columns - 2)}…` : line);
  const draw = (force: boolean) => {
    if (!live) return;
    const at = now();
    if (!force && at - lastDraw < REDRAW_EVERY_MS) return;
    lastDraw = at;
    frame = (frame + 1) % FRAMES.length;
    const speed = rate(live.items - live.itemsBefore, at - live.startedAt);
    err.write(
      CLEAR_LINE +
        fit(
          `${FRAMES[frame]} ${live.resource.padEnd(13)} ${plural(live.items, "item")} · ${plural(live.pages, "page")} · ${speed}`,
        ),
    );
  };
  // Prints a whole line above the live one, then redraws the live line.
  const above = (line: string) => {
    err.write(`${live ? CLEAR_LINE : ""}${line}\n`);
    draw(true);
  };

  return {
    start(event) {
      live = { resource: event.resource, startedAt: now(), itemsBefore: event.items, items: event.items, pages: event.pages };
      draw(true);
    },
    page(event) {
      if (!live) return;
      live.items = event.items;
      live.pages = event.page;
      draw(false);
    },
    skip(result) {
      above(`✔ ${result.resource.padEnd(13)} already complete (${count(result.items)} items)`);
    },
    done(result) {
      live = undefined;
      const speed = rate(result.itemsThisRun, result.elapsedMs);
      err.write(
        `${CLEAR_LINE}${fit(`✔ ${result.resource.padEnd(13)} ${plural(result.items, "item")}${result.changes ? ` · ${changeCounts(result.changes)}` : ""} · ${plural(result.pages, "page")} · ${speed} · ${duration(result.elapsedMs)}`)}\n`,
      );
    },
    warn(message) {
      above(`warning: ${message}`);
    },
    log(line) {
      above(line);
    },
    finish(summary) {
      if (live) err.write("\n");
      live = undefined;
      if (summary.status === "complete") {
        err.write(completionLine(summary));
      } else if (summary.status === "incomplete") {
        err.write(incompleteLine(summary));
      } else if (summary.status === "interrupted") {
        err.write(INTERRUPTED_NOTE);
      }
    },
  };
}

/** `--quiet`: reports nothing (errors are printed by the caller). */
export function createQuietReporter(): ProgressReporter {
  const nothing = (): void => {};
  return { start: nothing, page: nothing, skip: nothing, done: nothing, warn: nothing, log: nothing, finish: nothing };
}

/** What an interrupted run tells the user (stderr). */
const INTERRUPTED_NOTE =
  "Interrupted: every page received was written whole and checkpointed; run the same command again to resume.\n";

/** `12345` → `12,345`. */
function count(value: number): string {
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
function rate(items: number, ms: number): string {
  return ms <= 0 ? "–" : `${count(Math.round((items * 1000) / ms))}/s`;
}

/** The total of the items of a summary's resources. */
function totalItems(resources: ReadonlyArray<{ items: number }>): number {
  return resources.reduce((sum, resource) => sum + resource.items, 0);
}

/** `1 page`, `3 pages`. */
function plural(value: number, noun: string): string {
  return `${count(value)} ${noun}${value === 1 ? "" : "s"}`;
}

/** `3 added, 1 updated, 0 removed`, or `unchanged`. */
function changeCounts(changes: ChangeCounts): string {
  if (changes.added + changes.updated + changes.removed === 0) return "unchanged";
  return `${count(changes.added)} added, ${count(changes.updated)} updated, ${count(changes.removed)} removed`;
}

/**
 * The closing line of a run in which a listing could not be proven complete:
 * which resources, and that nothing was removed from them.
 */
function incompleteLine(summary: { dir: string; resources: ReadonlyArray<{ resource: string; status: string }> }): string {
  const partial = summary.resources.filter((resource) => resource.status === "incomplete").map((resource) => resource.resource);
  return (
    `Export incomplete: the listing of ${partial.join(", ")} could not be proven complete, so nothing was removed from ${partial.length > 1 ? "them" : "it"} ` +
    `in ${summary.dir}; everything listed was written. Run the same command again later.\n`
  );
}

/**
 * The closing line of a run that ended normally. A run that refreshed a
 * mirror gives the changes of each resource on that one line.
 */
function completionLine(summary: {
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
