import type { CheckResult } from "./check-runner.js";

/** Exit code: all responses conform. */
export const EXIT_OK = 0;
/** Exit code: some response (or request) violates the spec, or the client failed on a conforming answer. */
export const EXIT_VIOLATIONS = 1;
/** Exit code: bad command line or environment. */
export const EXIT_USAGE = 2;
/** Exit code: the run is incomplete (no answer, a call not sent, credentials refused with 401, or test data left behind). */
export const EXIT_INCOMPLETE = 3;

/**
 * The exit code of a finished run. Violations win over incompleteness. A 401
 * conforms to the spec but means the credentials were refused, so the success
 * responses went unchecked: the run counts as incomplete.
 */
export function exitCodeOf(results: readonly CheckResult[], leftovers: number): number {
  if (results.some((r) => r.outcome === "violates" || r.outcome === "client-error")) return EXIT_VIOLATIONS;
  const unanswered = results.some((r) => r.outcome === "no-answer" || r.outcome === "not-sent" || r.status === 401);
  if (leftovers > 0 || unanswered) return EXIT_INCOMPLETE;
  return EXIT_OK;
}
