import { createHash } from "node:crypto";
import { closeSync, constants, fdatasyncSync, fstatSync, ftruncateSync, openSync, readSync, statSync, writeSync } from "node:fs";
import { errorCode, UsageError } from "./errors.js";
import { PRIVATE_FILE_MODE } from "./file-modes.js";

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

/**
 * What identifies an item in a mirror: its `id`, or for an item without one
 * (the server may send daily summaries with `id: null`) its content, so that a
 * resumed export or a refresh neither writes it twice nor loses track of it.
 */
export function itemKey(item: unknown): string {
  return idOf(item) ?? `content:${contentHash(item)}`;
}

/**
 * The keys ({@link itemKey}) of the items in the first `bytes` bytes of a JSON Lines file written
 * by the exporter, read a chunk at a time (only the ids are kept). A resumed
 * export skips them: items an insertion pushed past the checkpoint's offset,
 * however many, are not written twice.
 */
export function writtenIds(path: string, bytes: number): Set<string> {
  const ids = new Set<string>();
  forEachLine(path, 0, bytes, (line) => ids.add(itemKey(JSON.parse(line))));
  return ids;
}

/**
 * A JSON Lines file written a page at a time. Each page is serialised first and
 * written with one positioned, synchronous write followed by a flush to disk,
 * so a signal handler can never run between two of its lines, and a checkpoint
 * written after {@link JsonlWriter.writePage} never counts bytes that are not on disk.
 */
export class JsonlWriter {
  private constructor(
    private readonly fd: number,
    private length: number,
  ) {}

  /**
   * Opens (or creates, 0600: see file-modes.ts) `path` for writing at `bytes`: whatever follows (a page
   * written before a crash, whose checkpoint was not saved) is cut off.
   *
   * @throws {@link UsageError} when the file is shorter than `bytes` (it was changed since the checkpoint).
   */
  static open(path: string, bytes: number): JsonlWriter {
    const fd = openSync(path, constants.O_RDWR | constants.O_CREAT, PRIVATE_FILE_MODE);
    const size = fstatSync(fd).size;
    if (size < bytes) {
      closeSync(fd);
      throw new UsageError(
        `${path} is shorter than the checkpoint says (${size} < ${bytes} bytes); pass --restart to export again from the start`,
      );
    }
    if (size > bytes) ftruncateSync(fd, bytes);
    return new JsonlWriter(fd, bytes);
  }

  /** The file's length in bytes (what a checkpoint records). */
  get bytes(): number {
    return this.length;
  }

  /** Appends one line per item, all in one write, and flushes it to disk. Returns the new length. */
  writePage(items: readonly object[]): number {
    if (items.length === 0) return this.length;
    const data = Buffer.from(items.map((item) => `${JSON.stringify(item)}\n`).join(""));
    let written = 0;
    while (written < data.length) written += writeSync(this.fd, data, written, data.length - written, this.length + written);
    fdatasyncSync(this.fd);
    this.length += data.length;
    return this.length;
  }

  /** Flushes the file to disk (after {@link JsonlWriter.open} cut it back, which writes nothing). */
  sync(): void {
    fdatasyncSync(this.fd);
  }

  /** Closes the file. */
  close(): void {
    closeSync(this.fd);
  }
}

/** A file's length, 0 when it does not exist. */
export function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch (error) {
    if (errorCode(error) === "ENOENT") return 0;
    throw error;
  }
}

/**
 * A short digest of an item's content: the first 48 bits of the SHA-256 of its
 * canonical JSON (object keys sorted at every depth, so a server that orders
 * fields differently does not make an item look edited), as a number. A
 * refresh keeps one per id instead of the items themselves, so its memory
 * grows with the number of ids, not with their content; a number takes less
 * than a string, and an edit goes unseen only with a chance of 2⁻⁴⁸.
 */
export function contentHash(item: unknown): number {
  return createHash("sha256").update(canonicalJson(item)).digest().readUIntBE(0, 6);
}

/** JSON with object keys sorted at every depth (arrays keep their order). */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== "object" || value === null) return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) sorted[key] = sortKeys((value as Record<string, unknown>)[key]);
  return sorted;
}
