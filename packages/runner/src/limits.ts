import { RunnerError } from './errors.js';

/**
 * The limits of one run (issue 24 item 2), each configurable. They protect Paige and the machine from a runaway
 * solution; they do not make running untrusted code safe.
 */
export interface KataRunLimits {
  /** Wall time of the whole run in milliseconds; the process group is killed at the limit (default 10,000). */
  wallTimeMs: number;
  /**
   * Memory in MiB (default 512). Node: the V8 heap (`--max-old-space-size`) plus an address-space cap of this
   * value + 1,024 MiB (V8 reserves address space up front). Python: an address-space cap of this value + 256 MiB.
   */
  memoryMb: number;
  /** stdout + stderr bytes before the run is killed with status `output_limit` (default 1 MiB). */
  outputBytes: number;
  /** Largest file the run may write, in bytes (default 16 MiB; applied only where `prlimit` exists). */
  fileSizeBytes: number;
  /**
   * Process cap (`RLIMIT_NPROC`), or `null` for none (the default: the cap counts every process of the user, and
   * root ignores it). Whatever the cap, the whole process group is killed at the end of every run.
   */
  maxProcesses: number | null;
}

/** The default limits (issue 24 item 2: 10 s wall time, 1 MiB of output). */
export const DEFAULT_LIMITS: Readonly<KataRunLimits> = Object.freeze({
  wallTimeMs: 10_000,
  memoryMb: 512,
  outputBytes: 1024 * 1024,
  fileSizeBytes: 16 * 1024 * 1024,
  maxProcesses: null,
});

function checkRange(name: string, value: number, min: number, max: number): void {
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new RunnerError(
      'INVALID_LIMITS',
      `limit ${name} must be a number from ${min} to ${max}, got ${String(value)}`,
    );
  }
}

/**
 * Merges partial limits over {@link DEFAULT_LIMITS}.
 * @throws RunnerError `INVALID_LIMITS` when a limit is not a finite number in its range.
 */
export function resolveLimits(partial: Partial<KataRunLimits> = {}): KataRunLimits {
  const limits: KataRunLimits = { ...DEFAULT_LIMITS, ...partial };
  checkRange('wallTimeMs', limits.wallTimeMs, 100, 10 * 60_000);
  checkRange('memoryMb', limits.memoryMb, 32, 64 * 1024);
  checkRange('outputBytes', limits.outputBytes, 1024, 1024 * 1024 * 1024);
  checkRange('fileSizeBytes', limits.fileSizeBytes, 1024, 64 * 1024 * 1024 * 1024);
  if (limits.maxProcesses !== null) checkRange('maxProcesses', limits.maxProcesses, 1, 100_000);
  return limits;
}
