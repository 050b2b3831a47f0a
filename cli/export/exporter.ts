import { join } from "node:path";
import { OmiAbortError, OmiListIncompleteError, type OmiClient } from "../../src/index.js";
import type { ExportOptions } from "./args.js";
import {
  emptyResourceCheckpoint,
  refreshResourceCheckpoint,
  writeCheckpoint,
  type Checkpoint,
  type ResourceCheckpoint,
} from "./checkpoint.js";
import { fileSize, itemKey, JsonlWriter, writtenIds } from "./mirror-files.js";
import type { ExportStatus, ProgressReporter, ResourceResult } from "./progress.js";
import { CHANGES_FILE, commitRefresh, countLines, countLoggedChanges, refreshTempPath } from "./refresh.js";
import { keepItem, resourceNamed, type ExportPage, type ResourceDefinition } from "./resources.js";

/** What an export run needs. */
export interface ExportRun {
  /** The client (created from the options). */
  omi: OmiClient;
  /** The validated options. */
  options: ExportOptions;
  /** The checkpoint from {@link prepareCheckpoint}; updated and saved after every page. */
  checkpoint: Checkpoint;
  /** Where progress goes. */
  reporter: ProgressReporter;
  /** Aborted on Ctrl-C: the page in hand is written and checkpointed, then the run stops. */
  signal: AbortSignal;
  /** The clock (for durations). */
  now?: () => number;
}

/** How a run ended. */
export interface ExportOutcome {
  /** `complete`, `interrupted` (by the signal) or `failed` (see `error`). */
  status: ExportStatus;
  /** Every resource asked for, in export order. */
  results: ResourceResult[];
  /** Warnings issued. */
  warnings: string[];
  /** The error that stopped a failed run. */
  error?: unknown;
}

/**
 * Exports the resources of `run.options.only` in order, streaming each page to
 * its JSONL file and saving the checkpoint after it, resuming every resource
 * from its checkpoint and skipping those already done. A resource being
 * refreshed (see `prepareCheckpoint`) is listed into a temporary file;
 * once its listing is complete, it replaces the mirror file and its changes
 * are logged to `DIR/changes.jsonl`. Stops at the first
 * error (the checkpoint then allows a resume) or after the page in hand when
 * the signal aborts.
 */
export async function runExport(run: ExportRun): Promise<ExportOutcome> {
  const now = run.now ?? Date.now;
  const results: ResourceResult[] = [];
  const warnings: string[] = [];
  let status: ExportStatus = "complete";
  let failure: unknown;
  for (const name of run.options.only) {
    const resource = resourceNamed(name);
    const saved = run.checkpoint.resources[name] ?? emptyResourceCheckpoint();
    const file = join(run.options.out, resource.file);
    const result: ResourceResult = {
      resource: name,
      file,
      status: "not started",
      items: saved.items,
      pages: saved.pages,
      bytes: saved.bytes,
      itemsThisRun: 0,
      elapsedMs: 0,
    };
    results.push(result);
    if (saved.done) {
      result.status = "skipped";
      run.reporter.skip(result);
      continue;
    }
    // An incomplete listing does not stop the run: the other resources are still exported.
    if (status === "failed" || status === "interrupted" || run.signal.aborted) {
      if (status !== "failed") status = "interrupted";
      continue;
    }
    const started = now();
    try {
      result.status = await exportResource(run, resource, result, warnings);
    } catch (error) {
      if (run.signal.aborted && error instanceof OmiAbortError) {
        result.status = "interrupted";
      } else {
        result.status = "failed";
        failure = error;
      }
    } finally {
      result.elapsedMs = now() - started;
    }
    if (result.status === "done" || result.status === "incomplete") run.reporter.done(result);
    if (result.status === "incomplete") status = "incomplete";
    else if (result.status !== "done") status = result.status === "failed" ? "failed" : "interrupted";
  }
  return { status, results, warnings, ...(status === "failed" ? { error: failure } : {}) };
}

