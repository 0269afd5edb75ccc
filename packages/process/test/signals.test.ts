/**
 * `stopOnSignals` in a real child process (DESIGN section 5, issue 26 item 1: "clean SIGTERM"): a real HTTP server
 * stopped by SIGTERM or SIGINT exits 0 after its log is flushed; a second signal exits 1 at once; a failed stop exits 1.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { stopOnSignals } from '../src/index.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/stoppable.mjs', import.meta.url));

interface Run {
  lines: Array<Record<string, unknown>>;
  port: number;
  signal(s: NodeJS.Signals): void;
  exited: Promise<{ code: number | null; ms: number }>;
}

async function start(env: Record<string, string> = {}): Promise<Run> {
  const child = spawn(process.execPath, [FIXTURE], {
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines: Array<Record<string, unknown>> = [];
  let buffer = '';
  let signalledAt = 0;
  child.stdout.on('data', (d: Buffer) => {
    buffer += d.toString();
    const parts = buffer.split('\n');
    buffer = parts.pop() ?? '';
    for (const p of parts) if (p) lines.push(JSON.parse(p) as Record<string, unknown>);
  });
  const exited = new Promise<{ code: number | null; ms: number }>((resolve) =>
    child.on('exit', (code) => resolve({ code, ms: performance.now() - signalledAt })),
  );
  const deadline = Date.now() + 10_000;
  while (!lines.some((l) => l.msg === 'ready')) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error('the fixture did not start');
    await new Promise((r) => setTimeout(r, 20));
  }
  const port = Number(lines.find((l) => l.msg === 'ready')?.port);
  return {
    lines,
    port,
    signal(s) {
      if (!signalledAt) signalledAt = performance.now();
      child.kill(s);
    },
    exited,
  };
}

const messages = (run: Run) => run.lines.map((l) => l.msg);

describe('stopOnSignals (a real child process)', () => {
  it('SIGTERM: stops the server, logs, flushes the log, then exits 0', async () => {
    const run = await start();
    expect(await (await fetch(`http://127.0.0.1:${run.port}/`)).text()).toBe('ok');
    run.signal('SIGTERM');
    const { code } = await run.exited;
    expect(code).toBe(0);
    expect(messages(run)).toEqual(['ready', 'shutdown requested', 'shutdown complete', 'flushed']);
    expect(run.lines[1]).toMatchObject({ level: 'info', signal: 'SIGTERM' });
    await expect(fetch(`http://127.0.0.1:${run.port}/`)).rejects.toThrow();
  });

  it('SIGINT (Ctrl+C) stops it the same way', async () => {
    const run = await start();
    run.signal('SIGINT');
    expect((await run.exited).code).toBe(0);
    expect(run.lines[1]).toMatchObject({ msg: 'shutdown requested', signal: 'SIGINT' });
    expect(messages(run)).toContain('flushed');
  });

  it('a second signal during a slow stop exits 1 at once', async () => {
    const run = await start({ STOP_DELAY_MS: '10000' });
    run.signal('SIGTERM');
    await new Promise((r) => setTimeout(r, 200));
    run.signal('SIGTERM');
    const { code, ms } = await run.exited;
    expect(code).toBe(1);
    expect(ms).toBeLessThan(5_000);
    expect(messages(run)).toEqual(['ready', 'shutdown requested', 'second signal: exiting now']);
    expect(run.lines[2]).toMatchObject({ level: 'warn', signal: 'SIGTERM' });
  });

  it('a stop that fails logs why, flushes, and exits 1', async () => {
    const run = await start({ STOP_FAILS: '1' });
    run.signal('SIGTERM');
    expect((await run.exited).code).toBe(1);
    expect(messages(run)).toEqual(['ready', 'shutdown requested', 'shutdown failed', 'flushed']);
    expect(run.lines[2]).toMatchObject({ level: 'error', err: 'the database did not close' });
  });
});

describe('stopOnSignals (in process)', () => {
  it('returns a function that removes its handlers', () => {
    const before = process.listenerCount('SIGTERM');
    const remove = stopOnSignals(
      { stop: () => Promise.resolve() },
      { info: () => undefined, warn: () => undefined, error: () => undefined, flush: (cb) => cb() },
      { exit: () => undefined },
    );
    expect(process.listenerCount('SIGTERM')).toBe(before + 1);
    expect(process.listenerCount('SIGINT')).toBeGreaterThan(0);
    remove();
    expect(process.listenerCount('SIGTERM')).toBe(before);
  });

  it('handles only the signals it is given, and calls exit with the code', async () => {
    const codes: number[] = [];
    const stopped: string[] = [];
    const remove = stopOnSignals(
      { stop: async () => void stopped.push('stop') },
      { info: () => undefined, warn: () => undefined, error: () => undefined, flush: (cb) => cb() },
      { signals: ['SIGUSR2'], exit: (code) => void codes.push(code) },
    );
    try {
      process.kill(process.pid, 'SIGUSR2');
      const deadline = Date.now() + 2_000;
      while (codes.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      expect(stopped).toEqual(['stop']);
      expect(codes).toEqual([0]);
    } finally {
      remove();
    }
  });
});
