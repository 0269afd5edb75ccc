/**
 * What the page benchmarks share: where the built page and server are, Debian's Chromium, and a built Paige server
 * started as a child process on a free port with a fixed token (`PAIGE_TOKEN`, issue 17), its `/health` awaited.
 */
import { spawn, execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const webRoot = join(dirname(fileURLToPath(import.meta.url)), '../..');
export const repoRoot = join(webRoot, '../..');
export const dist = join(webRoot, 'dist');
export const serverMain = join(repoRoot, 'apps/server/dist/main.js');
/** The token every benchmark server runs with: a page gets its cookie, a client its Bearer header. */
export const TOKEN = 'paige-bench-token-0123456789abcdef0123';
export const executablePath =
  process.env.PAIGE_CHROMIUM ??
  ['/usr/lib/chromium/chromium', '/usr/bin/chromium'].find((p) => existsSync(p));

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

/** The `p`th percentile (0-100) of `xs`, nearest rank. */
export const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
}

/** Copies a real codebase into `project`: the npm CLI's `lib/` and its package.json. */
export function copyNpmLib(project) {
  const npm = join(execFileSync('npm', ['root', '-g'], { encoding: 'utf8' }).trim(), 'npm');
  mkdirSync(project, { recursive: true });
  cpSync(join(npm, 'lib'), join(project, 'lib'), { recursive: true });
  cpSync(join(npm, 'package.json'), join(project, 'package.json'));
}

/**
 * Starts `apps/server/dist/main.js` with `HOME` = `tmp`, Chroma off and no model reachable unless `env` says
 * otherwise; resolves once `/health` answers 200.
 * @returns `{ url, port, log(), stop() }`; `stop()` ends the server and removes `tmp`.
 * @throws Error with the server's output when it exits or does not answer within 20 s.
 */
export async function startPaige({ tmp, project, dataDir = join(tmp, 'data'), env = {} }) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let output = '';
  const child = spawn(process.execPath, [serverMain], {
    env: {
      PATH: process.env.PATH,
      HOME: tmp,
      PROJECT_DIR: project,
      DATA_DIR: dataDir,
      PORT: String(port),
      PAIGE_TOKEN: TOKEN,
      ANTHROPIC_API_KEY: 'sk-ant-bench',
      ANTHROPIC_BASE_URL: 'http://127.0.0.1:9',
      PAIGE_START_CHROMA: 'false',
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (c) => (output += c));
  child.stderr.on('data', (c) => (output += c));
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`the server exited with code ${child.exitCode}:\n${output}`);
    try {
      if ((await fetch(`${url}/health`)).ok) break;
    } catch {
      // not yet
    }
    if (i > 800) throw new Error(`the server did not answer /health within 20 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 25));
  }
  return {
    url,
    port,
    log: () => output,
    async stop() {
      child.kill('SIGTERM');
      if (child.exitCode === null) await new Promise((r) => child.once('exit', r));
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}
