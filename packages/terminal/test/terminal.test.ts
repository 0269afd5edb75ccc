/**
 * Terminal sessions on real PTYs (issue 17 item 1): a shell runs, echoes input, resizes, exits with its code, and
 * every process of its session is gone after it closes, after the manager closes, and after its owner is SIGKILLed.
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  createTerminalManager,
  resolveTerminalCommand,
  sessionMembers,
  TerminalError,
  type TerminalManager,
  type TerminalSession,
} from '../src/index.js';

const ENV = { PATH: process.env.PATH ?? '/usr/bin:/bin', PS1: '$ ', HOME: tmpdir() };
const managers: TerminalManager[] = [];
const temp: string[] = [];
afterEach(async () => {
  await Promise.all(managers.splice(0).map((m) => m.close()));
});
afterAll(() => {
  for (const d of temp) rmSync(d, { recursive: true, force: true });
});

function manager(graceMs = 500): TerminalManager {
  const m = createTerminalManager({ killGraceMs: graceMs });
  managers.push(m);
  return m;
}

/** Collects a session's output as text and resolves when it matches. */
function output(session: TerminalSession): {
  text(): string;
  waitFor(re: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
} {
  let text = '';
  const waiters: Array<() => void> = [];
  session.onData((chunk) => {
    text += chunk.toString('utf8');
    for (const w of waiters.splice(0)) w();
  });
  return {
    text: () => text,
    waitFor(re, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(new Error(`timed out waiting for ${String(re)}; got ${JSON.stringify(text.slice(-400))}`)),
          timeoutMs,
        );
        const check = () => {
          const m = re.exec(text);
          if (m) {
            clearTimeout(timer);
            resolve(m);
          } else waiters.push(check);
        };
        check();
      });
    },
  };
}

/** True while `pid` runs (a zombie, dead but not yet reaped by its new parent, counts as gone). */
const alive = (pid: number) => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !['Z', 'X'].includes(stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3));
  } catch {
    return false;
  }
};

