import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import { connect, createServer } from "node:net";
import { dirname, join, resolve } from "node:path";

/** A running Prism server (a mock, or a validating proxy). */
export interface PrismMock {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** Process id of the Prism process. */
  pid: number;
  /** Stops Prism and waits until its process has exited. */
  stop(): Promise<void>;
}

// Generous: Prism takes seconds to boot on an idle machine, much longer on a loaded one.
const STARTUP_TIMEOUT_MS = 120_000;

/**
 * Boots `prism mock` (the project's dev dependency, never downloaded) from an
 * OpenAPI document on a free loopback port, and resolves once it accepts
 * connections. The process is also killed if this process exits first.
 */
export async function startPrism(specFile: string, extraArgs: string[] = []): Promise<PrismMock> {
  return launchPrism(["mock", resolve(specFile)], extraArgs);
}

/**
 * Boots `prism proxy` on a free loopback port: every request is validated
 * against the OpenAPI document and forwarded to `upstream`, and every upstream
 * response is validated against the document too (pass `--errors` in
 * `extraArgs` to turn violations into error responses). Same lifecycle as
 * {@link startPrism}.
 */
export async function startPrismProxy(specFile: string, upstream: string, extraArgs: string[] = []): Promise<PrismMock> {
  return launchPrism(["proxy", resolve(specFile), upstream], extraArgs);
}

async function launchPrism(command: string[], extraArgs: string[]): Promise<PrismMock> {
  const port = await freePort();
  const requireFromRoot = createRequire(join(process.cwd(), "package.json"));
  const packageJson = requireFromRoot.resolve("@stoplight/prism-cli/package.json");
  const bin = join(dirname(packageJson), (requireFromRoot(packageJson) as { bin: { prism: string } }).bin.prism);
  const child = spawn(process.execPath, [bin, ...command, "-h", "127.0.0.1", "-p", String(port), ...extraArgs], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  try {
    await waitForPort(port, child, () => output);
  } catch (error) {
    child.kill("SIGKILL");
    throw error;
  }
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid as number,
    stop: async () => {
      process.removeListener("exit", killOnExit);
      await stopProcess(child);
    },
  };
}

async function waitForPort(port: number, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Prism exited with code ${child.exitCode} before listening:\n${output()}`);
    if (await canConnect(port)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Prism did not listen on port ${port} within ${STARTUP_TIMEOUT_MS} ms:\n${output()}`);
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolvePromise) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolvePromise(true);
    });
    socket.once("error", () => resolvePromise(false));
  });
}

/** Sends SIGTERM, then SIGKILL after a grace period, and waits for the exit. */
export function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolvePromise) => {
    const force = setTimeout(() => child.kill("SIGKILL"), 3000);
    child.once("exit", () => {
      clearTimeout(force);
      resolvePromise();
    });
    child.kill("SIGTERM");
  });
}

// Asks the OS for a free TCP port on the loopback interface.
function freePort(): Promise<number> {
  return new Promise((found, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (address && typeof address === "object" ? found(address.port) : fail(new Error("no port"))));
    });
  });
}
