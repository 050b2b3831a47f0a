import { changeCounts, completionLine, count, duration, plural, rate } from "./format.js";
import { INTERRUPTED_NOTE } from "./interruption-note.js";
import type { ProgressReporter, TextSink } from "./reporter.js";

const FRAMES = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
const REDRAW_EVERY_MS = 100;
const CLEAR_LINE = "\r\x1b[2K";

interface Live {
  resource: string;
  startedAt: number;
  itemsBefore: number;
  items: number;
  pages: number;
}

/**
 * On a terminal: one live line per resource on `err`, redrawn in place (items
 * written, pages, rate), then left as a finished line. The API reports no
 * totals, so the line counts up instead of showing a percentage.
 */
export function createTtyReporter(err: TextSink, now: () => number = Date.now): ProgressReporter {
  let live: Live | undefined;
  let frame = 0;
  let lastDraw = 0;

  const fit = (line: string) => (err.columns && line.length >= err.columns ? `${line.slice(0, err.columns - 2)}…` : line);
  const draw = (force: boolean) => {
    if (!live) return;
    const at = now();
    if (!force && at - lastDraw < REDRAW_EVERY_MS) return;
    lastDraw = at;
    frame = (frame + 1) % FRAMES.length;
    const speed = rate(live.items - live.itemsBefore, at - live.startedAt);
    err.write(
      CLEAR_LINE +
        fit(
          `${FRAMES[frame]} ${live.resource.padEnd(13)} ${plural(live.items, "item")} · ${plural(live.pages, "page")} · ${speed}`,
        ),
    );
  };
  // Prints a whole line above the live one, then redraws the live line.
  const above = (line: string) => {
    err.write(`${live ? CLEAR_LINE : ""}${line}\n`);
    draw(true);
  };

  return {
    start(event) {
      live = { resource: event.resource, startedAt: now(), itemsBefore: event.items, items: event.items, pages: event.pages };
      draw(true);
    },
    page(event) {
      if (!live) return;
      live.items = event.items;
      live.pages = event.page;
      draw(false);
    },
    skip(result) {
      above(`✔ ${result.resource.padEnd(13)} already complete (${count(result.items)} items)`);
    },
    done(result) {
      live = undefined;
      const speed = rate(result.itemsThisRun, result.elapsedMs);
      err.write(
        `${CLEAR_LINE}${fit(`✔ ${result.resource.padEnd(13)} ${plural(result.items, "item")}${result.changes ? ` · ${changeCounts(result.changes)}` : ""} · ${plural(result.pages, "page")} · ${speed} · ${duration(result.elapsedMs)}`)}\n`,
      );
    },
    warn(message) {
      above(`warning: ${message}`);
    },
    log(line) {
      above(line);
    },
    finish(summary) {
      if (live) err.write("\n");
      live = undefined;
      if (summary.status === "complete") {
        err.write(completionLine(summary));
      } else if (summary.status === "interrupted") {
        err.write(INTERRUPTED_NOTE);
      }
    },
  };
}
