import type { ExportSummary, PageProgress, ResourceResult } from "../../../cli/export/progress.js";

/** A page event of conversations. */
export function pageEvent(page: number, items: number, extra: Partial<PageProgress> = {}): PageProgress {
  return {
    resource: "conversations",
    page,
    pageItems: 86,
    items,
    offset: (page - 1) * 100,
    nextOffset: page * 100,
    bytes: items * 100,
    ...extra,
  };
}

/** A finished resource. */
export function result(extra: Partial<ResourceResult> = {}): ResourceResult {
  return {
    resource: "conversations",
    file: "out/conversations.jsonl",
    status: "done",
    items: 172,
    pages: 2,
    bytes: 17_200,
    itemsThisRun: 172,
    elapsedMs: 2000,
    ...extra,
  };
}

/** A summary of a run. */
export function summary(extra: Partial<ExportSummary> = {}): ExportSummary {
  return {
    status: "complete",
    exitCode: 0,
    dir: "out",
    elapsedMs: 2500,
    resources: [result(), result({ resource: "goals", file: "out/goals.jsonl", items: 3, pages: 1 })],
    warnings: [],
    ...extra,
  };
}
