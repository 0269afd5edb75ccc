/**
 * The `paige` binary as a user runs it (Story 1, issue 19 item 1): `--help` and `--version` without any setting,
 * configuration failures exit 1 naming the variable, a port in use is one line and exit 1, `PROJECT_DIR` defaults to
 * the current directory, an option beats the environment, and SIGTERM shuts down gracefully (exit 0, each step logged).
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getSession, openDatabase } from '@paige/store';
import { afterAll, describe, expect, it } from 'vitest';
import { openInBrowser } from '../../src/open-browser.js';
import { connectMcp, readServerJson, registerServerToken, WsClient } from '../support/harness.js';

const BIN = fileURLToPath(new URL('../../dist/main.js', import.meta.url));
const temp: string[] = [];
const tempDir = (p: string) => {
  const d = mkdtempSync(join(tmpdir(), p));
  temp.push(d);
  return d;
};
afterAll(() => {
  for (const d of temp) rmSync(d, { recursive: true, force: true });
});

const PACKAGE_VERSION = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

function run(
  env: Record<string, string>,
  opts: { untilReady?: boolean; args?: string[]; cwd?: string } = {},
) {
  const child = spawn(process.execPath, [BIN, ...(opts.args ?? [])], {
    env: { PATH: process.env.PATH ?? '', HOME: tempDir('paige-home-'), LOG_FORMAT: 'json', ...env },
    cwd: opts.cwd ?? tempDir('paige-cwd-'),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const ready = opts.untilReady
    ? new Promise<void>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`not ready: ${stdout}${stderr}`)), 15_000);
        child.stdout.on('data', () => {
          if (stdout.includes('ready on')) {
            clearTimeout(t);
            resolve();
          }
        });
      })
    : Promise.resolve();
  return { child, exited, ready, out: () => stdout, err: () => stderr };
}

function listenOn(port = 0): Promise<Server> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(port, '127.0.0.1', () => resolve(s));
  });
}

describe('Story 1: configuration and lifecycle of the binary', () => {
  it('--help prints every option and variable and exits 0 with no settings at all', async () => {
    const p = run({}, { args: ['--help'] });
    expect(await p.exited).toBe(0);
    for (const text of [
      'Usage: paige',
      '--project DIR',
      '--port N',
      '--host H',
      '--data-dir DIR',
      '--env-file FILE',
      '--open',
      'ANTHROPIC_API_KEY',
      'PAIGE_WATCH',
    ]) {
      expect(p.out()).toContain(text);
    }
    expect(p.err()).toBe('');
  });

  it('--version prints the package version and exits 0', async () => {
    const p = run({}, { args: ['--version'] });
    expect(await p.exited).toBe(0);
    expect(p.out()).toBe(`${PACKAGE_VERSION}\n`);
  });

  it('an unknown option -> exit 2 with a pointer to --help', async () => {
    const p = run({}, { args: ['--prot', '4000'] });
    expect(await p.exited).toBe(2);
    expect(p.err()).toBe("paige: unknown option '--prot'\nRun 'paige --help' for the options.\n");
  });

  it('missing ANTHROPIC_API_KEY -> exit 1 naming it (PROJECT_DIR defaults to the current directory)', async () => {
    const p = run({});
    expect(await p.exited).toBe(1);
    expect(p.err()).toContain('ANTHROPIC_API_KEY is required');
    expect(p.err()).not.toContain('PROJECT_DIR');
  });

  it('a port in use -> one line naming the port and what to do, exit 1, nothing opened or logged', async () => {
    const busy = await listenOn();
    const port = (busy.address() as { port: number }).port;
    try {
      const dataDir = join(tempDir('paige-d-'), 'data');
      const p = run({
        PROJECT_DIR: tempDir('paige-p-'),
        ANTHROPIC_API_KEY: 'k',
        DATA_DIR: dataDir,
        PORT: String(port),
        PAIGE_START_CHROMA: 'false',
      });
      expect(await p.exited).toBe(1);
      const lines = p.err().split('\n').filter(Boolean);
      expect(lines).toEqual([
        `paige: port ${port} is already in use on 127.0.0.1 (another Paige, or another program): stop it, or start with --port N (PORT=N; 0 picks a free port)`,
      ]);
      expect(p.out()).toBe('');
    } finally {
      busy.close();
    }
  });

  it('PROJECT_DIR defaults to the current directory, and --port beats PORT from the environment', async () => {
    const busy = await listenOn();
    const project = realpathSync(tempDir('paige-cwd-project-'));
    try {
      const p = run(
        {
          ANTHROPIC_API_KEY: 'k',
          DATA_DIR: tempDir('paige-d-'),
          PORT: String((busy.address() as { port: number }).port),
          PAIGE_START_CHROMA: 'false',
          PAIGE_WATCH: 'false',
        },
        { untilReady: true, cwd: project, args: ['--port', '0'] },
      );
      await p.ready;
      const ready = p
        .out()
        .split('\n')
        .map((l) => (l ? (JSON.parse(l) as Record<string, unknown>) : {}))
        .find((l) => String(l.msg).startsWith('ready on'));
      expect(ready).toMatchObject({ projectDir: project, version: PACKAGE_VERSION });
      expect(ready?.port).not.toBe((busy.address() as { port: number }).port);
      p.child.kill('SIGTERM');
      expect(await p.exited).toBe(0);
    } finally {
      busy.close();
    }
  });

  it('an empty ANTHROPIC_API_KEY -> exit 1 naming it', async () => {
    const p = run({ PROJECT_DIR: tempDir('paige-p-'), ANTHROPIC_API_KEY: '' });
    expect(await p.exited).toBe(1);
    expect(p.err()).toContain('ANTHROPIC_API_KEY');
    expect(p.err()).not.toContain('PROJECT_DIR');
  });

  it('a PROJECT_DIR that does not exist -> exit 1 saying the path does not exist', async () => {
    const p = run({ PROJECT_DIR: '/definitely/not/here', ANTHROPIC_API_KEY: 'k' });
    expect(await p.exited).toBe(1);
    expect(p.err()).toMatch(/does not exist.*\/definitely\/not\/here/);
  });

  it('SIGTERM -> graceful shutdown, each step logged, exit 0; the API key never appears in the log', async () => {
    const dataDir = join(tempDir('paige-d-'), 'nested', 'data');
    const p = run(
      {
        PROJECT_DIR: tempDir('paige-p-'),
        ANTHROPIC_API_KEY: 'sk-ant-secret-value',
        DATA_DIR: dataDir,
        PORT: '0',
        PAIGE_START_CHROMA: 'false',
      },
      { untilReady: true },
    );
    await p.ready;
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
    const out = p.out();
    for (const step of [
      'shutdown requested',
      'closing mcp transports',
      'closing websocket clients',
      'closing database',
      'shutdown complete',
    ]) {
      expect(out).toContain(step);
    }
    expect(out).not.toContain('sk-ant-secret-value');
    expect(out).toContain(dataDir);
  });

  it('--open with the web face turned off: a warning naming the server URL, nothing opened, the server keeps running', async () => {
    const bin = tempDir('paige-bin-');
    const opened = join(bin, 'opened.txt');
    writeFileSync(join(bin, 'xdg-open'), `#!/bin/sh\necho "$1" > ${opened}\n`);
    chmodSync(join(bin, 'xdg-open'), 0o755);
    const p = run(
      {
        PROJECT_DIR: tempDir('paige-p-'),
        ANTHROPIC_API_KEY: 'k',
        DATA_DIR: tempDir('paige-d-'),
        PORT: '0',
        PAIGE_START_CHROMA: 'false',
        PAIGE_WATCH: 'false',
        PAIGE_WEB: 'false',
        PATH: `${bin}:${process.env.PATH ?? ''}`,
      },
      { untilReady: true, args: ['--open'] },
    );
    await p.ready;
    await new Promise((r) => setTimeout(r, 300));
    expect(p.out()).toMatch(
      /--open: nothing to open, the web face is not available \(turned off \(PAIGE_WEB=false\)\); the server runs on http:\/\/127\.0\.0\.1:\d+/,
    );
    expect(() => readFileSync(opened)).toThrow();
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
  });

  it('--open with the built web face: the browser opens the token URL of this server', async () => {
    const bin = tempDir('paige-bin-');
    const opened = join(bin, 'opened.txt');
    writeFileSync(join(bin, 'xdg-open'), `#!/bin/sh\necho "$1" > ${opened}\n`);
    chmodSync(join(bin, 'xdg-open'), 0o755);
    const dataDir = tempDir('paige-d-');
    const p = run(
      {
        PROJECT_DIR: tempDir('paige-p-'),
        ANTHROPIC_API_KEY: 'k',
        DATA_DIR: dataDir,
        PORT: '0',
        PAIGE_START_CHROMA: 'false',
        PAIGE_WATCH: 'false',
        PATH: `${bin}:${process.env.PATH ?? ''}`,
      },
      { untilReady: true, args: ['--open'] },
    );
    await p.ready;
    await eventuallyRead(opened);
    const runtime = readServerJson(dataDir);
    expect(readFileSync(opened, 'utf8').trim()).toBe(`${runtime?.url}/?token=${runtime?.token}`);
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
  });

  it('Story 1 AS-8: SIGTERM with a live MCP session and two windows: MCP transports closed, windows get 1001, each step logged, exit 0', async () => {
    const dataDir = tempDir('paige-d-');
    const p = run(
      {
        PROJECT_DIR: tempDir('paige-p-'),
        ANTHROPIC_API_KEY: 'sk-ant-test-key',
        ANTHROPIC_BASE_URL: 'http://127.0.0.1:9',
        DATA_DIR: dataDir,
        PORT: '0',
        PAIGE_START_CHROMA: 'false',
        PAIGE_WATCH: 'false',
        LOG_LEVEL: 'debug',
      },
      { untilReady: true },
    );
    await p.ready;
    const port = Number(/"port":(\d+)/.exec(p.out())?.[1]);
    const url = `http://127.0.0.1:${port}`;
    registerServerToken(url, readServerJson(dataDir)?.token ?? '');
    const mcp = await connectMcp(url);
    const mcpSessionId = mcp.transport.sessionId as string;
    const started = await mcp.client.callTool({
      name: 'paige_start_session',
      arguments: { issueTitle: 'Shut down cleanly' },
    });
    const sessionId = (started.structuredContent as { sessionId: string }).sessionId;
    const windows = [(await WsClient.hello(url)).client, (await WsClient.hello(url)).client];

    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
    for (const w of windows) {
      await expect.poll(() => w.closed?.code, { timeout: 5000 }).toBe(1001);
      expect(w.closed?.reason).toBe('server shutting down');
    }
    const out = p.out();
    const steps = [
      'shutdown requested',
      'closing http listener',
      'closing mcp transports',
      'closing websocket clients',
      'stopping session services',
      'closing database',
      'shutdown complete',
    ];
    let at = -1;
    for (const step of steps) {
      const i = out.indexOf(step, at + 1);
      expect(i, `"${step}" logged after the previous step`).toBeGreaterThan(at);
      at = i;
    }
    // the live MCP session's transport was closed by the shutdown, not left to the client
    const closed = out
      .split('\n')
      .filter((l) => l.includes('"mcp session closed"'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(closed).toContainEqual(expect.objectContaining({ mcpSessionId, why: 'server shutdown' }));
    await mcp.close().catch(() => undefined);
    // the coaching session is suspended, not ended: the next start resumes it (DESIGN section 3)
    const db = openDatabase(join(dataDir, 'paige.db'));
    try {
      expect(getSession(db, sessionId)?.status).toBe('active');
    } finally {
      db.close();
    }
  });
});

describe('Issue 19: --open starts the platform opener and never fails the server', () => {
  it('runs xdg-open with the URL (a recording xdg-open first on PATH)', async () => {
    const bin = tempDir('paige-bin-');
    const opened = join(bin, 'opened.txt');
    writeFileSync(join(bin, 'xdg-open'), `#!/bin/sh\necho "$1" > ${opened}\n`);
    chmodSync(join(bin, 'xdg-open'), 0o755);
    const oldPath = process.env.PATH;
    process.env.PATH = `${bin}:${oldPath ?? ''}`;
    const failures: string[] = [];
    try {
      openInBrowser('http://127.0.0.1:4321/', { platform: 'linux', onFailure: (m) => failures.push(m) });
    } finally {
      process.env.PATH = oldPath;
    }
    await eventuallyRead(opened);
    expect(readFileSync(opened, 'utf8').trim()).toBe('http://127.0.0.1:4321/');
    expect(failures).toEqual([]);
  });

  it('no opener on PATH: one failure message naming the URL, nothing thrown', async () => {
    const failures: string[] = [];
    const oldPath = process.env.PATH;
    process.env.PATH = tempDir('paige-empty-path-');
    try {
      expect(() =>
        openInBrowser('http://127.0.0.1:4321/', { platform: 'linux', onFailure: (m) => failures.push(m) }),
      ).not.toThrow();
    } finally {
      process.env.PATH = oldPath;
    }
    await new Promise((r) => setTimeout(r, 200));
    expect(failures).toEqual([
      'could not open a browser (xdg-open not found): open http://127.0.0.1:4321/ yourself',
    ]);
  });
});

async function eventuallyRead(path: string): Promise<void> {
  for (let i = 0; i < 50; i += 1) {
    try {
      readFileSync(path);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
