import {
  createJsonReporter,
  createPlainReporter,
  createQuietReporter,
  createReporter,
  createTtyReporter,
  type ProgressReporter,
} from "../../../cli/export/progress.js";
import { pageEvent, result, summary } from "../support/progress-events.js";
import { recordingSink } from "../support/recording-sink.js";

function play(reporter: ProgressReporter): void {
  reporter.start({ resource: "conversations", file: "out/conversations.jsonl", resumed: false, offset: 0, items: 0, pages: 0 });
  reporter.page(pageEvent(1, 86));
  reporter.page(pageEvent(2, 172));
  reporter.done(result());
  reporter.skip(result({ resource: "goals", file: "out/goals.jsonl", status: "skipped", items: 3, pages: 1, itemsThisRun: 0 }));
  reporter.finish(summary());
}

describe("JSON reporter", () => {
  it("writes one parseable line per page and a summary on stdout, nothing else there", () => {
    const out = recordingSink();
    const err = recordingSink();
    play(createJsonReporter(out, err));
    const lines = out.text
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toEqual({
      type: "page",
      resource: "conversations",
      page: 1,
      pageItems: 86,
      items: 86,
      offset: 0,
      nextOffset: 100,
      bytes: 8600,
    });
    expect(lines[2]).toMatchObject({
      type: "summary",
      status: "complete",
      exitCode: 0,
      items: 175,
      resources: { conversations: { items: 172, pages: 2, status: "done" }, goals: { items: 3 } },
    });
    expect(err.text).toBe("");
  });

  it("sends warnings and client lines to stderr and notes an interruption there", () => {
    const out = recordingSink();
    const err = recordingSink();
    const reporter = createJsonReporter(out, err);
    reporter.warn("goals: cut");
    reporter.log("omi: retrying");
    reporter.finish(summary({ status: "interrupted", exitCode: 130, error: undefined }));
    expect(err.text).toMatch(/^warning: goals: cut\nomi: retrying\nInterrupted: .*resume/);
    expect(JSON.parse(out.text)).toMatchObject({ status: "interrupted", exitCode: 130 });
  });
});

describe("plain reporter", () => {
  it("writes a line per resource and a closing line", () => {
    const err = recordingSink();
    play(createPlainReporter(err));
    expect(err.text.split("\n")).toEqual([
      "conversations: 172 items in 2 pages → out/conversations.jsonl (2.0 s)",
      "goals: already complete (3 items), skipped",
      "Export complete: 175 items in out (2.5 s)",
      "",
    ]);
  });

  it("says where a resumed resource or refresh picks up", () => {
    const err = recordingSink();
    const reporter = createPlainReporter(err);
    reporter.start({ resource: "memories", file: "m", resumed: true, offset: 3000, items: 2580, pages: 3 });
    reporter.start({ resource: "goals", file: "g", resumed: true, refresh: true, offset: 1000, items: 12, pages: 1 });
    expect(err.text).toBe(
      "memories: resuming at offset 3,000 (2,580 items already written)\ngoals: resuming the refresh at offset 1,000 (12 items listed)\n",
    );
  });

  it("gives the changes of each refreshed resource, and a one-line summary of them all", () => {
    const err = recordingSink();
    const reporter = createPlainReporter(err);
    const refreshed = result({ items: 170, changes: { added: 3, updated: 1, removed: 5 } });
    reporter.done(refreshed);
    reporter.finish(
      summary({
        resources: [
          refreshed,
          result({ resource: "memories", items: 2580, changes: { added: 0, updated: 0, removed: 0 } }),
          result({ resource: "goals", status: "skipped", items: 3 }),
          result({ resource: "folders", items: 2 }),
        ],
      }),
    );
    expect(err.text).toBe(
      "conversations: 170 items, 3 added, 1 updated, 5 removed, in 2 pages → out/conversations.jsonl (2.0 s)\n" +
        "Refresh complete: conversations 3 added, 1 updated, 5 removed; memories unchanged; goals done by an earlier run; folders exported (2 items); 2,755 items in out (2.5 s)\n",
    );
  });
});

describe("terminal reporter", () => {
  it("redraws one line in place and leaves a finished line per resource", () => {
    let clock = 0;
    const err = recordingSink(true);
    const reporter = createTtyReporter(err, () => clock);
    reporter.start({ resource: "conversations", file: "f", resumed: false, offset: 0, items: 0, pages: 0 });
    clock = 1000;
    reporter.page(pageEvent(1, 86));
    clock = 1050; // within the redraw interval: not drawn
    reporter.page(pageEvent(2, 172));
    clock = 2000;
    reporter.done(result());
    reporter.finish(summary());
    const frames = err.text.split("\r\x1b[2K").filter(Boolean);
    expect(frames[0]).toMatch(/conversations +0 items · 0 pages/);
    expect(frames[1]).toMatch(/conversations +86 items · 1 page · 86\/s$/);
    expect(frames.some((frame) => frame.includes("172 items · 2 pages ·") && !frame.includes("✔"))).toBe(false);
    expect(frames[2]).toMatch(/^✔ conversations +172 items · 2 pages · 86\/s · 2\.0 s\nExport complete: 175 items in out/);
  });

  it("gives a refreshed resource's changes on its finished line, and the refresh summary", () => {
    const err = recordingSink(true);
    const reporter = createTtyReporter(err, () => 0);
    const refreshed = result({ changes: { added: 1, updated: 0, removed: 2 } });
    reporter.done(refreshed);
    reporter.finish(summary({ resources: [refreshed] }));
    expect(err.text).toMatch(
      /✔ conversations +172 items · 1 added, 0 updated, 2 removed · 2 pages · 86\/s · 2\.0 s\nRefresh complete: conversations 1 added, 0 updated, 2 removed; 172 items in out \(2\.5 s\)\n$/,
    );
  });

  it("ends an open line before warnings and before the interruption note, and fits the terminal width", () => {
    const err = recordingSink(true, 30);
    const reporter = createTtyReporter(err, () => 0);
    reporter.start({ resource: "action-items", file: "f", resumed: true, offset: 1000, items: 900, pages: 1 });
    reporter.warn("something to say");
    reporter.finish(summary({ status: "interrupted", exitCode: 130 }));
    expect(err.text).toContain("\r\x1b[2Kwarning: something to say\n");
    expect(err.text).toMatch(/\nInterrupted: /);
    const liveLines = err.text.split("\r\x1b[2K").filter((frame) => frame.includes("action-items"));
    expect(liveLines.every((line) => line.replace(/\n.*$/s, "").length < 30)).toBe(true);
  });
});

describe("createReporter", () => {
  it("is silent with --quiet", () => {
    const out = recordingSink();
    const err = recordingSink(true);
    play(createReporter("quiet", out, err));
    play(createQuietReporter());
    expect(out.text + err.text).toBe("");
  });

  it("picks the live line on a terminal and plain lines otherwise", () => {
    const tty = recordingSink(true);
    play(createReporter("auto", recordingSink(), tty));
    expect(tty.text).toContain("\x1b[2K");
    const pipe = recordingSink(false);
    play(createReporter("auto", recordingSink(), pipe));
    expect(pipe.text).not.toContain("\x1b");
    expect(pipe.text).toContain("conversations: 172 items");
  });
});
