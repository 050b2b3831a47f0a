import { spawn } from "node:child_process";
import { connect } from "node:net";
import { resolve } from "node:path";

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
 * Runs `scripts/contract-live.ts` through tsx as a child process with `env` on
 * top of a copy of this environment from which every `OMI_*` variable was
 * removed. Asynchronous on purpose: the fake upstream lives in this process.
 */
export function runContractLive(args: string[], env: Record<string, string>): Promise<ScriptRun> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("OMI_")));
  const child = spawn(process.execPath, [require.resolve("tsx/cli"), "scripts/contract-live.ts", ...args], {
    cwd: REPO_ROOT,
    env: { ...base, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((done) => child.once("close", (code) => done({ code, stdout, stderr })));
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
