import { join } from "node:path";
import { startPrism, type PrismMock } from "../../scripts/lib/prism.js";

/**
 * The Prism mock of spec/: the one the contract project's global setup booted for
 * the whole run (handed down in `OMI_MOCK_URL`) when there is one, so that a run of
 * the suite boots Prism once instead of once per file; otherwise (a file run on its
 * own) a mock of this file's own. Prism's mock keeps no state, so sharing it changes
 * no answer. `stop` stops only a mock this call started.
 */
export async function specMock(): Promise<Pick<PrismMock, "url" | "stop">> {
  const shared = process.env.OMI_MOCK_URL;
  if (shared) return { url: shared, stop: () => Promise.resolve() };
  return startPrism(join(__dirname, "..", "..", "spec", "omi-developer-api.yaml"));
}
