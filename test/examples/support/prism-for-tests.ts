import { join } from "node:path";
import { startPrism, type PrismMock } from "../../../scripts/lib/prism.js";

/** Boots the Prism mock of spec/ for one test file (stop it in `afterAll`). */
export function startSpecMock(): Promise<PrismMock> {
  return startPrism(join(__dirname, "..", "..", "..", "spec", "omi-developer-api.yaml"));
}
