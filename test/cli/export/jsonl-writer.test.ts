import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { JsonlWriter } from "../../../cli/export/mirror-files.js";
import { UsageError } from "../../../cli/export/failure.js";

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