async function eventually(fn: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!fn()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('issue 17: terminal sessions', () => {
  it('a shell runs in the working directory, echoes input and prints what it ran', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'paige-term-cwd-'));
    temp.push(cwd);
    const s = manager().spawn({ file: 'sh', cwd, env: ENV });
    const out = output(s);
    s.write('echo paige-$((6 * 7)); pwd\r');
    await out.waitFor(/paige-42/);
    await out.waitFor(new RegExp(cwd.replace(/[/.]/g, '\\$&')));
    expect(out.text()).toContain('echo paige-$((6 * 7))'); // the PTY echoes the typed line
    expect(s.bytesOut).toBeGreaterThan(0);
  });

  it('input as bytes reaches the process unchanged (UTF-8 both ways)', async () => {
    const s = manager().spawn({ file: 'sh', cwd: tmpdir(), env: { ...ENV, LANG: 'C.UTF-8' } });
    const out = output(s);
    s.write(new TextEncoder().encode('echo "héllo wörld ✓" | tr h H\r'));
    await out.waitFor(/Héllo wörld ✓/);
  });

  it('resizes: the process sees the new size; zero or absurd sizes are rejected', async () => {
    const s = manager().spawn({ file: 'sh', cwd: tmpdir(), env: ENV, cols: 100, rows: 30 });
    const out = output(s);
    s.write('stty size\r');
    await out.waitFor(/30 100\r\n/);
    s.resize(132, 43);
    expect([s.cols, s.rows]).toEqual([132, 43]);
    s.write('stty size\r');
    await out.waitFor(/43 132\r\n/);
    for (const [c, r] of [
      [0, 24],
      [80, 0],
      [-5, 24],
      [80.5, 24],
      [1001, 24],
      [80, 501],
      [65_536, 65_536],
      [Number.NaN, 24],
    ] as const) {
      expect(() => s.resize(c, r), `${c}x${r}`).toThrow(TerminalError);
      expect(() => s.resize(c, r)).toThrow(/columns must be 1\.\.1000 and rows 1\.\.500/);
    }
    expect(() => manager().spawn({ file: 'sh', cwd: tmpdir(), env: ENV, cols: 0, rows: 24 })).toThrow(
      /invalid terminal size/,
    );
  });

  it('reports the exit code; input and resize after the exit are refused with a clear message', async () => {
    const m = manager();
    const s = m.spawn({ file: 'sh', cwd: tmpdir(), env: ENV });
    const exited = new Promise((r) => s.onExit(r));
    s.write('exit 3\r');
    expect(await exited).toEqual({ exitCode: 3, signal: null });
    expect(s.exit).toEqual({ exitCode: 3, signal: null });
    let err: unknown;
    try {
      s.write('echo late\r');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TerminalError);
    expect((err as TerminalError).code).toBe('PTY_EXITED');
    expect((err as TerminalError).message).toBe(
      'input refused: the terminal process exited with code 3; open a new terminal to go on',
    );
    expect(() => s.resize(90, 20)).toThrow(/resize refused: the terminal process exited with code 3/);
    await eventually(() => m.sessions.size === 0);
  });

  it('a signal that ends the process is reported by name', async () => {
    const s = manager().spawn({ file: 'sh', cwd: tmpdir(), env: ENV });
    const out = output(s);
    s.write('echo $((40 + 2))\r');
    await out.waitFor(/42/);
    const exited = new Promise((r) => s.onExit(r));
    process.kill(s.pid, 'SIGKILL');
    expect(await exited).toEqual({ exitCode: null, signal: 'SIGKILL' });
  });

  it('closing hangs up the whole session: a background job that ignores SIGHUP is killed too', async () => {
    const m = manager(300);
    const s = m.spawn({ file: 'sh', cwd: tmpdir(), env: ENV });
    const out = output(s);
    s.write('sh -c \'trap "" HUP; exec sleep 300\' & echo JOB=$!\r');
    const job = Number((await out.waitFor(/JOB=(\d+)/))[1]);
    expect(sessionMembers(s.pid)).toEqual(expect.arrayContaining([s.pid, job]));
    const exit = await s.close();
    expect(exit.signal).toBe('SIGHUP');
    expect(sessionMembers(s.pid)).toEqual([]);
    expect(alive(job)).toBe(false);
    expect(m.sessions.size).toBe(0);
    expect(s.close()).toBe(s.close()); // idempotent
  });

  it('when the shell exits by itself, the jobs it left behind are ended as well', async () => {
    const m = manager(300);
    const s = m.spawn({ file: 'sh', cwd: tmpdir(), env: ENV });
    const out = output(s);
    s.write('sh -c \'trap "" HUP; exec sleep 300\' & echo JOB=$!\r');
    const job = Number((await out.waitFor(/JOB=(\d+)/))[1]);
    s.write('exit 0\r');
    await eventually(() => m.sessions.size === 0);
    expect(alive(job)).toBe(false);
  });

  it('pause holds a flood back in the kernel (the process blocks); resume lets it go on', async () => {
    const s = manager().spawn({ file: 'sh', cwd: tmpdir(), env: ENV });
    s.write('yes paige-flood\r');
    await eventually(() => s.bytesOut > 1_000_000);
    s.pause();
    expect(s.paused).toBe(true);
    await new Promise((r) => setTimeout(r, 100)); // whatever was in flight arrives
    const held = s.bytesOut;
    await new Promise((r) => setTimeout(r, 500));
    // a PTY buffers a few KiB at most: nothing more is read while paused, whatever `yes` would write
    expect(s.bytesOut - held).toBeLessThan(64 * 1024);
    s.resume();
    await eventually(() => s.bytesOut > held + 1_000_000);
  });

  it('close() of the manager ends every session and the watchdog', async () => {
    const m = createTerminalManager({ killGraceMs: 300 });
    const a = m.spawn({ file: 'sh', cwd: tmpdir(), env: ENV });
    const b = m.spawn({ file: 'sh', cwd: tmpdir(), env: ENV });
    const watchdog = m.watchdogPid;
    expect(watchdog).toBeGreaterThan(0);
    await m.close();
    expect(sessionMembers(a.pid)).toEqual([]);
    expect(sessionMembers(b.pid)).toEqual([]);
    await eventually(() => !alive(watchdog!));
    expect(() => m.spawn({ file: 'sh', cwd: tmpdir(), env: ENV })).toThrow(/closed/);
  });

  it('a SIGKILLed owner leaves no process behind: the watchdog hangs up its sessions', async () => {
    const fixture = fileURLToPath(new URL('./fixtures/parent.mjs', import.meta.url));
    const parent = spawn(process.execPath, [fixture], {
      stdio: ['ignore', 'pipe', 'inherit'],
      cwd: tmpdir(),
    });
    const info = await new Promise<{ leader: number; job: number; watchdog: number }>((resolve, reject) => {
      let buf = '';
      parent.stdout.on('data', (d: Buffer) => {
        buf += d.toString();
        const line = buf.split('\n')[0];
        if (buf.includes('\n') && line)
          resolve(JSON.parse(line) as { leader: number; job: number; watchdog: number });
      });
      parent.once('exit', (code) => reject(new Error(`fixture exited ${String(code)}`)));
    });
    expect(alive(info.leader) && alive(info.job) && alive(info.watchdog)).toBe(true);
    parent.kill('SIGKILL');
    await eventually(() => sessionMembers(info.leader).length === 0 && !alive(info.job), 8000);
    await eventually(() => !alive(info.watchdog), 5000);
  });

  it('spawn errors are clear: a missing working directory or executable', () => {
    const m = manager();
    expect(() => m.spawn({ file: 'sh', cwd: '/nonexistent/paige', env: ENV })).toThrow(
      /working directory \/nonexistent\/paige does not exist/,
    );
    expect(() => m.spawn({ file: 'no-such-paige-command', cwd: tmpdir(), env: ENV })).toThrow(
      /no-such-paige-command is not an executable on PATH/,
    );
    expect(() => m.spawn({ file: '/nonexistent/bin/x', cwd: tmpdir(), env: ENV })).toThrow(
      /\/nonexistent\/bin\/x is not an executable$/,
    );
  });
});

