/**
 * Helpers of the hardening suite: the built server (`dist/main.js`) as a real child process on a free loopback
 * port, and its RSS from /proc.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { readServerJson, registerServerToken } from '../support/harness.js';

export const MAIN_JS = fileURLToPath(new URL('../../dist/main.js', import.meta.url));

export interface SpawnedServer {
  child: ChildProcess;
  url: string;
  port: number;
  /** Everything the process wrote so far (JSON log lines). */
  output(): string;
  /** The token of /ws and /pty from `DATA_DIR/server.json` (registered for `WsClient`). */
  token: string;
}

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/**
 * Spawns `node [nodeArgs] dist/main.js [args]` with `env` (plus a free `PORT`, or `opts.port`) and resolves when
 * `/health` answers 200 and `DATA_DIR/server.json` names this process (`env.DATA_DIR` is required).
 */
export async function spawnServer(
  env: Record<string, string>,
  opts: { nodeArgs?: string[]; timeoutMs?: number; port?: number; args?: string[] } = {},
): Promise<SpawnedServer> {
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const dataDir = env.DATA_DIR;
  if (!dataDir)
    throw new Error('spawnServer needs env.DATA_DIR (the token is read from DATA_DIR/server.json)');
  const port = opts.port ?? (await freePort());
  let out = '';
  const child = spawn(process.execPath, [...(opts.nodeArgs ?? []), MAIN_JS, ...(opts.args ?? [])], {
    env: {
      ...process.env,
      ANTHROPIC_API_KEY: 'sk-ant-test-key',
      PAIGE_START_CHROMA: 'false',
      PAIGE_WATCH: 'false',
      LOG_LEVEL: 'info',
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${out}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server not ready in ${timeoutMs} ms:\n${out}`);
    }
    const ok = await fetch(`${url}/health`).then(
      (r) => r.status === 200,
      () => false,
    );
    const runtime = ok ? readServerJson(dataDir) : undefined;
    if (runtime && runtime.pid === child.pid)
      return { child, url, port, output: () => out, token: registerServerToken(url, runtime.token) };
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Resolves when the child has exited (at once if it already has). */
export function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((r) => child.once('exit', () => r()));
}

/** SIGTERM, then SIGKILL after `graceMs`. */
export async function stopServer(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const done = exited(child);
  child.kill('SIGTERM');
  const t = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await done;
  clearTimeout(t);
}

/** VmRSS of `pid` in bytes. */
export function rssOf(pid: number): number {
  const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m?.[1]) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(m[1]) * 1024;
}

/** VmRSS split as /proc reports it: anonymous (heap, native caches) and file-backed (mmap'd files, code), bytes. */
export function rssBreakdown(pid: number): { anon: number; file: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+)\\s+kB`).exec(status)?.[1] ?? 0) * 1024;
  return { anon: kb('RssAnon'), file: kb('RssFile') };
}
