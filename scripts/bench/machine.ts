import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg, totalmem } from "node:os";

/** What the numbers were measured on. */
export interface MachineInfo {
  node: string;
  cores: number;
  cpu: string;
  memoryGiB: number;
  /** 1, 5 and 15 minute load averages when the bench started (other load skews wall times). */
  loadAverage: number[];
  /** `git rev-parse --short HEAD`, with `+dirty` when the work tree has changes. */
  revision: string;
}

function cpuModel(): string {
  try {
    const line = readFileSync("/proc/cpuinfo", "utf8")
      .split("\n")
      .find((text) => text.startsWith("model name"));
    if (line) return line.split(":").slice(1).join(":").trim();
  } catch {
    // Not Linux: fall back to what Node reports.
  }
  return cpus()[0]?.model ?? "unknown";
}

function revision(root: string): string {
  const git = (...args: string[]) => spawnSync("git", args, { cwd: root, encoding: "utf8" });
  const head = git("rev-parse", "--short", "HEAD");
  if (head.status !== 0) return "unknown";
  const dirty = git("status", "--porcelain", "--untracked-files=no").stdout.trim() !== "";
  return `${head.stdout.trim()}${dirty ? "+dirty" : ""}`;
}

/** Describes this machine (Node version, cores, CPU model from /proc/cpuinfo, memory) and the code's revision. */
export function machineInfo(root: string): MachineInfo {
  return {
    node: process.version,
    cores: availableParallelism(),
    cpu: cpuModel(),
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    loadAverage: loadavg(),
    revision: revision(root),
  };
}
