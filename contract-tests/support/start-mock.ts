import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startPrism, type PrismMock } from "../../scripts/lib/prism.js";
import { SPEC_FILE } from "./spec.js";

/**
 * Boots one Prism mock from spec/ for the whole contract run, and a folder where
 * tests record which (operation, status) pairs they proved. Both are handed to
 * the test workers through the environment; the teardown stops Prism.
 */
export async function startMock(): Promise<void> {
  const prism = await startPrism(SPEC_FILE);
  (globalThis as { __OMI_PRISM__?: PrismMock }).__OMI_PRISM__ = prism;
  process.env.OMI_MOCK_URL = prism.url;
  process.env.OMI_CONTRACT_COVERAGE_DIR = mkdtempSync(join(tmpdir(), "omi-contract-coverage-"));
}
