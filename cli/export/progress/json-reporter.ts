import { totalItems } from "./format.js";
import { INTERRUPTED_NOTE } from "./interruption-note.js";
import type { ProgressReporter, ResourceResult, TextSink } from "./reporter.js";

/**
 * `--json`: one JSON line per page on `out`
 * (`{"type":"page","resource":"conversations","page":3,"pageItems":86,"items":258,"offset":200,"nextOffset":300,"bytes":…}`)
 * and a final `{"type":"summary",…}` line; warnings and notes go to `err`.
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
      out.write(
        `${JSON.stringify({
          type: "summary",
          status: summary.status,
          exitCode: summary.exitCode,
          dir: summary.dir,
          elapsedMs: Math.round(summary.elapsedMs),
          items: totalItems(summary.resources),
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
