/**
 * The `paige-server` binary as a user runs it (Story 1): configuration failures exit 1 naming the
 * variable, and SIGTERM shuts down gracefully (exit 0, each step logged).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

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

function run(env: Record<string, string>, opts: { untilReady?: boolean } = {}) {
  const child = spawn(process.execPath, [BIN], {
    env: { PATH: process.env.PATH ?? '', HOME: tempDir('paige-home-'), ...env },
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

describe('Story 1: configuration and lifecycle of the binary', () => {
  it('missing PROJECT_DIR and ANTHROPIC_API_KEY -> exit 1 naming each variable', async () => {
    const p = run({});
    expect(await p.exited).toBe(1);
    expect(p.err()).toContain('PROJECT_DIR');
    expect(p.err()).toContain('ANTHROPIC_API_KEY');
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
      { PROJECT_DIR: tempDir('paige-p-'), ANTHROPIC_API_KEY: 'sk-ant-secret-value', DATA_DIR: dataDir, PORT: '0', PAIGE_START_CHROMA: 'false' },
      { untilReady: true },
    );
    await p.ready;
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
    const out = p.out();
    for (const step of ['shutdown requested', 'closing mcp transports', 'closing websocket clients', 'closing database', 'shutdown complete']) {
      expect(out).toContain(step);
    }
    expect(out).not.toContain('sk-ant-secret-value');
    expect(out).toContain(dataDir);
  });
});
