import type { ChangeCounts } from "../refresh.js";
import type { ResourceName } from "../resources.js";

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
export type ResourceStatus = "done" | "skipped" | "interrupted" | "failed" | "not started";

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
}

/** How the whole run ended. */
export type ExportStatus = "complete" | "interrupted" | "failed";

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
