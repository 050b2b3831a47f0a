import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { ExportOptions } from "./args.js";
import { errorCode, UsageError } from "./errors.js";
import { makePrivateDir, writeFileAtomic } from "./file-modes.js";
import { fileSize } from "./mirror-files.js";
import { refreshTempPath } from "./refresh.js";
import { isResourceName, resourceNamed, type ResourceName } from "./resources.js";

/** The checkpoint's file name in the output directory. */
export const CHECKPOINT_FILE = ".omi-export-checkpoint.json";

/** Where one resource's export stands. */
export interface ResourceCheckpoint {
  /** The `offset` to fetch next. */
  nextOffset: number;
  /** Length of the resource's file when this was written: a resume truncates the file to it. */
  bytes: number;
  /** Whether the resource is complete. */
  done: boolean;
  /** Items written so far. */
  items: number;
  /** Pages fetched so far. */
  pages: number;
  /** The listing's page size (the step of `nextOffset`; 0 until a page is written), so that a resume can read the last page again. */
  pageSize: number;
  /**
   * Set while a finished resource is being refreshed: the fields above then
   * describe the new listing, written to a temporary file beside the mirror
   * file, which stays untouched until the listing is complete.
   */
  refresh?: RefreshState;
}

/** Where a refresh stands (see {@link ResourceCheckpoint.refresh}). */
export interface RefreshState {
  /** Keep the mirror's items the listing lacks instead of counting them removed: the listing may be incomplete (e.g. a resume found more than a page of items removed, or goals at the server's cap). */
  keepUnlisted: boolean;
  /** Set once the listing is complete and being applied: the change log's length before, so that a commit cut short is done again from it. */
  changesBytes?: number;
}

/** The options that shape the exported data; a resume must use the same. */
export interface CheckpointOptions {
  /** `--since` as an ISO instant, or `null`. */
  since: string | null;
  /** `--transcripts`. */
  transcripts: boolean;
  /** `--only` of the latest run (informative: each resource is tracked on its own). */
  only: ResourceName[];
}

/** The content of `DIR/.omi-export-checkpoint.json`. */
export interface Checkpoint {
  /** Format version (1). */
  version: 1;
  /** See {@link CheckpointOptions}. */
  options: CheckpointOptions;
  /** Per resource; a resource without an entry has not been started. */
  resources: Partial<Record<ResourceName, ResourceCheckpoint>>;
}

/** A resource's state at the start of a refresh of its finished export. */
export function refreshResourceCheckpoint(): ResourceCheckpoint {
  return { ...emptyResourceCheckpoint(), refresh: { keepUnlisted: false } };
}

/** A resource's state before anything is written. */
export function emptyResourceCheckpoint(): ResourceCheckpoint {
  return { nextOffset: 0, bytes: 0, done: false, items: 0, pages: 0, pageSize: 0 };
}

/** The checkpoint's path in `dir`. */
export function checkpointPath(dir: string): string {
  return join(dir, CHECKPOINT_FILE);
}

/**
 * Reads the checkpoint of `dir`; `undefined` when there is none.
 *
 * @throws {@link UsageError} when the file exists but is not a checkpoint (suggesting `--restart`).
 */
