import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { canonicalJson, contentHash } from "../../../cli/export/mirror-files.js";
import { forEachLine } from "../../../cli/export/mirror-files.js";

describe("contentHash", () => {
  it("ignores the order of keys at every depth but not the order of arrays or any value", () => {
    const item = { id: "a", structured: { title: "T", tags: ["x", "y"] }, n: 1 };
    const reordered = { n: 1, structured: { tags: ["x", "y"], title: "T" }, id: "a" };
    expect(canonicalJson(reordered)).toBe('{"id":"a","n":1,"structured":{"tags":["x","y"],"title":"T"}}');
    expect(contentHash(reordered)).toBe(contentHash(item));
    expect(contentHash({ ...item, structured: { title: "T", tags: ["y", "x"] } })).not.toBe(contentHash(item));
    expect(contentHash({ ...item, n: 2 })).not.toBe(contentHash(item));
    expect(contentHash({ ...item, extra: null })).not.toBe(contentHash(item));
    expect(Number.isSafeInteger(contentHash(item))).toBe(true);
  });
});

describe("forEachLine", () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), "omi-lines-"))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("reads the whole lines of a byte range, across chunk boundaries, leaving out a torn last line", () => {
    const path = join(dir, "f.jsonl");
    const long = "é".repeat(700_000); // 1.4 MB of two-byte characters: a line longer than a read chunk
    writeFileSync(path, `first\n${long}\nthird\ntorn`);
    const lines: string[] = [];
    forEachLine(path, 0, Buffer.byteLength(`first\n${long}\nthird\ntorn`), (line) => lines.push(line));
    expect(lines).toEqual(["first", long, "third"]);
    const from: string[] = [];
    forEachLine(path, 6, Buffer.byteLength(`first\n${long}\n`), (line) => from.push(line));
    expect(from).toEqual([long]);
  });
});
