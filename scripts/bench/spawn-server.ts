import { fork } from "node:child_process";
import { join } from "node:path";

/** The bench server running in a child process. */
export interface ServerProcess {
  url: string;
  pid: number | undefined;
  /** Stops the child (and waits for it to exit). */
  stop(): Promise<void>;
}

/**
 * Forks scripts/bench/server-process.ts (through tsx) and waits for its URL.
 *
 * @param root - The repository root.
 */
export function spawnBenchServer(root: string): Promise<ServerProcess> {
  const child = fork(join(root, "scripts/bench/server-process.ts"), [], {
    cwd: root,
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      if (child.connected) child.send("stop");
      const timer = setTimeout(() => child.kill(), 5_000);
      await exited;
      clearTimeout(timer);
    }
  };
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`the bench server exited early (${code})`)));
    child.once("message", (message) => {
      const url = (message as { url?: unknown }).url;
      if (typeof url === "string") resolve({ url, pid: child.pid, stop });
      else reject(new Error(`unexpected message from the bench server: ${JSON.stringify(message)}`));
    });
  });
}
