import { closeSync, openSync, readSync } from "node:fs";

const CHUNK_BYTES = 1 << 20;

/**
 * Calls `onLine` with each whole line (without its newline) of the bytes
 * `from` to `to` of a file, reading a chunk at a time, so that a file of any
 * size is never held in memory. A last line without its newline (torn by a
 * crash) is left out.
 */
export function forEachLine(path: string, from: number, to: number, onLine: (line: string) => void): void {
  if (to <= from) return;
  const fd = openSync(path, "r");
  try {
    const chunk = Buffer.alloc(Math.min(CHUNK_BYTES, to - from));
    let rest = Buffer.alloc(0);
    for (let position = from; position < to;) {
      const read = readSync(fd, chunk, 0, Math.min(chunk.length, to - position), position);
      if (read === 0) break;
      position += read;
      const data = rest.length === 0 ? chunk.subarray(0, read) : Buffer.concat([rest, chunk.subarray(0, read)]);
      let start = 0;
      for (let end = data.indexOf(10); end !== -1; end = data.indexOf(10, start)) {
        onLine(data.toString("utf8", start, end));
        start = end + 1;
      }
      // Copied: `chunk` is reused by the next read.
      rest = Buffer.from(data.subarray(start));
    }
  } finally {
    closeSync(fd);
  }
}

/** The `id` of an item, when it has a string one. */
export function idOf(item: unknown): string | undefined {
  return typeof item === "object" && item !== null && "id" in item && typeof item.id === "string" ? item.id : undefined;
}
