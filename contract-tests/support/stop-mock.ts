import { rmSync } from "node:fs";
import type { PrismMock } from "../../scripts/lib/prism.js";
import { checkCoverage } from "./coverage-report.js";

/** Stops Prism (whatever happened in the tests), then fails the run if some documented (operation, status) pair went untested. */
export async function stopMock(): Promise<void> {
  const holder = globalThis as { __OMI_PRISM__?: PrismMock };
  await holder.__OMI_PRISM__?.stop();
  delete holder.__OMI_PRISM__;
  const dir = process.env.OMI_CONTRACT_COVERAGE_DIR;
  if (!dir) return;
  try {
    checkCoverage(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
