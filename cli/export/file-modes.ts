/**
 * How `omi-export` writes files: whole or not at all (an atomic replace), and
 * with private permissions. An export is personal data, so
 * on POSIX the folders it creates are 0700 and the files 0600 (only the user
 * can read them, whatever the umask allows). What exists already keeps its
 * permissions: a folder or a file the user set up, tightened or shared is left
 * as it is, also when a file is replaced whole by a rename. Windows has no such
 * modes; there the folder's own access rules apply.
 */
import { chmodSync, closeSync, fsyncSync, mkdirSync, openSync, renameSync, statSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { errorCode } from "./errors.js";

/** The mode of a folder the export creates: only its owner may list or enter it. */
export const PRIVATE_DIR_MODE = 0o700;

/** The mode of a file the export creates: only its owner may read or write it. */
export const PRIVATE_FILE_MODE = 0o600;

/** Creates `dir` and any missing parent as {@link PRIVATE_DIR_MODE}; folders that exist are left as they are. */
export function makePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
}

/**
 * Gives `replacement` (a new file, created {@link PRIVATE_FILE_MODE}, about to
 * be renamed over `target`) the permissions of `target` when it exists, so that
 * replacing a file's content never changes who may read it. Nothing to do on
 * Windows, nor when `target` is not there yet.
 */
export function keepModeOf(target: string, replacement: string): void {
  if (process.platform === "win32") return;
  let mode: number;
  try {
    mode = statSync(target).mode & 0o7777;
  } catch (error) {
    if (errorCode(error) === "ENOENT") return;
    throw error;
  }
  chmodSync(replacement, mode);
}

/**
 * Writes a file atomically: to a temporary file beside it (a dot file, which
 * Obsidian does not show), flushed to disk, then renamed over the target with
 * the target's permissions, so that a crash leaves the old content or the new,
 * never a torn file. Synchronous, so a signal cannot cut it. Creates the
 * folders on the way.
 */
export function writeFileAtomic(path: string, content: string): void {
  makePrivateDir(dirname(path));
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  const fd = openSync(temp, "w", PRIVATE_FILE_MODE);
  try {
    const data = Buffer.from(content);
    let written = 0;
    while (written < data.length) written += writeSync(fd, data, written, data.length - written);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  keepModeOf(path, temp);
  renameSync(temp, path);
}
