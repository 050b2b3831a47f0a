import { changeCounts, completionLine, count, duration, plural } from "./format.js";
import { INTERRUPTED_NOTE } from "./interruption-note.js";
import type { ProgressReporter, TextSink } from "./reporter.js";

/** Not a terminal and no `--json`/`--quiet`: one plain line per resource on `err`. */
export function createPlainReporter(err: TextSink): ProgressReporter {
  return {
    start(event) {
      if (event.resumed && event.refresh) {
        err.write(
          `${event.resource}: resuming the refresh at offset ${count(event.offset)} (${count(event.items)} items listed)\n`,
        );
      } else if (event.resumed) {
        err.write(`${event.resource}: resuming at offset ${count(event.offset)} (${count(event.items)} items already written)\n`);
      }
    },
    page() {},
    skip(result) {
      err.write(`${result.resource}: already complete (${count(result.items)} items), skipped\n`);
    },
    done(result) {
      err.write(
        `${result.resource}: ${plural(result.items, "item")}${result.changes ? `, ${changeCounts(result.changes)},` : ""} in ${plural(result.pages, "page")} → ${result.file} (${duration(result.elapsedMs)})\n`,
      );
    },
    warn(message) {
      err.write(`warning: ${message}\n`);
    },
    log(line) {
      err.write(`${line}\n`);
    },
    finish(summary) {
      if (summary.status === "complete") {
        err.write(completionLine(summary));
      } else if (summary.status === "interrupted") {
        err.write(INTERRUPTED_NOTE);
      }
    },
  };
}
