import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ExportOptions } from "../../../cli/export/args.js";
import { emptyResourceCheckpoint, readCheckpoint, writeCheckpoint } from "../../../cli/export/checkpoint.js";
import { prepareCheckpoint } from "../../../cli/export/checkpoint.js";
import { parseSince } from "../../../cli/export/args.js";

describe("prepareCheckpoint", () => {
  let root: string;
  let out: string;
  const options = (extra: Partial<ExportOptions> = {}): ExportOptions => ({
    out,
    since: undefined,
    only: ["memories", "goals"],
    transcripts: false,
    output: "quiet",
    apiKey: "omi_dev_prepare000000000000000000000",
    baseUrl: undefined,
    pace: false,
    restart: false,
    ...extra,
  });
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), "omi-prepare-"));
    out = join(root, "nested", "out");
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it("creates the directory and records every resource asked for before anything is written", () => {
    const checkpoint = prepareCheckpoint(options({ since: parseSince("2025-01-01") }));
    expect(checkpoint).toEqual({
      version: 1,
      options: { since: "2025-01-01T00:00:00.000Z", transcripts: false, only: ["memories", "goals"] },
      resources: { memories: emptyResourceCheckpoint(), goals: emptyResourceCheckpoint() },
    });
    expect(readCheckpoint(out)).toEqual(checkpoint);
  });

  it("keeps the progress of an earlier run and adds resources asked for now", () => {
    prepareCheckpoint(options());
    const saved = readCheckpoint(out);
    if (!saved) throw new Error("no checkpoint");
    saved.resources.memories = { nextOffset: 1000, bytes: 10, done: false, items: 1, pages: 1, pageSize: 1000 };
    writeCheckpoint(out, saved);
    writeFileSync(join(out, "memories.jsonl"), '{"id":"m"}');
    const next = prepareCheckpoint(options({ only: ["memories", "folders"] }));
    expect(next.resources.memories).toEqual(saved.resources.memories);
    expect(next.resources.folders).toEqual(emptyResourceCheckpoint());
    expect(next.resources.goals).toEqual(emptyResourceCheckpoint());
    expect(next.options.only).toEqual(["memories", "folders"]);
  });

  it("refuses a checkpoint made with another --since or --transcripts", () => {
    prepareCheckpoint(options({ since: parseSince("2025-01-01") }));
    expect(() => prepareCheckpoint(options())).toThrow(/other options.*--restart/);
    expect(() => prepareCheckpoint(options({ since: parseSince("2025-01-01"), transcripts: true }))).toThrow(
      /--transcripts off there, on now/,
    );
  });

  it("never overwrites a file the checkpoint does not own, unless --restart", () => {
    prepareCheckpoint(options({ only: ["goals"] }));
    writeFileSync(join(out, "memories.jsonl"), '{"id":"someone else\'s"}\n');
    expect(() => prepareCheckpoint(options())).toThrow(/memories\.jsonl already exists/);
    expect(readFileSync(join(out, "memories.jsonl"), "utf8")).toContain("someone else");
    const restarted = prepareCheckpoint(options({ restart: true, transcripts: true }));
    expect(restarted.options.transcripts).toBe(true);
    expect(restarted.resources).toEqual({ memories: emptyResourceCheckpoint(), goals: emptyResourceCheckpoint() });
  });
});
