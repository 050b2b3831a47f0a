/**
 * Runs `cli/omi-export.ts` as a child process, the way a user runs it (through
 * tsx, with `OMI_API_KEY`/`OMI_API_BASE` in the environment), in its own
 * process group, so that a test can signal it like a terminal does (the whole
 * group) and never leaves a process behind.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { join, resolve } from "node:path";

const ROOT = resolve(__dirname, "../../..");
const TSX = join(ROOT, "node_modules/tsx/dist/cli.mjs");
const ENTRY = join(ROOT, "cli/omi-export.ts");

/** The developer key the CLI tests use. */
export const TEST_KEY = "omi_dev_clitest0000000000000000000000";

/** How a run ended. */
export interface CliResult {
  /** Exit code (`null` when killed by a signal). */
  code: number | null;
  /** The signal that killed it, if any. */
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Wall time of the run. */
  elapsedMs: number;
}

/** A running CLI. */
export interface CliProcess {
  child: ChildProcess;
  /** Resolves when the process has exited. */
  result: Promise<CliResult>;
  /** Sends a signal to the whole process group (like Ctrl-C in a terminal). */
  signalGroup(signal: NodeJS.Signals): void;
  /** Resolves with the first stdout line that passes `test` (rejects if the process exits first). */
  waitForLine(test: (line: string) => boolean): Promise<string>;
}

const running = new Set<ChildProcess>();

/** Starts the CLI with `args`; `env` is added to the test's environment (minus `OMI_*` variables). */
export function startCli(args: readonly string[], env: Record<string, string | undefined> = {}): CliProcess {
  const base = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("OMI_")));
  const started = Date.now();
  const child = spawn(process.execPath, [TSX, ENTRY, ...args], {
    cwd: ROOT,
    env: { ...base, ...env },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.add(child);
  let stdout = "";
  let stderr = "";
  const lineWaiters: Array<{ test: (line: string) => boolean; resolve: (line: string) => void; reject: (error: Error) => void }> =
    [];
  let partial = "";
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
    const lines = (partial + chunk).split("\n");
    partial = lines.pop() ?? "";
    for (const line of lines) {
      for (const waiter of [...lineWaiters]) {
        if (waiter.test(line)) {
          lineWaiters.splice(lineWaiters.indexOf(waiter), 1);
          waiter.resolve(line);
        }
      }
    }
  });
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const result = new Promise<CliResult>((done) => {
    child.on("close", (code, signal) => {
      running.delete(child);
      for (const waiter of lineWaiters.splice(0))
        waiter.reject(new Error(`the CLI exited (${code ?? signal}) first; stderr: ${stderr}`));
      done({ code, signal, stdout, stderr, elapsedMs: Date.now() - started });
    });
  });
  return {
    child,
    result,
    signalGroup: (signal) => killGroup(child, signal),
    waitForLine: (test) => new Promise((resolveLine, reject) => lineWaiters.push({ test, resolve: resolveLine, reject })),
  };
}

/** Runs the CLI to the end. */
export function runCli(args: readonly string[], env: Record<string, string | undefined> = {}): Promise<CliResult> {
  return startCli(args, env).result;
}

/** The environment pointing the CLI at a server. */
export function serverEnv(url: string, key = TEST_KEY): Record<string, string> {
  return { OMI_API_KEY: key, OMI_API_BASE: url };
}

/** Kills (SIGKILL) every CLI process group still running: call in `afterEach`. */
export function killAllClis(): void {
  for (const child of running) killGroup(child, "SIGKILL");
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}
