import { appendFileSync } from "node:fs";
import { join } from "node:path";

/**
 * Records that a test proved an (operation, status) pair of the spec. Called
 * only after the test's assertions passed; the global teardown reads the
 * records and fails the run when a documented pair has none.
 */
export function recordCovered(operationId: string, status: number): void {
  const dir = process.env.OMI_CONTRACT_COVERAGE_DIR;
  if (!dir) throw new Error("OMI_CONTRACT_COVERAGE_DIR is not set: run the contract tests through jest's global setup");
  appendFileSync(join(dir, `worker-${process.pid}.txt`), `${operationId} ${status}\n`);
}
