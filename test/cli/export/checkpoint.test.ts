import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  asCheckpoint,
  CHECKPOINT_FILE,
  emptyResourceCheckpoint,
  optionsMismatch,
  readCheckpoint,
  removeCheckpoint,
  writeCheckpoint,
  type Checkpoint,
} from "../../../cli/export/checkpoint.js";
import { UsageError } from "../../../cli/export/failure.js";

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
