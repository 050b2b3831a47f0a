import { join } from "node:path";
import { OmiAbortError, type OmiClient } from "../../src/index.js";
import type { ExportOptions } from "./args.js";
import { emptyResourceCheckpoint, writeCheckpoint, type Checkpoint, type ResourceCheckpoint } from "./checkpoint.js";
import { JsonlWriter } from "./jsonl-writer.js";
import { writtenIds } from "./written-ids.js";
import type { ExportStatus, ProgressReporter, ResourceResult } from "./progress/reporter.js";
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
 * from its checkpoint and skipping those already done. Stops at the first
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
    if (status !== "complete" || run.signal.aborted) {
      if (status === "complete") status = "interrupted";
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
    if (result.status === "done") run.reporter.done(result);
    else status = result.status === "failed" ? "failed" : "interrupted";
  }
  return { status, results, warnings, ...(status === "failed" ? { error: failure } : {}) };
}

async function exportResource(
  run: ExportRun,
  resource: ResourceDefinition,
  result: ResourceResult,
  warnings: string[],
): Promise<"done" | "interrupted"> {
  const { checkpoint, options, reporter } = run;
  const saved = checkpoint.resources[resource.name] ?? emptyResourceCheckpoint();
  // A list that does not page is fetched again whole; a paged one resumes at its offset.
  let state: ResourceCheckpoint = resource.paged ? saved : emptyResourceCheckpoint();
  const save = (next: ResourceCheckpoint) => {
    state = next;
    checkpoint.resources[resource.name] = next;
    writeCheckpoint(options.out, checkpoint);
    Object.assign(result, { items: next.items, pages: next.pages, bytes: next.bytes });
  };
  // Record a reset before cutting the file, so the checkpoint never counts more bytes than the file has.
  if (state !== saved) save(state);
  const writer = JsonlWriter.open(result.file, state.bytes);
  const written = writtenIds(result.file, state.bytes);
  try {
    // Read the last page again: items removed since then move the rest up, and it holds those that moved past the checkpoint.
    const offset = Math.max(0, state.nextOffset - state.pageSize);
    reporter.start({
      resource: resource.name,
      file: result.file,
      resumed: state.pages > 0,
      offset,
      items: state.items,
      pages: state.pages,
    });
    const context = { offset, since: options.since, transcripts: options.transcripts, signal: run.signal };
    let checkOverlap = written.size > 0 && state.pageSize > 0;
    for await (const page of resource.pages(run.omi, context)) {
      if (checkOverlap) {
        checkOverlap = false;
        const warning = overlapWarning(resource, page, written, options.since);
        if (warning) {
          warnings.push(warning);
          reporter.warn(warning);
        }
      }
      const kept = page.items.filter((item) => keepItem(resource, item, options.since) && isNew(item, written));
      const bytes = writer.writePage(kept);
      save({
        nextOffset: page.nextOffset ?? 0,
        bytes,
        done: page.nextOffset === null,
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
      const warning = resource.warn?.(page);
      if (warning) {
        warnings.push(warning);
        reporter.warn(warning);
      }
      if (run.signal.aborted) return state.done ? "done" : "interrupted";
    }
    if (!state.done) save({ ...state, done: true });
    return "done";
  } finally {
    writer.close();
  }
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
): string | undefined {
  // Only items the export keeps can be in the file (--since filters memories here, after download).
  const kept = page.items.filter((item) => keepItem(resource, item, since));
  if (kept.length === 0 || kept.some((item) => written.has(idOf(item) ?? ""))) return undefined;
  return `${resource.name}: more than a page of items was removed since the last run, so some items may have been skipped; run with --restart for a complete copy`;
}

/** Whether an item is not in the file yet (an item without an id always is); remembers it. */
function isNew(item: object, written: Set<string>): boolean {
  const id = idOf(item);
  if (id === undefined) return true;
  if (written.has(id)) return false;
  written.add(id);
  return true;
}

function idOf(item: object): string | undefined {
  return "id" in item && typeof item.id === "string" ? item.id : undefined;
}
