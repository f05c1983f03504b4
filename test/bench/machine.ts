import { execFileSync } from "node:child_process";
import { cpus, loadavg, totalmem } from "node:os";

/** The machine a benchmark ran on, as printed at the top of the report. */
export interface MachineInfo {
  readonly cpuModel: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly node: string;
  readonly os: string;
  readonly softHsm: string;
  /** The 1-minute load average when the run started and when it ended. */
  readonly loadAtStart: number;
}

function softHsmVersion(): string {
  try {
    return execFileSync("softhsm2-util", ["--version"], { encoding: "utf8" }).trim();
  } catch {
    return "not installed";
  }
}

function osRelease(): string {
  try {
    const text = execFileSync("cat", ["/etc/os-release"], { encoding: "utf8" });
    return /^PRETTY_NAME="?([^"\n]*)"?/m.exec(text)?.[1] ?? process.platform;
  } catch {
    return process.platform;
  }
}

/** Reads the CPU model, core count, memory, Node version, OS, SoftHSM version and current load. */
export function describeMachine(): MachineInfo {
  const list = cpus();
  return {
    cpuModel: list[0]?.model.trim() ?? "unknown",
    cores: list.length,
    memoryGiB: totalmem() / 1024 ** 3,
    node: process.version,
    os: osRelease(),
    softHsm: softHsmVersion(),
    loadAtStart: loadavg()[0] ?? 0,
  };
}
