import { closeSync, constants, fdatasyncSync, fstatSync, ftruncateSync, openSync, writeSync } from "node:fs";
import { UsageError } from "./usage-error.js";

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
   * Opens (or creates) `path` for writing at `bytes`: whatever follows (a page
   * written before a crash, whose checkpoint was not saved) is cut off.
   *
   * @throws {@link UsageError} when the file is shorter than `bytes` (it was changed since the checkpoint).
   */
  static open(path: string, bytes: number): JsonlWriter {
    const fd = openSync(path, constants.O_RDWR | constants.O_CREAT, 0o644);
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
