// Starts the built Paige server on a free loopback port with a throwaway project and data dir, runs a
// callback with its URL, and stops it (SIGTERM). Shared by the conformance and inspector checks.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Runs `fn(url)` against a freshly started server; extra env is merged in. */
export async function withServer(fn, env = {}) {
  const project = mkdtempSync(join(tmpdir(), 'paige-check-project-'));
  const data = mkdtempSync(join(tmpdir(), 'paige-check-data-'));
  writeFileSync(join(project, 'hello.ts'), 'export const hello = (name: string) => `hi ${name}`;\n');
  const port = await freePort();
  const child = spawn(process.execPath, [join(root, 'apps/server/dist/main.js')], {
    env: {
      ...process.env,
      PROJECT_DIR: project,
      DATA_DIR: data,
      PORT: String(port),
      ANTHROPIC_API_KEY: process.env.ANTHROPIC_API_KEY ?? 'sk-ant-offline-check',
      PAIGE_START_CHROMA: process.env.PAIGE_START_CHROMA ?? 'false',
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    const deadline = Date.now() + 20_000;
    for (;;) {
      try {
        const r = await fetch(`${url}/health`);
        if (r.ok) break;
      } catch {
        // not up yet
      }
      if (Date.now() > deadline) throw new Error('server did not become healthy');
      await new Promise((r) => setTimeout(r, 100));
    }
    return await fn(url);
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(project, { recursive: true, force: true });
    rmSync(data, { recursive: true, force: true });
  }
}

/** Runs a command, inheriting stdio; resolves with its exit code. */
export function run(cmd, args) {
  return new Promise((resolve) => {
    const c = spawn(cmd, args, { stdio: 'inherit' });
    c.on('exit', (code) => resolve(code ?? 1));
  });
}
