/**
 * Two ways to run `omi-export` in tests:
 * - {@link runCli}: in this process, through `main` with the arguments, the
 *   environment and recording stdout/stderr injected. No process to start, so
 *   nothing here depends on how fast the machine starts one.
 * - {@link startCli}: as a child process of the built JavaScript (esbuild bundles
 *   `cli/omi-export.ts` once, see {@link builtCli}), in its own process group, for
 *   what only a real process shows: signals from a terminal, `process.exit` on a
 *   second Ctrl-C, a crash. Tests that use it set a generous jest timeout.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { EventEmitter } from "node:events";
import { existsSync, mkdirSync, renameSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { buildSync } from "esbuild";
import { main } from "../../../cli/export/main.js";

const ROOT = resolve(__dirname, "../../..");
const ENTRY = join(ROOT, "cli/omi-export.ts");

/** The developer key the CLI tests use. */
export const TEST_KEY = "omi_dev_clitest0000000000000000000000";

/** How a run ended. */
export interface CliResult {
  /** Exit code (`null` when killed by a signal). */
  code: number | null;
  /** The signal that killed it, if any (always `null` in-process). */
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the CLI to the end in this process: `main(args, env, io)` with `env` as
 * its whole environment, stdout and stderr recorded (not terminals, as when piped).
 */
export async function runCli(args: readonly string[], env: Record<string, string | undefined> = {}): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  const code = await main(args, env, {
    stdout: { write: (text: string) => void (stdout += text), isTTY: false },
    stderr: { write: (text: string) => void (stderr += text), isTTY: false },
    // No signal ever comes, so `exit` (called on a second one) is never called.
    signals: new EventEmitter(),
    exit: () => undefined,
  });
  return { code, signal: null, stdout, stderr };
}

/** A running CLI process. */
export interface CliProcess {
  child: ChildProcess;
  /** Resolves when the process has exited. */
  result: Promise<CliResult>;
  /** Sends a signal to the whole process group (like Ctrl-C in a terminal). */
  signalGroup(signal: NodeJS.Signals): void;
  /** Resolves with the first stdout line that passes `test` (rejects if the process exits first). */
  waitForLine(test: (line: string) => boolean): Promise<string>;
}

/**
 * The CLI bundled by esbuild into one ES module (the same source, openapi-fetch
 * included), written once per content under `node_modules/.cache/omi-tests/`.
 * Node starts it in a fraction of the time tsx takes to compile the TypeScript.
 */
export function builtCli(): string {
  const result = buildSync({
    entryPoints: [ENTRY],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    // Dependencies published as CommonJS (yaml) require Node's built-ins, which an ES module bundle has no `require` for.
    banner: {
      js: 'import { createRequire as omiCreateRequire } from "node:module"; const require = omiCreateRequire(import.meta.url);',
    },
    write: false,
    logLevel: "silent",
  });
  const [output] = result.outputFiles;
  if (!output) throw new Error("esbuild produced no bundle of cli/omi-export.ts");
  const dir = join(ROOT, "node_modules", ".cache", "omi-tests");
  const file = join(dir, `omi-export-${createHash("sha256").update(output.text).digest("hex").slice(0, 16)}.mjs`);
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    const partial = `${file}.${process.pid}.partial`;
    writeFileSync(partial, output.text);
    renameSync(partial, file);
  }
  return file;
}

let bundle: string | undefined;
const running = new Set<ChildProcess>();

/** Starts the built CLI with `args`; `env` is added to the test's environment (minus `OMI_*` variables). */
export function startCli(args: readonly string[], env: Record<string, string | undefined> = {}): CliProcess {
  bundle ??= builtCli();
  const base = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("OMI_")));
  const child = spawn(process.execPath, [bundle, ...args], {
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
      done({ code, signal, stdout, stderr });
    });
  });
  return {
    child,
    result,
    signalGroup: (signal) => killGroup(child, signal),
    waitForLine: (test) => new Promise((resolveLine, reject) => lineWaiters.push({ test, resolve: resolveLine, reject })),
  };
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
