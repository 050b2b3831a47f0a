/**
 * The file operations of the vault: what a refresh does to
 * a note it rewrites, renames or removes, keeping the text a user wrote below
 * the marker line.
 */
import { existsSync, readFileSync, renameSync, rmdirSync, unlinkSync } from "node:fs";
import { dirname, join } from "node:path";
import { errorCode } from "../errors.js";
import { makePrivateDir, writeFileAtomic } from "../file-modes.js";
import { userTextOf, withUserText } from "./note-text.js";

/** The vault folder a removed note that holds the user's text is moved to (its path inside is kept). */
export const REMOVED_DIR = "Removed";

/** A file's text, or `undefined` when there is none. */
export function readText(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    if (errorCode(error) === "ENOENT" || errorCode(error) === "EISDIR") return undefined;
    throw error;
  }
}

/**
 * Writes a note's new exported part at `path`, keeping the user's text of
 * the note as it was at `from` (its path before; `path` itself when not
 * renamed). A renamed note's old file is deleted after the new one is
 * written (see {@link deleteFile}), so that a crash between the two leaves the
 * user's text in both, never in neither.
 */
export function writeNote(vault: string, path: string, exported: string, from: string | undefined): void {
  const before = from === undefined ? undefined : readText(join(vault, from));
  writeFileAtomic(join(vault, path), withUserText(exported, before === undefined ? "" : userTextOf(before)));
}

/**
 * Takes a note of an item that is gone out of the vault: deleted when the
 * user wrote nothing in it, otherwise moved to `Removed/` (same path inside;
 * a free name when taken), where it is the user's file. Returns what was
 * done (`none` when the file was already gone).
 */
export function removeNote(vault: string, path: string): "deleted" | "moved" | "none" {
  const content = readText(join(vault, path));
  if (content === undefined) return "none";
  if (userTextOf(content).trim() === "") {
    deleteFile(vault, path);
    return "deleted";
  }
  const target = freePath(vault, `${REMOVED_DIR}/${path}`);
  makePrivateDir(dirname(join(vault, target)));
  renameSync(join(vault, path), join(vault, target));
  removeEmptyFolders(vault, path);
  return "moved";
}

function freePath(vault: string, path: string): string {
  if (!existsSync(join(vault, path))) return path;
  const stem = path.replace(/\.md$/, "");
  for (let n = 2; ; n += 1) {
    const candidate = `${stem} (${n}).md`;
    if (!existsSync(join(vault, candidate))) return candidate;
  }
}

/** Deletes a vault file the export wrote (a renamed note's old path) if it is there, and the folders it leaves empty. */
export function deleteFile(vault: string, path: string): void {
  try {
    unlinkSync(join(vault, path));
  } catch (error) {
    if (errorCode(error) !== "ENOENT") throw error;
  }
  removeEmptyFolders(vault, path);
}

// Folders the export made (`Conversations/2025/01`) go when their last note goes; a folder holding anything else stays.
function removeEmptyFolders(vault: string, path: string): void {
  for (let dir = dirname(path); dir !== "." && dir !== "" && dir !== "/"; dir = dirname(dir)) {
    try {
      rmdirSync(join(vault, dir));
    } catch {
      return;
    }
  }
}
