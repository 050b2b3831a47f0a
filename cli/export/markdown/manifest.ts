/**
 * The vault's manifest, `DIR/.omi-export-vault.json`: every note the export
 * wrote, by key, with its path and a hash of its exported part. Only paths in
 * it are ever rewritten, renamed or removed; any other file of the vault is
 * the user's. Obsidian does not show files whose names start with a dot.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { errorCode, UsageError } from "../errors.js";
import { writeFileAtomic } from "../file-modes.js";

/** The manifest's file name in the vault. */
export const MANIFEST_FILE = ".omi-export-vault.json";

/** A note the export wrote. */
export interface ManifestNote {
  /** Vault-relative path, `/`-separated. */
  path: string;
  /** The name it wanted (see `NameAssignment.base`). */
  base: string;
  /** SHA-256 (hex, first 16 digits) of its exported part, so that an unchanged note is not written again. */
  hash: string;
  /** What links to it show (conversations). */
  label?: string;
  /** The local day it belongs to (conversations, for the daily notes). */
  day?: string;
  /** When it started (conversations: orders a day's links). */
  at?: string;
  /** What it counts, for the index (`memories`, `goals`, `open`, `done`). */
  counts?: Record<string, number>;
}

/** The content of the manifest. */
export interface Manifest {
  /** Format version (1). */
  version: 1;
  /** The time zone the notes were named in. */
  timeZone: string;
  /** Every note, by key (`conversation:<id>`, `daily:<id>`, `tasks:<YYYY-MM>`, `memories`, `goals`, `index`). */
  notes: Record<string, ManifestNote>;
  /** Paths a run was about to write when it saved this; a run cut short leaves them the export's own. */
  pending: string[];
}

/** The manifest of a vault without one. */
export function emptyManifest(timeZone: string): Manifest {
  return { version: 1, timeZone, notes: {}, pending: [] };
}

/**
 * Reads the vault's manifest; an empty one when there is none.
 *
 * @throws {@link UsageError} when the file exists but is not a manifest.
 */
export function readManifest(vault: string, timeZone: string): Manifest {
  const path = join(vault, MANIFEST_FILE);
  let textContent: string;
  try {
    textContent = readFileSync(path, "utf8");
  } catch (error) {
    if (errorCode(error) === "ENOENT") return emptyManifest(timeZone);
    throw error;
  }
  const manifest = asManifest(parse(textContent));
  if (!manifest) {
    throw new UsageError(
      `${path} is not a readable vault manifest; move it away to export the vault again (existing notes then count as your own files)`,
    );
  }
  return manifest;
}

/** Writes the manifest atomically (see {@link writeFileAtomic}). */
export function writeManifest(vault: string, manifest: Manifest): void {
  writeFileAtomic(join(vault, MANIFEST_FILE), `${JSON.stringify(manifest)}\n`);
}

function parse(textContent: string): unknown {
  try {
    return JSON.parse(textContent);
  } catch {
    return undefined;
  }
}

function asManifest(value: unknown): Manifest | undefined {
  if (!isRecord(value) || value.version !== 1 || typeof value.timeZone !== "string" || !isRecord(value.notes)) return undefined;
  if (!Array.isArray(value.pending) || !value.pending.every((path) => typeof path === "string")) return undefined;
  const notes: Record<string, ManifestNote> = {};
  for (const [key, note] of Object.entries(value.notes)) {
    if (!isRecord(note) || typeof note.path !== "string" || typeof note.base !== "string" || typeof note.hash !== "string")
      return undefined;
    notes[key] = note as unknown as ManifestNote;
  }
  return { version: 1, timeZone: value.timeZone, notes, pending: value.pending as string[] };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
