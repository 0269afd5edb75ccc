/**
 * One child process with limits: spawned leading its own process group, wall-time timer, output cap, cancellation,
 * and at the end the whole group killed and any process left in the run folder swept, so nothing outlives a run.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, readdir, readlink } from 'node:fs/promises';
import type { KataRunLimits } from './limits.js';

/** How a limited process ended. */
export interface LimitedProcessResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  outputExceeded: boolean;
  cancelled: boolean;
  /** The first bytes of stdout/stderr, at most `keepBytes` each. */
  stdout: string;
  stderr: string;
  /** Bytes of stdout + stderr seen in all (counted up to the point of the kill). */
  outputBytes: number;
  truncated: boolean;
  spawnError: NodeJS.ErrnoException | null;
}

export interface LimitedProcessOptions {
  command: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  limits: KataRunLimits;
  /** Address-space cap in bytes for the child (RLIMIT_AS). */
  addressSpaceBytes: number;
  /** stdout/stderr bytes kept for the result, each. */
  keepBytes: number;
  /** A value set in the child's environment; any process still carrying it at the end is killed. */
  marker: { name: string; value: string };
  signal?: AbortSignal;
}

const PRLIMIT =
  ['/usr/bin/prlimit', '/bin/prlimit', '/usr/local/bin/prlimit'].find((p) => existsSync(p)) ?? null;

/** Wraps a command so the kernel applies the memory, file-size and process caps before it runs. */
function wrapWithLimits(opts: LimitedProcessOptions): { command: string; args: string[] } {
  const { limits } = opts;
  if (PRLIMIT !== null) {
    const caps = [`--as=${opts.addressSpaceBytes}`, `--fsize=${limits.fileSizeBytes}`, '--core=0'];
    if (limits.maxProcesses !== null) caps.push(`--nproc=${limits.maxProcesses}`);
    return { command: PRLIMIT, args: [...caps, '--', opts.command, ...opts.args] };
  }
  const kib = Math.floor(opts.addressSpaceBytes / 1024);
  const nproc = limits.maxProcesses !== null ? ` ulimit -u ${limits.maxProcesses};` : '';
  return {
    command: '/bin/sh',
    args: ['-c', `ulimit -v ${kib}; ulimit -c 0;${nproc} exec "$@"`, 'kata', opts.command, ...opts.args],
  };
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // The group is already gone.
  }
}

/**
 * Kills every process (Linux `/proc`) whose working directory is inside `dir` or whose environment carries the run's
 * marker: a grandchild that left the process group (`setsid`, `detached`) is caught this way unless it also changed
 * folder and cleared its environment. Returns the pids killed.
 */
export async function sweepRunProcesses(
  dir: string,
  marker: { name: string; value: string },
): Promise<number[]> {
  let entries: string[];
  try {
    entries = await readdir('/proc');
  } catch {
    return [];
  }
  const needle = `${marker.name}=${marker.value}`;
  const killed: number[] = [];
  await Promise.all(
    entries.map(async (entry) => {
      if (!/^\d+$/.test(entry)) return;
      const pid = Number(entry);
      if (pid === process.pid) return;
      let hit = false;
      try {
        const cwd = await readlink(`/proc/${entry}/cwd`);
        hit = cwd === dir || cwd.startsWith(`${dir}/`);
      } catch {
        // Not ours to read, or gone.
      }
      if (!hit) {
        try {
          const environ = await readFile(`/proc/${entry}/environ`, 'latin1');
          hit = environ.split('\0').includes(needle);
        } catch {
          // Not ours to read, or gone.
        }
      }
      if (hit) {
        try {
          process.kill(pid, 'SIGKILL');
          killed.push(pid);
        } catch {
          // Gone meanwhile.
        }
      }
    }),
  );
  return killed;
}

/**
 * Runs a command under the limits. Never rejects: spawn failures come back in `spawnError`.
 */
export function runLimited(opts: LimitedProcessOptions): Promise<LimitedProcessResult> {
  return new Promise((resolve) => {
    const { command, args } = wrapWithLimits(opts);
    const kept = { stdout: [] as Buffer[], stderr: [] as Buffer[] };
    const keptBytes = { stdout: 0, stderr: 0 };
    let outputBytes = 0;
    let truncated = false;
    let timedOut = false;
    let outputExceeded = false;
    let cancelled = false;
    let spawnError: NodeJS.ErrnoException | null = null;
    let settled = false;

    const child = spawn(command, args, {
      cwd: opts.cwd,
      env: opts.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const pid = child.pid;

    const onData = (stream: 'stdout' | 'stderr') => (chunk: Buffer) => {
      outputBytes += chunk.length;
      const room = opts.keepBytes - keptBytes[stream];
      if (room > 0) {
        const part = chunk.length <= room ? chunk : chunk.subarray(0, room);
        kept[stream].push(part);
        keptBytes[stream] += part.length;
        if (part.length < chunk.length) truncated = true;
      } else {
        truncated = true;
      }
      if (outputBytes > opts.limits.outputBytes && !outputExceeded) {
        outputExceeded = true;
        truncated = true;
        killGroup(pid);
      }
    };
    child.stdout.on('data', onData('stdout'));
    child.stderr.on('data', onData('stderr'));

    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(pid);
    }, opts.limits.wallTimeMs);

    const onAbort = (): void => {
      cancelled = true;
      killGroup(pid);
    };
    if (opts.signal) {
      if (opts.signal.aborted) onAbort();
      else opts.signal.addEventListener('abort', onAbort, { once: true });
    }

    const finish = async (exitCode: number | null, signal: NodeJS.Signals | null): Promise<void> => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      // Whatever happened, nothing of the run survives it: the group first, then stragglers that left it.
      killGroup(pid);
      await sweepRunProcesses(opts.cwd, opts.marker);
      // Let buffered output drain briefly, then stop reading (a straggler could hold the pipes open).
      await new Promise<void>((r) => {
        if (child.stdout.readableEnded && child.stderr.readableEnded) return r();
        const t = setTimeout(r, 100);
        child.once('close', () => {
          clearTimeout(t);
          r();
        });
      });
      child.stdout.destroy();
      child.stderr.destroy();
      resolve({
        exitCode,
        signal,
        timedOut,
        outputExceeded,
        cancelled,
        stdout: Buffer.concat(kept.stdout).toString('utf8'),
        stderr: Buffer.concat(kept.stderr).toString('utf8'),
        outputBytes,
        truncated,
        spawnError,
      });
    };

    child.once('error', (err: NodeJS.ErrnoException) => {
      spawnError = err;
      void finish(null, null);
    });
    child.once('exit', (code, signal) => {
      void finish(code, signal);
    });
  });
}
