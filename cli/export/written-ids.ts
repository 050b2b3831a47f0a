import { forEachLine, idOf } from "./jsonl-reader.js";

/**
 * The ids of the items in the first `bytes` bytes of a JSON Lines file written
 * by the exporter, read a chunk at a time (only the ids are kept). A resumed
 * export skips them: items an insertion pushed past the checkpoint's offset,
 * however many, are not written twice.
 */
export function writtenIds(path: string, bytes: number): Set<string> {
  const ids = new Set<string>();
  forEachLine(path, 0, bytes, (line) => {
    const id = idOf(JSON.parse(line));
    if (id !== undefined) ids.add(id);
  });
  return ids;
}
