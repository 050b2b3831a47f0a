import { createOmiClient, type OmiClient } from "../../src/index.js";
import { parseExportArgs, type ExportOptions } from "./args.js";
import { exportClientOptions } from "./client-options.js";
import { ExitCode } from "./exit-codes.js";
import { runExport } from "./exporter.js";
import { describeFailure } from "./failure.js";
import { HELP_TEXT } from "./help.js";
import { prepareCheckpoint } from "./prepare.js";
import { createReporter } from "./progress/create-reporter.js";
import type { ExportSummary, TextSink } from "./progress/reporter.js";
import { maskSecrets } from "./redact.js";
import { watchInterruptions, type SignalTarget } from "./signals.js";

/** What `main` talks to: `process` in the real command, doubles in tests. */
export interface CliIo {
  /** Standard output (help, `--json` lines). */
  stdout: TextSink;
  /** Standard error (progress, warnings, errors). */
  stderr: TextSink;
  /** Where SIGINT and SIGTERM come from. */
  signals: SignalTarget;
  /** Leaves at once with this code (a second Ctrl-C). */
  exit(code: number): void;
}

/**
 * Runs `omi-export` with `argv` (without the node and script paths) and
 * resolves to the exit code; never rejects. Reads `OMI_API_KEY` and
 * `OMI_API_BASE` from `env`. See `omi-export --help`.
 */
export async function main(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  io: CliIo,
): Promise<number> {
  const started = Date.now();
  let secrets: string[] = [];
  const out = masked(io.stdout, () => secrets);
  const err = masked(io.stderr, () => secrets);
  const fail = (error: unknown): number => {
    const failure = describeFailure(error);
    err.write(`omi-export: ${failure.message}\n`);
    return failure.exitCode;
  };

  let options: ExportOptions;
  try {
    const command = parseExportArgs(argv, env);
    if (command.kind === "help") {
      out.write(HELP_TEXT);
      return ExitCode.ok;
    }
    options = command.options;
    // Header values may be credentials of a proxy: masked like the key.
    secrets = [options.apiKey, ...Object.values(options.headers ?? {})];
  } catch (error) {
    return fail(error);
  }

  const reporter = createReporter(options.output, out, err);
  let omi: OmiClient;
  try {
    omi = createOmiClient(exportClientOptions(options, (line) => reporter.log(line)));
  } catch (error) {
    return fail(error);
  }

  const interruption = watchInterruptions(io.signals, () => io.exit(ExitCode.interrupted));
  try {
    const checkpoint = prepareCheckpoint(options);
    const outcome = await runExport({ omi, options, checkpoint, reporter, signal: interruption.signal });
    const failure = outcome.status === "failed" ? describeFailure(outcome.error) : undefined;
    const exitCode = failure?.exitCode ?? (outcome.status === "interrupted" ? ExitCode.interrupted : ExitCode.ok);
    const summary: ExportSummary = {
      status: outcome.status,
      exitCode,
      dir: options.out,
      elapsedMs: Date.now() - started,
      resources: outcome.results,
      warnings: outcome.warnings,
      error: failure?.message,
    };
    reporter.finish(summary);
    if (failure) err.write(`omi-export: ${failure.message}\n`);
    return exitCode;
  } catch (error) {
    return fail(error);
  } finally {
    interruption.dispose();
  }
}

// Masks the key in everything written, as a last line of defence.
function masked(sink: TextSink, secrets: () => readonly string[]): TextSink {
  return {
    write: (text: string) => sink.write(maskSecrets(text, secrets())),
    ...(sink.isTTY === undefined ? {} : { isTTY: sink.isTTY }),
    ...(sink.columns === undefined ? {} : { columns: sink.columns }),
  };
}
