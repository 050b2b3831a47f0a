/**
 * spec-diff: compares two OpenAPI documents operation by operation and field by field, and says
 * which changes would break a client built against the base document.
 *
 *   npx tsx scripts/spec-diff.ts <other-openapi-document> [<base-document>] [--json] [--verbose]
 *
 * The base document ("old", default `spec/omi-developer-api.yaml`) is what clients were built
 * against; the other document ("new") is the candidate replacement. Operations are matched by
 * method and path (template variable names ignored); `$ref`s are resolved and nullability spellings
 * normalised, so component names and 3.0-vs-3.1 style make no difference.
 *
 * Severity (see `spec-diff/classify.ts` for the rules in one place):
 * - BREAKING: removed operation, removed 2xx status, removed request or response field, new
 *   required parameter/field/body, optional → required on requests, required → optional on
 *   responses, changed type, narrowed request enums/limits/formats, a response field becoming
 *   nullable, removed security alternatives or added scopes.
 * - warning (non-breaking, but strict clients may notice): response enum values added (breaks
 *   exhaustive switches), looser response limits, a dropped response `format`, a new 2xx status,
 *   deprecations, a changed bearer format.
 * - non-breaking: everything else (added operations, optional params/fields, error statuses,
 *   widened request enums, looser request limits, tags, operationId renames; summaries and
 *   descriptions only with --verbose).
 *
 * Known differences (`--known <file>`, by default `spec/published-differences.yaml` when the base
 * is the default spec; see `spec-diff/known-differences.ts`) mark intended changes, which then no
 * longer count for the exit code.
 *
 * Exit code 0: nothing breaking (or only intended); 1: breaking changes; 2: usage error. The logic lives in
 * `scripts/spec-diff/`; this file is only the entry point.
 */
import { basename } from "node:path";
import { runCli } from "./spec-diff/cli.js";

// Re-exported for tests and other scripts; each is documented where it is defined.
export { diffOpenApi, diffDocuments, type DiffResult } from "./spec-diff/diff-openapi.js";
export { runCli } from "./spec-diff/cli.js";
export type { SpecChange, ChangeKind, ChangeAspect, Severity, DiffOptions } from "./spec-diff/types.js";

const entry = basename(process.argv[1] ?? "");
if (entry === "spec-diff.ts" || entry === "spec-diff.js") {
  // A closed pipe (`spec-diff … | head`) is not an error worth a stack trace.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
  });
  process.exitCode = runCli(process.argv.slice(2));
}
