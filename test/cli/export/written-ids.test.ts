import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writtenIds } from "../../../cli/export/mirror-files.js";

describe("writtenIds", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "omi-written-ids-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("reads the id of every line up to the checkpoint's length, across read chunks, skipping lines without one", () => {
    // ~3.3 MB of lines, so that lines straddle the 1 MiB chunks.
    const lines = Array.from({ length: 30_000 }, (_, i) => JSON.stringify({ id: `item-${i}`, text: "é".repeat(50) }));
    lines.splice(7, 0, JSON.stringify({ name: "no id" }), JSON.stringify({ id: 42 }));
    const text = lines.map((line) => `${line}\n`).join("");
    const path = join(dir, "items.jsonl");
    writeFileSync(path, text + '{"id":"torn-after-the-checkp');
    const ids = writtenIds(path, Buffer.byteLength(text));
    expect(ids.size).toBe(30_000);
    expect(ids.has("item-0") && ids.has("item-29999")).toBe(true);
    expect([...ids].some((id) => id.startsWith("torn"))).toBe(false);
  });

  it("reads nothing for an empty checkpoint", () => {
    expect(writtenIds(join(dir, "missing.jsonl"), 0).size).toBe(0);
  });
});
