import type { PrismMock } from "../../../scripts/lib/prism.js";
import { specMock } from "../../support/spec-mock.js";
import { startListingEndFront } from "./listing-end-front.js";

/**
 * Boots the Prism mock of spec/ for one test file (stop it in `afterAll`),
 * behind a front that ends paged listings after their first page, as the real
 * server does (see `startListingEndFront`).
 */
export async function startSpecMock(): Promise<Pick<PrismMock, "url" | "stop">> {
  const prism = await specMock();
  const front = await startListingEndFront(prism.url).catch(async (error: unknown) => {
    await prism.stop();
    throw error;
  });
  return {
    url: front.url,
    stop: async () => {
      await front.close();
      await prism.stop();
    },
  };
}
