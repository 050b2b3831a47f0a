/**
 * Where the vault comes into a run of `omi-export`: which folder holds the
 * JSONL mirror it is made from, and the vault refresh after the export.
 */
import { join } from "node:path";
import type { OmiClient } from "../../../src/index.js";
import type { ExportOptions } from "../args.js";
import type { Checkpoint } from "../checkpoint.js";
import type { ProgressReporter } from "../progress.js";
import { VaultClock } from "./markdown-text.js";
import { writeVault, type VaultResult } from "./vault.js";

/** The folder in the vault that holds the JSONL mirror when only `markdown` is asked for (Obsidian does not show dot folders). */
export const HIDDEN_MIRROR_DIR = ".omi-export";

/** Whether the run writes a vault. */
export function wantsVault(options: ExportOptions): boolean {
  return options.formats?.includes("markdown") ?? false;
}

/**
 * The options the JSONL export runs with: as given when `jsonl` is asked for
 * (the mirror in `DIR`), otherwise with the mirror in `DIR/.omi-export/`,
 * out of the vault's sight.
 */
export function mirrorOptions(options: ExportOptions): ExportOptions {
  if (options.formats === undefined || options.formats.includes("jsonl")) return options;
  return { ...options, out: join(options.out, HIDDEN_MIRROR_DIR) };
}

/**
 * The vault's time zone: `TZ` from the environment when it names an IANA zone,
 * else the runtime's own.
 */
export function vaultClock(env: Readonly<Record<string, string | undefined>>): VaultClock {
  const wanted = env.TZ?.trim();
  if (wanted) {
    try {
      return new VaultClock(wanted);
    } catch {
      // A POSIX TZ string (`EST5EDT`, `:/etc/localtime`) that Intl does not read: the runtime has applied it already.
    }
  }
  return new VaultClock(Intl.DateTimeFormat().resolvedOptions().timeZone);
}

/** What {@link refreshVault} needs. */
export interface VaultStage {
  /** The options as given (the vault is `options.out`). */
  options: ExportOptions;
  /** The mirror's checkpoint after the export. */
  checkpoint: Checkpoint;
  /** The client. */
  omi: OmiClient;
  /** Where the vault's line and warnings go. */
  reporter: ProgressReporter;
  /** The run's warnings (the vault's are added). */
  warnings: string[];
  /** Ctrl-C. */
  signal: AbortSignal;
  /** The vault's time zone. */
  clock: VaultClock;
  /** The clock (the index note's refresh time). */
  now?: () => number;
}

/** Refreshes the vault from the mirror and reports one line (`vault: 12 notes written, …`). */
export async function refreshVault(stage: VaultStage): Promise<VaultResult> {
  const warn = (message: string) => {
    stage.warnings.push(message);
    stage.reporter.warn(message);
  };
  const result = await writeVault({
    vault: stage.options.out,
    mirror: mirrorOptions(stage.options).out,
    checkpoint: stage.checkpoint,
    omi: stage.omi,
    clock: stage.clock,
    now: stage.now ?? Date.now,
    signal: stage.signal,
    warn,
  });
  const moved = result.moved > 0 ? `, ${result.moved} moved to Removed/ (they held your text)` : "";
  stage.reporter.log(
    `vault: ${result.notes} notes; ${result.written} written, ${result.renamed} renamed, ${result.removed} removed${moved} → ${stage.options.out}`,
  );
  return result;
}
