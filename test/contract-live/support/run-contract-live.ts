import { connect } from "node:net";
import { resolve } from "node:path";
import { runContractLive as runLive } from "../../../scripts/contract-live/cli.js";

/** The repository root (the live script runs from there, as `npm run` would). */
export const REPO_ROOT = resolve(__dirname, "../../..");

/** A developer key of the right shape; the fake upstream accepts any bearer token. */
export const DUMMY_KEY = "omi_dev_LiveCheckDummy0123456789abcdefXYZ";

/** A stand-in Firebase ID token. */
export const DUMMY_FIREBASE_TOKEN = "eyJhbGciOiJSUzI1NiJ9.live-check-dummy-firebase-token.c2lnbmF0dXJl";

/** What a run of the script printed and how it exited. */
export interface ScriptRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `npm run contract:live` in this process: the function its entry point
 * (`scripts/contract-live.ts`) calls, with `env` on top of a copy of this
 * environment from which every `OMI_*` variable was removed, and the same handling
 * of a thrown error (exit 3). Its Prism proxy is still a child process, started
 * and stopped by the run. In-process, nothing waits for tsx to start and compile.
 */
export async function runContractLive(args: string[], env: Record<string, string>): Promise<ScriptRun> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("OMI_")));
  let stdout = "";
  let stderr = "";
  const io = { stdout: (text: string) => void (stdout += text), stderr: (text: string) => void (stderr += text) };
  let code: number;
  try {
    code = await runLive(args, { ...base, ...env }, io, () => false);
  } catch (error) {
    io.stderr(`contract:live: ${error instanceof Error ? error.message : String(error)}\n`);
    code = 3;
  }
  return { code, stdout, stderr };
}

/** The Prism URL the report names in its header, if any. */
export function prismUrlOf(report: string): string | undefined {
  return /--errors \((http:\/\/127\.0\.0\.1:\d+)\)/.exec(report)?.[1];
}

/** Whether something still accepts connections at `url`. */
export function isListening(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((answer) => {
    const socket = connect(Number(port), hostname);
    socket.once("connect", () => {
      socket.destroy();
      answer(true);
    });
    socket.once("error", () => answer(false));
  });
}

/** The report block of one check: its header line and the indented lines under it. */
export function blockOf(report: string, header: RegExp): string {
  const lines = report.split("\n");
  const start = lines.findIndex((l) => header.test(l));
  if (start < 0) return "";
  const end = lines.findIndex((l, i) => i > start && !l.startsWith("      "));
  return lines.slice(start, end < 0 ? undefined : end).join("\n");
}
