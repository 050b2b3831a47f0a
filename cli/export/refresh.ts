import { closeSync, existsSync, fsyncSync, openSync, renameSync } from "node:fs";
import { dirname, join } from "node:path";
import { keepModeOf } from "./file-modes.js";
import { contentHash, fileSize, forEachLine, itemKey, JsonlWriter } from "./mirror-files.js";
import type { ResourceDefinition, ResourceName } from "./resources.js";

/** The change log's file name in the output directory. */
export const CHANGES_FILE = "changes.jsonl";

/** How an item changed between the mirror and the server's listing. */
export type ChangeKind = "added" | "updated" | "removed";

/** One line of `DIR/changes.jsonl`. */
export interface ChangeRecord {
  /** When the refresh that found it was applied (ISO 8601, UTC). */
  at: string;
  /** The resource, as its file is named without `.jsonl`. */
  resource: ResourceName;
  /** The item's id (`content:` and a hash of its content for an item without one). */
  id: string;
  /** What happened to it. */
  change: ChangeKind;
}

/** How many items a refresh added, updated and removed. */
export interface ChangeCounts {
  /** Listed now, not in the mirror before. */
  added: number;
  /** In both, with other content. */
  updated: number;
  /** In the mirror before, no longer listed. */
  removed: number;
}

/** What a refresh left in the mirror. */
export interface CommitResult {
  /** The changes it logged. */
  changes: ChangeCounts;
  /** Items in the mirror file now. */
  items: number;
  /** The mirror file's length now. */
  bytes: number;
}

/** What {@link commitRefresh} needs. */
export interface CommitArgs {
  /** The resource. */
  resource: ResourceName;
  /** The mirror file (`DIR/<resource>.jsonl`). */
  mirror: string;
  /** The complete new listing, in a temporary file beside the mirror. */
  temp: string;
  /** The listing's length in the temporary file (anything after it is cut off). */
  listedBytes: number;
  /** `DIR/changes.jsonl`. */
  changes: string;
  /** The change log's length before this refresh: a commit done again first cuts it back to this. */
  changesBytes: number;
  /** Keep the mirror's items the listing lacks instead of removing them (`--since`, or a listing that may be incomplete). */
  keepUnlisted: boolean;
  /** The time to write in the change lines. */
  at: string;
}

const BATCH = 500;

/** Where a refresh of `resource` writes its listing before it replaces the mirror file. */
export function refreshTempPath(out: string, resource: ResourceDefinition): string {
  return join(out, `.${resource.file}.refreshing`);
}

/**
 * Applies a complete listing to the mirror: compares it with the mirror by id
 * and content hash (only an id → hash map of the mirror is held in memory),
 * appends one line per change to the change log, then renames the temporary
 * file over the mirror file. Every step can be done again after a crash with
 * the same result: the change log is cut back to `changesBytes` and the
 * listing to `listedBytes` first, and the log is complete on disk before the
 * rename, so a crash leaves the old mirror (and the commit is done again) or
 * the new one with its changes logged once. Returns `undefined` when the
 * temporary file is gone, i.e. the rename was already done.
 */
export function commitRefresh(args: CommitArgs): CommitResult | undefined {
  if (!existsSync(args.temp)) return undefined;
  const before = mirrorHashes(args.mirror);
  const log = JsonlWriter.open(args.changes, Math.min(args.changesBytes, fileSize(args.changes)));
  const listing = JsonlWriter.open(args.temp, args.listedBytes);
  const changes: ChangeCounts = { added: 0, updated: 0, removed: 0 };
  let pending: ChangeRecord[] = [];
  const record = (id: string, change: ChangeKind) => {
    changes[change] += 1;
    pending.push({ at: args.at, resource: args.resource, id, change });
    if (pending.length >= BATCH) pending = flush(log, pending);
  };
  try {
    let items = 0;
    forEachLine(args.temp, 0, args.listedBytes, (line) => {
      items += 1;
      const item: unknown = JSON.parse(line);
      const id = itemKey(item);
      const previous = before.get(id);
      if (previous === undefined) record(id, "added");
      else if (previous !== contentHash(item)) record(id, "updated");
      before.delete(id);
    });
    if (args.keepUnlisted) items += appendUnlisted(args.mirror, before, listing);
    else for (const id of before.keys()) record(id, "removed");
    flush(log, pending);
    listing.sync();
    keepModeOf(args.mirror, args.temp);
    renameSync(args.temp, args.mirror);
    syncDirectory(dirname(args.mirror));
    return { changes, items, bytes: listing.bytes };
  } finally {
    log.close();
    listing.close();
  }
}

/**
 * Counts the change lines of `resource` written from `from` on: what a commit
 * logged when its rename was done but not yet recorded in the checkpoint.
 */
export function countLoggedChanges(changes: string, from: number, resource: ResourceName): ChangeCounts {
  const counts: ChangeCounts = { added: 0, updated: 0, removed: 0 };
  forEachLine(changes, from, fileSize(changes), (line) => {
    const record = JSON.parse(line) as Partial<ChangeRecord>;
    if (record.resource === resource && (record.change === "added" || record.change === "updated" || record.change === "removed"))
      counts[record.change] += 1;
  });
  return counts;
}

/** The number of lines of a file (the items of a mirror file). */
export function countLines(path: string): number {
  let lines = 0;
  if (existsSync(path)) forEachLine(path, 0, fileSize(path), () => (lines += 1));
  return lines;
}

/** The id → content hash map of every item of a mirror file: all a refresh holds of the mirror (exported for the memory bench). */
export function mirrorHashes(mirror: string): Map<string, number> {
  const hashes = new Map<string, number>();
  if (!existsSync(mirror)) return hashes;
  forEachLine(mirror, 0, fileSize(mirror), (line) => {
    const item: unknown = JSON.parse(line);
    hashes.set(itemKey(item), contentHash(item));
  });
  return hashes;
}

// Copies the mirror's items whose ids are in `unlisted` to the end of the new listing, in the mirror's order.
function appendUnlisted(mirror: string, unlisted: Map<string, number>, listing: JsonlWriter): number {
  let kept = 0;
  let batch: object[] = [];
  if (unlisted.size > 0) {
    forEachLine(mirror, 0, fileSize(mirror), (line) => {
      const item = JSON.parse(line) as object;
      if (!unlisted.delete(itemKey(item))) return;
      batch.push(item);
      kept += 1;
      if (batch.length >= BATCH) batch = writeBatch(listing, batch);
    });
  }
  writeBatch(listing, batch);
  return kept;
}

function writeBatch(writer: JsonlWriter, items: object[]): object[] {
  writer.writePage(items);
  return [];
}

function flush(log: JsonlWriter, pending: ChangeRecord[]): ChangeRecord[] {
  log.writePage(pending);
  return [];
}

// Makes the rename itself durable; not every platform can open a directory (Windows cannot), and there it is left to the OS.
function syncDirectory(dir: string): void {
  let fd: number;
  try {
    fd = openSync(dir, "r");
  } catch {
    return;
  }
  try {
    fsyncSync(fd);
  } catch {
    // EISDIR/EPERM on some platforms: nothing more can be done.
  } finally {
    closeSync(fd);
  }
}
