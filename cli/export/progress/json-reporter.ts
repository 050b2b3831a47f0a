import type { ChangeCounts } from "../refresh.js";
import { totalItems } from "./format.js";
import { INTERRUPTED_NOTE } from "./interruption-note.js";
import type { ProgressReporter, ResourceResult, TextSink } from "./reporter.js";

/**
 * `--json`: one JSON line per page on `out`
 * (`{"type":"page","resource":"conversations","page":3,"pageItems":86,"items":258,"offset":200,"nextOffset":300,"bytes":…}`)
 * and a final `{"type":"summary",…}` line (after a refresh, with the changes
 * per resource and in all: `"changes":{"added":3,"updated":1,"removed":0}`);
 * warnings and notes go to `err`.
 */
export function createJsonReporter(out: TextSink, err: TextSink): ProgressReporter {
  return {
    start() {},
    page(event) {
      out.write(`${JSON.stringify({ type: "page", ...event })}\n`);
    },
    skip() {},
    done() {},
    warn(message) {
      err.write(`warning: ${message}\n`);
    },
    log(line) {
      err.write(`${line}\n`);
    },
    finish(summary) {
      const resources = Object.fromEntries(summary.resources.map((result) => [result.resource, describe(result)]));
      const changes = totalChanges(summary.resources);
      out.write(
        `${JSON.stringify({
          type: "summary",
          status: summary.status,
          exitCode: summary.exitCode,
          dir: summary.dir,
          elapsedMs: Math.round(summary.elapsedMs),
          items: totalItems(summary.resources),
          ...(changes ? { changes } : {}),
          resources,
          warnings: summary.warnings,
          ...(summary.error === undefined ? {} : { error: summary.error }),
        })}\n`,
      );
      if (summary.status === "interrupted") err.write(INTERRUPTED_NOTE);
    },
  };
}

function describe(result: ResourceResult): Record<string, unknown> {
  const { resource: _resource, elapsedMs, ...rest } = result;
  return { ...rest, elapsedMs: Math.round(elapsedMs) };
}

// The changes of every refreshed resource added up; undefined when none was refreshed.
function totalChanges(results: readonly ResourceResult[]): ChangeCounts | undefined {
  const refreshed = results.flatMap((result) => (result.changes ? [result.changes] : []));
  if (refreshed.length === 0) return undefined;
  return refreshed.reduce((sum, next) => ({
    added: sum.added + next.added,
    updated: sum.updated + next.updated,
    removed: sum.removed + next.removed,
  }));
}
