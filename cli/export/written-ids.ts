import { closeSync, openSync, readSync } from "node:fs";

const CHUNK_BYTES = 1 << 20;

/**
 * The ids of the items in the first `bytes` bytes of a JSON Lines file written
 * by the exporter, read a chunk at a time (only the ids are kept). A resumed
 * export skips them: items an insertion pushed past the checkpoint's offset,
 * however many, are not written twice.
 */
export function writtenIds(path: string, bytes: number): Set<string> {
  const ids = new Set<string>();
  if (bytes === 0) return ids;
  const fd = openSync(path, "r");
  try {
    const chunk = Buffer.alloc(Math.min(CHUNK_BYTES, bytes));
    let rest = Buffer.alloc(0);
    for (let position = 0; position < bytes;) {
      const read = readSync(fd, chunk, 0, Math.min(chunk.length, bytes - position), position);
      if (read === 0) break;
      position += read;
      const data = Buffer.concat([rest, chunk.subarray(0, read)]);
      let start = 0;
      for (let end = data.indexOf(10); end !== -1; end = data.indexOf(10, start)) {
        const id = idOfLine(data.toString("utf8", start, end));
        if (id !== undefined) ids.add(id);
        start = end + 1;
      }
      rest = data.subarray(start);
    }
  } finally {
    closeSync(fd);
  }
  return ids;
}

function idOfLine(line: string): string | undefined {
  const item: unknown = JSON.parse(line);
  return item && typeof item === "object" && "id" in item && typeof item.id === "string" ? item.id : undefined;
}
