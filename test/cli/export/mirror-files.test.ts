import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { UsageError } from "../../../cli/export/errors.js";
import { canonicalJson, contentHash, forEachLine, JsonlWriter, itemKey, writtenIds } from "../../../cli/export/mirror-files.js";

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

describe("writtenIds", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "omi-written-ids-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("reads the key of every line up to the checkpoint's length, across read chunks: the id, or the content without one", () => {
    // ~3.3 MB of lines, so that lines straddle the 1 MiB chunks.
    const lines = Array.from({ length: 30_000 }, (_, i) => JSON.stringify({ id: `item-${i}`, text: "é".repeat(50) }));
    lines.splice(7, 0, JSON.stringify({ name: "no id" }), JSON.stringify({ id: 42 }));
    const text = lines.map((line) => `${line}\n`).join("");
    const path = join(dir, "items.jsonl");
    writeFileSync(path, text + '{"id":"torn-after-the-checkp');
    const ids = writtenIds(path, Buffer.byteLength(text));
    expect(ids.size).toBe(30_002);
    expect(ids.has("item-0") && ids.has("item-29999")).toBe(true);
    // Lines without a string id are known by their content, so that a resume does not write them twice.
    expect(ids.has(itemKey({ name: "no id" })) && ids.has(itemKey({ id: 42 }))).toBe(true);
    expect(itemKey({ b: 1, a: 2 })).toBe(itemKey({ a: 2, b: 1 }));
    expect([...ids].some((id) => id.startsWith("torn"))).toBe(false);
  });

  it("reads nothing for an empty checkpoint", () => {
    expect(writtenIds(join(dir, "missing.jsonl"), 0).size).toBe(0);
  });
});

describe("JsonlWriter", () => {
  let dir: string;
  let path: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "omi-jsonl-"));
    path = join(dir, "items.jsonl");
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("creates the file and writes one JSON object per line, page after page", () => {
    const writer = JsonlWriter.open(path, 0);
    const afterFirst = writer.writePage([{ id: "a", text: "line\nbreak" }, { id: "b" }]);
    const afterSecond = writer.writePage([{ id: "c", emoji: "é✓" }]);
    writer.close();
    const text = readFileSync(path, "utf8");
    expect(text.split("\n")).toEqual(['{"id":"a","text":"line\\nbreak"}', '{"id":"b"}', '{"id":"c","emoji":"é✓"}', ""]);
    expect(afterSecond).toBe(statSync(path).size);
    expect(afterFirst).toBe(Buffer.byteLength('{"id":"a","text":"line\\nbreak"}\n{"id":"b"}\n'));
  });

  it("writes nothing for an empty page", () => {
    const writer = JsonlWriter.open(path, 0);
    expect(writer.writePage([])).toBe(0);
    writer.close();
    expect(statSync(path).size).toBe(0);
  });

  it("cuts what follows the checkpointed length (a page written before a crash) and appends after it", () => {
    writeFileSync(path, '{"id":"a"}\n{"id":"b"}\n{"id":"half');
    const writer = JsonlWriter.open(path, 11);
    expect(writer.bytes).toBe(11);
    writer.writePage([{ id: "c" }]);
    writer.close();
    expect(readFileSync(path, "utf8")).toBe('{"id":"a"}\n{"id":"c"}\n');
  });

  it("refuses a file shorter than the checkpoint says", () => {
    writeFileSync(path, '{"id":"a"}\n');
    expect(() => JsonlWriter.open(path, 100)).toThrow(UsageError);
    expect(readFileSync(path, "utf8")).toBe('{"id":"a"}\n');
  });
});

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
