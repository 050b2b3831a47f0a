import { VERSION } from "../../generated/version.js";
import { createOmiClient, type Logger, type OmiClient, type OmiClientOptions } from "../../src/index.js";
import { createRedactor, type Redactor } from "../../src/internal/redaction.js";
import { HELP_TEXT, parseExportArgs, type ExportOptions } from "./args.js";
import { prepareCheckpoint } from "./checkpoint.js";
import { runExport } from "./exporter.js";
import { describeFailure, incompleteFailure, ExitCode } from "./failure.js";
import { mirrorOptions, refreshVault, vaultClock, wantsVault } from "./markdown/vault-stage.js";
import { createReporter, type ExportSummary, type TextSink } from "./progress.js";

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
  const redact = createRedactor(() => secrets);
  const out = masked(io.stdout, redact);
  const err = masked(io.stderr, redact);
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
    if (command.kind === "version") {
      out.write(`${VERSION}\n`);
      return ExitCode.ok;
    }
    options = command.options;
    // Header values may be credentials of a proxy: redacted like the key.
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
    const mirror = mirrorOptions(options);
    const clock = wantsVault(options) ? vaultClock(env) : undefined;
    const checkpoint = prepareCheckpoint(mirror);
    const outcome = await runExport({ omi, options: mirror, checkpoint, reporter, signal: interruption.signal });
    // The vault follows the mirror as it stands, also after a failed run (its whole files are whole); not after Ctrl-C.
    if (clock && outcome.status !== "interrupted") {
      try {
        await refreshVault({
          options,
          checkpoint,
          omi,
          reporter,
          warnings: outcome.warnings,
          signal: interruption.signal,
          clock,
        });
      } catch (error) {
        if (outcome.status !== "failed") Object.assign(outcome, { status: "failed", error });
      }
    }
    const failure =
      outcome.status === "failed"
        ? describeFailure(outcome.error)
        : outcome.status === "incomplete"
          ? incompleteFailure(outcome.results)
          : undefined;
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

// Redacts the key, the header values and anything shaped like a key or a bearer token in everything
// written, with the client's own redactor: a last line of defence (the client's errors are already redacted).
function masked(sink: TextSink, redact: Redactor): TextSink {
  return {
    write: (text: string) => sink.write(redact(text)),
    ...(sink.isTTY === undefined ? {} : { isTTY: sink.isTTY }),
    ...(sink.columns === undefined ? {} : { columns: sink.columns }),
  };
}

/** With `--pace`, the longest `Retry-After` waited out: the server's budgets are hourly. */
export const PACED_MAX_WAIT_MS = 2 * 3_600_000;
/** With `--pace`, how often a call may be retried (each 429 is waited out, not just counted). */
export const PACED_MAX_RETRIES = 6;

/**
 * The client's options for an export. `--pace` turns on the client's rate
 * budgets and lets a call wait out any `Retry-After` the hourly budgets can
 * give, instead of stopping with exit 4 at the client's default 60 s limit.
 */
export function exportClientOptions(options: ExportOptions, log: (line: string) => void): OmiClientOptions {
  return {
    apiKey: options.apiKey,
    ...(options.baseUrl === undefined ? {} : { baseUrl: options.baseUrl }),
    ...(options.headers === undefined ? {} : { headers: options.headers }),
    ...(options.pace ? { rateLimit: true, maxRetryDelayMs: PACED_MAX_WAIT_MS, maxRetries: PACED_MAX_RETRIES } : {}),
    ...(options.output === "quiet" ? { logLevel: "off" as const } : {}),
    logger: lineLogger(log),
  };
}

/** A client {@link Logger} that hands every line to `write` (the reporter's `log`), so that nothing reaches stdout. */
function lineLogger(write: (line: string) => void): Logger {
  const line = (message: string, data?: Record<string, unknown>) => write(data ? `${message} ${JSON.stringify(data)}` : message);
  return { error: line, warn: line, info: line, debug: line };
}

/** The signals that interrupt an export. */
export const INTERRUPT_SIGNALS = ["SIGINT", "SIGTERM"] as const;

/** Something that emits process signals (`process`, or a test double). */
export interface SignalTarget {
  /** Adds a listener. */
  on(event: (typeof INTERRUPT_SIGNALS)[number], listener: () => void): unknown;
  /** Removes a listener. */
  off(event: (typeof INTERRUPT_SIGNALS)[number], listener: () => void): unknown;
}

/** The interruption state of a run. */
export interface Interruption {
  /** Aborted by the first SIGINT or SIGTERM. */
  readonly signal: AbortSignal;
  /** Removes the listeners. */
  dispose(): void;
}

/**
 * Turns the first SIGINT or SIGTERM into an abort of {@link Interruption.signal}
 * (the exporter finishes the page in hand, saves the checkpoint and stops) and
 * calls `onSecond` on another one (leave at once: the files stay resumable,
 * because pages and checkpoints are written synchronously).
 */
export function watchInterruptions(target: SignalTarget, onSecond: () => void): Interruption {
  const controller = new AbortController();
  const listener = () => {
    if (controller.signal.aborted) onSecond();
    else controller.abort(new Error("interrupted by a signal"));
  };
  for (const name of INTERRUPT_SIGNALS) target.on(name, listener);
  return {
    signal: controller.signal,
    dispose: () => {
      for (const name of INTERRUPT_SIGNALS) target.off(name, listener);
    },
  };
}