export function readCheckpoint(dir: string): Checkpoint | undefined {
  let text: string;
  try {
    text = readFileSync(checkpointPath(dir), "utf8");
  } catch (error) {
    if (errorCode(error) === "ENOENT") return undefined;
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const checkpoint = asCheckpoint(parsed);
  if (!checkpoint) {
    throw new UsageError(`${checkpointPath(dir)} is not a readable checkpoint; pass --restart to export again from the start`);
  }
  return checkpoint;
}

/**
 * Writes the checkpoint atomically: to a temporary file, flushed to disk, then
 * renamed over the old one, so a crash leaves either the old or the new
 * checkpoint, never a torn one. Synchronous, so a signal cannot cut it.
 */
export function writeCheckpoint(dir: string, checkpoint: Checkpoint): void {
  writeFileAtomic(checkpointPath(dir), `${JSON.stringify(checkpoint)}\n`);
}

/** Deletes the checkpoint of `dir`, if any (`--restart`). */
export function removeCheckpoint(dir: string): void {
  rmSync(checkpointPath(dir), { force: true });
}

/**
 * Why a checkpoint cannot be resumed with these options (a different `--since`
 * or `--transcripts` would mix two kinds of data in one file), or `undefined`.
 */
export function optionsMismatch(
  saved: CheckpointOptions,
  wanted: Pick<CheckpointOptions, "since" | "transcripts">,
): string | undefined {
  const differences: string[] = [];
  if (saved.since !== wanted.since) differences.push(`--since ${saved.since ?? "(none)"} there, ${wanted.since ?? "(none)"} now`);
  if (saved.transcripts !== wanted.transcripts)
    differences.push(`--transcripts ${saved.transcripts ? "on" : "off"} there, ${wanted.transcripts ? "on" : "off"} now`);
  if (differences.length === 0) return undefined;
  return `the output directory holds an export made with other options (${differences.join("; ")}); use a fresh directory, the same options, or --restart to export again from the start`;
}

/** Validates parsed JSON as a {@link Checkpoint}; `undefined` when it is not one. */
export function asCheckpoint(value: unknown): Checkpoint | undefined {
  if (!isRecord(value) || value.version !== 1 || !isRecord(value.options) || !isRecord(value.resources)) return undefined;
  const { since, transcripts, only } = value.options;
  if (!(since === null || typeof since === "string") || typeof transcripts !== "boolean") return undefined;
  if (!Array.isArray(only) || !only.every((name): name is ResourceName => typeof name === "string" && isResourceName(name)))
    return undefined;
  const resources: Partial<Record<ResourceName, ResourceCheckpoint>> = {};
  for (const [name, entry] of Object.entries(value.resources)) {
    const resource = asResourceCheckpoint(entry);
    if (!isResourceName(name) || !resource) return undefined;
    resources[name] = resource;
  }
  return { version: 1, options: { since, transcripts, only }, resources };
}

function asResourceCheckpoint(value: unknown): ResourceCheckpoint | undefined {
  if (!isRecord(value)) return undefined;
  // A checkpoint of an earlier version may hold `lastIds` (ignored: ids are read from the file) and lack `pageSize` (then no page is read again).
  const { nextOffset, bytes, done, items, pages, pageSize = 0 } = value;
  if (!isCount(nextOffset) || !isCount(bytes) || !isCount(items) || !isCount(pages) || !isCount(pageSize)) return undefined;
  if (typeof done !== "boolean") return undefined;
  if (value.refresh === undefined) return { nextOffset, bytes, done, items, pages, pageSize };
  const refresh = asRefreshState(value.refresh);
  return refresh && { nextOffset, bytes, done, items, pages, pageSize, refresh };
}

function asRefreshState(value: unknown): RefreshState | undefined {
  if (!isRecord(value) || typeof value.keepUnlisted !== "boolean") return undefined;
  const { keepUnlisted, changesBytes } = value;
  if (changesBytes === undefined) return { keepUnlisted };
  return isCount(changesBytes) ? { keepUnlisted, changesBytes } : undefined;
}

function isCount(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Gets the output directory ready and returns the checkpoint to run from:
 * creates the directory, reads an earlier checkpoint (or drops it with
 * `--restart`), refuses one made with another `--since` or `--transcripts`, and
 * records every resource asked for before anything is written, so that each
 * file the export writes is owned by the checkpoint (and a crash before the
 * first page can still be resumed). A non-empty file the checkpoint does not
 * own is never overwritten without `--restart`. When every resource asked for
 * is complete, they all start a refresh (a new listing compared with the
 * mirror); otherwise the unfinished ones resume and the finished ones wait.
 *
 * @throws {@link UsageError} for a checkpoint of other options, an unreadable
 * checkpoint, or a foreign file in the way.
 */
export function prepareCheckpoint(options: ExportOptions): Checkpoint {
  makePrivateDir(options.out);
  const wanted = { since: options.since?.iso ?? null, transcripts: options.transcripts };
  if (options.restart) {
    removeCheckpoint(options.out);
    for (const name of options.only) rmSync(refreshTempPath(options.out, resourceNamed(name)), { force: true });
  }
  const saved = options.restart ? undefined : readCheckpoint(options.out);
  if (saved) {
    const mismatch = optionsMismatch(saved.options, wanted);
    if (mismatch) throw new UsageError(mismatch);
  }
  const checkpoint: Checkpoint = saved ?? { version: 1, options: { ...wanted, only: options.only }, resources: {} };
  checkpoint.options.only = options.only;
  for (const name of options.only) {
    if (checkpoint.resources[name]) continue;
    const file = join(options.out, resourceNamed(name).file);
    if (!options.restart && fileSize(file) > 0) {
      throw new UsageError(
        `${file} already exists and is not part of this export's checkpoint; choose another --out, or pass --restart to overwrite it`,
      );
    }
    checkpoint.resources[name] = emptyResourceCheckpoint();
  }
  if (options.only.every((name) => checkpoint.resources[name]?.done)) {
    for (const name of options.only) checkpoint.resources[name] = refreshResourceCheckpoint();
  }
  writeCheckpoint(options.out, checkpoint);
  return checkpoint;
}
