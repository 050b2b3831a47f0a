import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseSince, type ExportOptions } from "../../../cli/export/args.js";
import {
  asCheckpoint,
  CHECKPOINT_FILE,
  emptyResourceCheckpoint,
  optionsMismatch,
  prepareCheckpoint,
  readCheckpoint,
  removeCheckpoint,
  writeCheckpoint,
  type Checkpoint,
} from "../../../cli/export/checkpoint.js";
import { UsageError } from "../../../cli/export/errors.js";

const sample: Checkpoint = {
  version: 1,
  options: { since: "2025-01-01T00:00:00.000Z", transcripts: true, only: ["conversations", "goals"] },
  resources: {
    conversations: { nextOffset: 75, bytes: 12_345, done: false, items: 70, pages: 3, pageSize: 25 },
    goals: { ...emptyResourceCheckpoint(), done: true, items: 4, pages: 1, bytes: 200 },
  },
};

describe("checkpoint", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "omi-checkpoint-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("round-trips through the file, leaving no temporary file behind", () => {
    writeCheckpoint(dir, sample);
    expect(readCheckpoint(dir)).toEqual(sample);
    expect(readdirSync(dir)).toEqual([CHECKPOINT_FILE]);
  });

  it("replaces the previous checkpoint whole", () => {
    writeCheckpoint(dir, sample);
    const next: Checkpoint = { ...sample, resources: { folders: emptyResourceCheckpoint() } };
    writeCheckpoint(dir, next);
    expect(JSON.parse(readFileSync(join(dir, CHECKPOINT_FILE), "utf8"))).toEqual(next);
  });

  it("reads a missing checkpoint as none, and removes one", () => {
    expect(readCheckpoint(dir)).toBeUndefined();
    writeCheckpoint(dir, sample);
    removeCheckpoint(dir);
    expect(readCheckpoint(dir)).toBeUndefined();
    expect(() => removeCheckpoint(dir)).not.toThrow();
  });

  it.each([
    ["not JSON", '{"version":1,'],
    ["another version", JSON.stringify({ ...sample, version: 2 })],
    ["an unknown resource", JSON.stringify({ ...sample, resources: { tasks: emptyResourceCheckpoint() } })],
    [
      "a negative offset",
      JSON.stringify({ ...sample, resources: { memories: { ...emptyResourceCheckpoint(), nextOffset: -1 } } }),
    ],
    [
      "a missing field",
      JSON.stringify({ ...sample, resources: { memories: { nextOffset: 0, bytes: 0, done: false, items: 0 } } }),
    ],
    ["bad options", JSON.stringify({ ...sample, options: { since: 5, transcripts: false, only: [] } })],
  ])("refuses a checkpoint with %s, suggesting --restart", (_what, text) => {
    writeFileSync(join(dir, CHECKPOINT_FILE), text);
    expect(() => readCheckpoint(dir)).toThrow(UsageError);
    expect(() => readCheckpoint(dir)).toThrow(/--restart/);
  });

  it("validates by shape", () => {
    expect(asCheckpoint(JSON.parse(JSON.stringify(sample)))).toEqual(sample);
    expect(asCheckpoint(null)).toBeUndefined();
    expect(asCheckpoint([])).toBeUndefined();
  });
});

describe("optionsMismatch", () => {
  const saved = { since: "2025-01-01T00:00:00.000Z", transcripts: false, only: [] };
  it("accepts the same options", () => {
    expect(optionsMismatch(saved, { since: "2025-01-01T00:00:00.000Z", transcripts: false })).toBeUndefined();
  });

  it("names each difference and the ways out", () => {
    const message = optionsMismatch(saved, { since: null, transcripts: true });
    expect(message).toMatch(/--since 2025-01-01T00:00:00.000Z there, \(none\) now/);
    expect(message).toMatch(/--transcripts off there, on now/);
    expect(message).toMatch(/fresh directory.*--restart/);
  });
});

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
