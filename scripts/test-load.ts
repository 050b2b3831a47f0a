/**
 * `npm run test:load`: runs `npm test` while busy loops hold every core (one
 * process per CPU spinning at full speed), as on a shared CI host, to show that no
 * test depends on how fast the machine is. Prints the wall time; exits with the
 * suite's exit code. The busy loops are stopped (by their pids) whatever happens.
 *
 * Options: `--loops N` (default: one per CPU); anything after `--` goes to jest.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { availableParallelism } from "node:os";

function option(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

const loops = Number(option("--loops") ?? availableParallelism());
if (!Number.isInteger(loops) || loops < 1) {
  console.error("test:load: --loops needs a positive whole number");
  process.exit(2);
}
const separator = process.argv.indexOf("--");
const jestArgs = separator >= 0 ? process.argv.slice(separator + 1) : [];

const spinners: ChildProcess[] = Array.from({ length: loops }, () =>
  spawn(process.execPath, ["-e", "for (;;) {}"], { stdio: "ignore" }),
);
const stopSpinners = () => {
  for (const spinner of spinners) if (spinner.exitCode === null && spinner.signalCode === null) spinner.kill("SIGKILL");
};
process.once("exit", stopSpinners);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    stopSpinners();
    process.exit(130);
  });
}

console.log(`test:load: ${loops} busy loop(s) running (pids ${spinners.map((s) => s.pid).join(", ")}); starting npm test`);
const started = Date.now();
const npmArgs = ["test", ...(jestArgs.length > 0 ? ["--", ...jestArgs] : [])];
const suite = spawn("npm", npmArgs, { stdio: "inherit", shell: process.platform === "win32" });
suite.once("close", (code, signal) => {
  stopSpinners();
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`test:load: npm test ended (${code ?? signal}) after ${seconds} s while ${loops} busy loop(s) ran`);
  process.exit(code ?? 1);
});