async function exportResource(
  run: ExportRun,
  resource: ResourceDefinition,
  result: ResourceResult,
  warnings: string[],
): Promise<"done" | "incomplete" | "interrupted"> {
  const { checkpoint, options, reporter } = run;
  const saved = checkpoint.resources[resource.name] ?? emptyResourceCheckpoint();
  // A refresh lists into a temporary file and leaves the mirror file as it is until the listing is complete.
  const refreshing = saved.refresh !== undefined;
  const target = refreshing ? refreshTempPath(options.out, resource) : result.file;
  let state: ResourceCheckpoint = saved;
  const save = (next: ResourceCheckpoint) => {
    state = next;
    checkpoint.resources[resource.name] = next;
    writeCheckpoint(options.out, checkpoint);
    Object.assign(result, { items: next.items, pages: next.pages, bytes: next.bytes });
  };
  if (saved.refresh?.changesBytes !== undefined) return applyRefresh(run, resource, result, state, save);
  const fresh = () => (refreshing ? refreshResourceCheckpoint() : emptyResourceCheckpoint());
  // A list that does not page is fetched again whole; a paged one resumes at its offset. A refresh
  // interrupted midway lists again from the start: an item removed meanwhile from a page it had
  // already read would otherwise stay in the mirror.
  if (!resource.paged || (refreshing && (saved.pages > 0 || fileSize(target) < saved.bytes))) state = fresh();
  // Record a reset before cutting the file, so the checkpoint never counts more bytes than the file has.
  if (state !== saved) save(state);
  const keepUnlisted = (warning: string) => {
    warnings.push(warning);
    reporter.warn(warning);
    if (state.refresh && !state.refresh.keepUnlisted) save({ ...state, refresh: { ...state.refresh, keepUnlisted: true } });
  };
  const writer = JsonlWriter.open(target, state.bytes);
  const written = writtenIds(target, state.bytes);
  let listed = false;
  try {
    // Read the last page again: items removed since then move the rest up, and it holds those that moved past the checkpoint.
    const offset = Math.max(0, state.nextOffset - state.pageSize);
    reporter.start({
      resource: resource.name,
      file: result.file,
      resumed: state.pages > 0,
      refresh: refreshing,
      offset,
      items: state.items,
      pages: state.pages,
    });
    const context = { offset, since: options.since, transcripts: options.transcripts, signal: run.signal };
    let checkOverlap = written.size > 0 && state.pageSize > 0;
    const listing = resource.pages(run.omi, context)[Symbol.asyncIterator]();
    for (;;) {
      let step: IteratorResult<ExportPage>;
      try {
        step = await listing.next();
      } catch (error) {
        // The listing could not be proven complete: keep what it listed, and remove nothing from the mirror.
        if (!(error instanceof OmiListIncompleteError)) throw error;
        result.incomplete = `${resource.name}: ${error.message}`;
        keepUnlisted(`${result.incomplete}; nothing was removed from ${resource.file}`);
        break;
      }
      if (step.done) break;
      const page = step.value;
      if (checkOverlap) {
        checkOverlap = false;
        const warning = overlapWarning(resource, page, written, options.since, refreshing);
        if (warning) keepUnlisted(warning);
      }
      const kept = page.items.filter((item) => keepItem(resource, item, options.since) && isNew(item, written));
      const bytes = writer.writePage(kept);
      listed = page.nextOffset === null;
      save({
        ...state,
        nextOffset: page.nextOffset ?? 0,
        bytes,
        done: listed && !refreshing,
        items: state.items + kept.length,
        pages: state.pages + 1,
        pageSize: page.nextOffset === null ? state.pageSize : page.nextOffset - page.offset,
      });
      result.itemsThisRun += kept.length;
      reporter.page({
        resource: resource.name,
        page: state.pages,
        pageItems: kept.length,
        items: state.items,
        offset: page.offset,
        nextOffset: page.nextOffset,
        bytes,
      });
      // A warned page (a list cut at the server's cap) may not hold all items: a refresh then removes none.
      const warning = resource.warn?.(page);
      if (warning) keepUnlisted(warning);
      if (run.signal.aborted) {
        if (listed) break;
        return "interrupted";
      }
    }
  } finally {
    writer.close();
  }
  if (!refreshing) {
    // An incomplete first export stays open in the checkpoint: the next run lists the resource again.
    if (result.incomplete !== undefined) return "incomplete";
    if (!state.done) save({ ...state, done: true });
    return "done";
  }
  written.clear();
  applyRefresh(run, resource, result, state, save);
  return result.incomplete === undefined ? "done" : "incomplete";
}

/**
 * Applies a refresh's complete listing to the mirror file and logs its
 * changes (see {@link commitRefresh}). The change log's length is saved in the
 * checkpoint first, so that a commit cut short is done again exactly once.
 */
function applyRefresh(
  run: ExportRun,
  resource: ResourceDefinition,
  result: ResourceResult,
  state: ResourceCheckpoint,
  save: (next: ResourceCheckpoint) => void,
): "done" {
  const { options } = run;
  const { refresh, ...rest } = state;
  const changes = join(options.out, CHANGES_FILE);
  const changesBytes = refresh?.changesBytes ?? fileSize(changes);
  if (refresh?.changesBytes === undefined)
    save({ ...state, refresh: { keepUnlisted: refresh?.keepUnlisted ?? false, changesBytes } });
  const committed = commitRefresh({
    resource: resource.name,
    mirror: result.file,
    temp: refreshTempPath(options.out, resource),
    listedBytes: state.bytes,
    changes,
    changesBytes,
    // With --since the listing holds only newer items: it updates the mirror and removes nothing.
    keepUnlisted: (refresh?.keepUnlisted ?? false) || options.since !== undefined,
    at: new Date((run.now ?? Date.now)()).toISOString(),
  });
  // No temporary file: the rename was done before a crash, and the changes are in the log.
  const outcome = committed ?? {
    changes: countLoggedChanges(changes, changesBytes, resource.name),
    items: countLines(result.file),
    bytes: fileSize(result.file),
  };
  save({ ...rest, done: true, items: outcome.items, bytes: outcome.bytes });
  result.changes = outcome.changes;
  return "done";
}

/**
 * A resumed listing's first page should hold items already in the file; when
 * none is, more than a page of items was removed since the last run and the
 * items that moved past the checkpoint may be skipped.
 */
function overlapWarning(
  resource: ResourceDefinition,
  page: ExportPage,
  written: ReadonlySet<string>,
  since: ExportOptions["since"],
  refreshing: boolean,
): string | undefined {
  // Only items the export keeps can be in the file (--since filters memories here, after download).
  const kept = page.items.filter((item) => keepItem(resource, item, since));
  if (kept.length === 0 || kept.some((item) => written.has(itemKey(item)))) return undefined;
  if (refreshing) {
    return `${resource.name}: more than a page of items was removed since this refresh was interrupted, so some items may have been skipped; this refresh counts nothing as removed, and the next one completes the mirror`;
  }
  return `${resource.name}: more than a page of items was removed since the last run, so some items may have been skipped; run with --restart for a complete copy`;
}

/** Whether an item is not in the file yet (by id, or by content for an item without one); remembers it. */
function isNew(item: object, written: Set<string>): boolean {
  const key = itemKey(item);
  if (written.has(key)) return false;
  written.add(key);
  return true;
}
