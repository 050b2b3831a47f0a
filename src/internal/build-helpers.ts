import { callOperation } from "./call-operation.js";
import type { ClientRuntime } from "./client-runtime.js";
import { createMany } from "./create-many.js";
import { batchHelperName, paginationHelperNames } from "./derived-helpers.js";
import { paginate, paginateItems } from "./paginate.js";
import { pollUntilFinal } from "./poll.js";
import type { RuntimeOperation } from "./routes.js";

type Helper = (...args: unknown[]) => unknown;

/**
 * Builds `{ group: { helper: fn } }` from the decoded routes: one function per
 * operation, plus `listAll`/`pages` for paginated listings, `createMany` for
 * batch creations and the `x-omi-poll` helper (e.g. `waitUntilProcessed`). No
 * per-operation code.
 */
export function buildHelpers(
  runtime: ClientRuntime,
  operations: readonly RuntimeOperation[],
): Record<string, Record<string, Helper>> {
  const groups: Record<string, Record<string, Helper>> = {};
  for (const spec of operations) {
    const group = (groups[spec.group] ??= {});
    group[spec.helper] = (...args) => callOperation(runtime, spec, args);
    if (spec.pagination) {
      const names = paginationHelperNames(spec.helper);
      group[names.all] = (...args) => paginateItems(runtime, spec, args);
      group[names.pages] = (...args) => paginate(runtime, spec, args);
    }
    if (spec.batch) group[batchHelperName(spec.helper)] = (...args) => createMany(runtime, spec, args);
    if (spec.poll) group[spec.poll.helper] = (...args) => pollUntilFinal(runtime, spec, args);
  }
  return groups;
}
