/**
 * spec-diff: compares two OpenAPI documents operation by operation and field by field, and says
 * which changes would break a client built against the base document; `--help` prints the usage
 * (`spec-diff/cli.ts`), `spec-diff/classify.ts` states the severity rules, and
 * `spec-diff/known-differences.ts` the format of the list of intended differences.
 *
 * Exit code 0: nothing breaking (or only intended); 1: breaking changes; 2: usage error.
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