describe('issue 17: which command a terminal runs', () => {
  const bin = mkdtempSync(join(tmpdir(), 'paige-term-bin-'));
  temp.push(bin);
  const claude = join(bin, 'claude');
  writeFileSync(claude, '#!/bin/sh\nexit 0\n');
  chmodSync(claude, 0o755);

  it('PAIGE_TERMINAL_COMMAND wins and runs through /bin/sh -c', () => {
    expect(
      resolveTerminalCommand({ command: 'exec htop -d 5', searchPath: bin, shell: '/bin/bash' }),
    ).toEqual({
      kind: 'custom',
      file: '/bin/sh',
      args: ['-c', 'exec htop -d 5'],
      label: 'htop',
    });
  });

  it('otherwise Claude Code with the Paige plugin when claude is on PATH', () => {
    expect(
      resolveTerminalCommand({
        command: '  ',
        searchPath: `/nonexistent:${bin}`,
        pluginDir: '/repo/apps/claude-plugin',
        shell: '/bin/bash',
      }),
    ).toEqual({
      kind: 'claude',
      file: claude,
      args: ['--plugin-dir', '/repo/apps/claude-plugin'],
      label: 'claude',
    });
  });

  it("otherwise the user's $SHELL, or /bin/sh when $SHELL is unusable", () => {
    expect(resolveTerminalCommand({ searchPath: '/nonexistent', shell: '/bin/sh' })).toMatchObject({
      kind: 'shell',
      file: '/bin/sh',
      label: 'sh',
    });
    expect(resolveTerminalCommand({ searchPath: '', shell: 'relative-shell' })).toMatchObject({
      kind: 'shell',
      file: '/bin/sh',
    });
    expect(resolveTerminalCommand({ shell: '/nonexistent/zsh' })).toMatchObject({
      kind: 'shell',
      file: '/bin/sh',
    });
  });
});
