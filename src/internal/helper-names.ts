/**
 * Names of the helpers derived from an operation's extensions (shared by the
 * runtime and the generator, so that they always agree; this module imports
 * nothing, so the generator can run before `generated/` exists):
 * a paginated `list` also gets `listAll` (items) and `pages` (pages); another
 * paginated helper `h` gets `hAll` and `hPages`. A batch helper `createBatch`
 * also gets `createMany` (any number of items, chunked).
 */
export function paginationHelperNames(helper: string): { all: string; pages: string } {
  return { all: `${helper}All`, pages: helper === "list" ? "pages" : `${helper}Pages` };
}

/** The name of the chunking helper of a batch helper (`createBatch` → `createMany`). */
export function batchHelperName(helper: string): string {
  return helper.endsWith("Batch") ? `${helper.slice(0, -"Batch".length)}Many` : `${helper}Many`;
}
