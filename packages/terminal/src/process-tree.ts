/**
 * Finding and signalling every process of a terminal session.
 *
 * A PTY's child is a session leader (node-pty calls `setsid()` before `exec`), so its pid is also its session id and
 * its first process group id. An interactive shell puts each job in a process group of its own, so "the session's
 * whole process group" means every process whose session id is the leader's pid: on Linux they are read from
 * `/proc/<pid>/stat`; elsewhere the leader's process group is used (what `kill -- -<pid>` reaches). A process that
 * called `setsid()` itself (a daemon) has left the session on purpose and is not touched.
 */
import { readFileSync, readdirSync } from 'node:fs';

const HAS_PROC = process.platform === 'linux';

/**
 * Pids of the live (not zombie) processes whose session id is `sid`, the leader included while it lives.
 * Linux: from `/proc`; elsewhere: `[sid]` when the process group `sid` still has a member, else `[]`.
 */
export function sessionMembers(sid: number): number[] {
  if (!HAS_PROC) return groupAlive(sid) ? [sid] : [];
  const out: number[] = [];
  let names: string[];
  try {
    names = readdirSync('/proc');
  } catch {
    return groupAlive(sid) ? [sid] : [];
  }
  for (const name of names) {
    const c = name.charCodeAt(0);
    if (c < 48 || c > 57) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    // pid (comm) state ppid pgrp session ...; comm may hold spaces and parentheses: split after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const state = fields[0];
    if (state === 'Z' || state === 'X' || state === 'x') continue;
    if (Number(fields[3]) === sid) out.push(Number(name));
  }
  return out;
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Sends `signal` to every member of session `sid` (see {@link sessionMembers}); off Linux, to the process group.
 * Processes that exit meanwhile are skipped. Returns how many were signalled.
 */
export function signalSession(sid: number, signal: NodeJS.Signals): number {
  if (!HAS_PROC) {
    try {
      process.kill(-sid, signal);
      return 1;
    } catch {
      return 0;
    }
  }
  let n = 0;
  for (const pid of sessionMembers(sid)) {
    try {
      process.kill(pid, signal);
      n += 1;
    } catch {
      // gone already
    }
  }
  return n;
}

/**
 * Hangs up session `sid` the way closing a terminal does, then makes sure: `SIGHUP` and `SIGCONT` (stopped jobs must
 * run to see the hangup) to every member, a wait of up to `graceMs` for them to exit, then `SIGKILL` to whatever is
 * left and a further wait of up to 1 s. Resolves with the pids that had to be killed.
 */
export async function hangUpSession(sid: number, graceMs: number, pollMs = 25): Promise<number[]> {
  signalSession(sid, 'SIGHUP');
  signalSession(sid, 'SIGCONT');
  if (await waitUntilGone(sid, graceMs, pollMs)) return [];
  const left = sessionMembers(sid);
  signalSession(sid, 'SIGKILL');
  await waitUntilGone(sid, 1000, pollMs);
  return left;
}

/** Polls until session `sid` has no live member; resolves `false` after `timeoutMs`. */
export async function waitUntilGone(sid: number, timeoutMs: number, pollMs = 25): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (sessionMembers(sid).length === 0) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((r) => setTimeout(r, pollMs));
  }
}
