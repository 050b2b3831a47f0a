import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { ExportOptions } from "./args.js";
import {
  emptyResourceCheckpoint,
  optionsMismatch,
  readCheckpoint,
  refreshResourceCheckpoint,
  removeCheckpoint,
  writeCheckpoint,
  type Checkpoint,
} from "./checkpoint.js";
import { fileSize, refreshTempPath } from "./refresh.js";
import { resourceNamed } from "./resources.js";
import { UsageError } from "./usage-error.js";

/**
 * Gets the output directory ready and returns the checkpoint to run from:
 * creates the directory, reads an earlier checkpoint (or drops it with
 * `--restart`), refuses one made with another `--since` or `--transcripts`, and
 * records every resource asked for before anything is written, so that each
 * file the export writes is owned by the checkpoint (and a crash before the
 * first page can still be resumed). A non-empty file the checkpoint does not
 * own is never overwritten without `--restart`. When every resource asked for
 * is complete, they all start a refresh (a new listing compared with the
 * mirror); otherwise the unfinished ones resume and the finished ones wait.
 *
 * @throws {@link UsageError} for a checkpoint of other options, an unreadable
 * checkpoint, or a foreign file in the way.
 */
export function prepareCheckpoint(options: ExportOptions): Checkpoint {
  mkdirSync(options.out, { recursive: true });
  const wanted = { since: options.since?.iso ?? null, transcripts: options.transcripts };
  if (options.restart) {
    removeCheckpoint(options.out);
    for (const name of options.only) rmSync(refreshTempPath(options.out, resourceNamed(name)), { force: true });
  }
  const saved = options.restart ? undefined : readCheckpoint(options.out);
  if (saved) {
    const mismatch = optionsMismatch(saved.options, wanted);
    if (mismatch) throw new UsageError(mismatch);
  }
  const checkpoint: Checkpoint = saved ?? { version: 1, options: { ...wanted, only: options.only }, resources: {} };
  checkpoint.options.only = options.only;
  for (const name of options.only) {
    if (checkpoint.resources[name]) continue;
    const file = join(options.out, resourceNamed(name).file);
    if (!options.restart && fileSize(file) > 0) {
      throw new UsageError(
        `${file} already exists and is not part of this export's checkpoint; choose another --out, or pass --restart to overwrite it`,
      );
    }
    checkpoint.resources[name] = emptyResourceCheckpoint();
  }
  if (options.only.every((name) => checkpoint.resources[name]?.done)) {
    for (const name of options.only) checkpoint.resources[name] = refreshResourceCheckpoint();
  }
  writeCheckpoint(options.out, checkpoint);
  return checkpoint;
}
