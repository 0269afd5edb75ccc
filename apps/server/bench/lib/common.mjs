/** Shared helpers of the server benchmarks (not a benchmark itself: run.mjs only runs bench/*.mjs). */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer as createNetServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * The server the benchmarks spawn: this package's build, or `PAIGE_BENCH_MAIN_JS` (another checkout's
 * `apps/server/dist/main.js`), so the same measurement runs against two builds (issue 25 item 4: before/after).
 */
export const MAIN_JS =
  process.env.PAIGE_BENCH_MAIN_JS ?? fileURLToPath(new URL('../../dist/main.js', import.meta.url));

/** Nearest-rank quantile of an ascending array. */
export function quantile(sorted, q) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export function stats(values) {
  const s = [...values].sort((a, b) => a - b);
  return { p50: median(s), p99: quantile(s, 0.99), max: s[s.length - 1], min: s[0], n: s.length };
}

export const round = (n, digits = 2) =>
  Number.isFinite(n) ? Math.round(n * 10 ** digits) / 10 ** digits : n;

/** A free TCP port on 127.0.0.1. */
export async function freePort() {
  return await new Promise((resolve, reject) => {
    const s = createNetServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** RSS of a process in bytes, from /proc/<pid>/status (VmRSS). */
export function rssOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = /VmRSS:\s+(\d+)\s+kB/.exec(status);
  if (!m) throw new Error(`no VmRSS for ${pid}`);
  return Number(m[1]) * 1024;
}

export const MB = 1024 * 1024;

/**
 * Spawns `node dist/main.js` with `env` on a free port and resolves once `/health` answers 200.
 * Returns `{ child, port, url, token, readyMs, output() }`; `readyMs` is spawn -> first 200; `token` is the token of
 * `/ws` and `/pty` from the runtime file `DATA_DIR/server.json` (issue 17; `undefined` without `env.DATA_DIR`).
 */
export async function spawnServer(env, { pollMs = 2, timeoutMs = 30_000, nodeArgs = [] } = {}) {
  const port = await freePort();
  let out = '';
  const t0 = performance.now();
  const child = spawn(process.execPath, [...nodeArgs, MAIN_JS], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', ...env, ...benchEnv() },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (d) => (out += d.toString()));
  child.stderr.on('data', (d) => (out += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited ${child.exitCode} before ready:\n${out}`);
    if (performance.now() - t0 > timeoutMs) {
      child.kill('SIGKILL');
      throw new Error(`server not ready in ${timeoutMs} ms:\n${out}`);
    }
    const ok = await fetch(`${url}/health`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) break;
    await new Promise((r) => setTimeout(r, pollMs));
  }
  const readyMs = performance.now() - t0;
  const token =
    env.DATA_DIR === undefined
      ? undefined
      : JSON.parse(readFileSync(join(env.DATA_DIR, 'server.json'), 'utf8')).token;
  return { child, port, url, token, readyMs, output: () => out };
}

/** Sends SIGTERM and waits for exit (SIGKILL after `graceMs`). */
export async function stopChild(child, graceMs = 5000) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const t = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(t);
}

/** Writes `/work/main/bench/results/server-<name>.json` and prints a table. */
export function writeResults(name, results) {
  // PAIGE_BENCH_LABEL (e.g. `old`, `new`) keeps the results of two builds apart.
  const label = process.env.PAIGE_BENCH_LABEL ? `-${process.env.PAIGE_BENCH_LABEL}` : '';
  const out = fileURLToPath(
    new URL(`../../../../bench/results/server-${name}${label}.json`, import.meta.url),
  );
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify({ package: '@paige/server', results }, null, 2)}\n`);
  console.table(
    results.map((r) => ({
      metric: r.metric,
      unit: r.unit,
      target: r.target,
      median: r.median,
      p99: r.p99,
      value: r.value,
      pass: r.pass,
    })),
  );
  console.log(`wrote ${out}`);
}

/**
 * The server package the in-process benchmarks run: this package's `dist/index.js`, or `PAIGE_BENCH_INDEX_JS` (another
 * checkout's `apps/server/dist/index.js`) to measure two builds the same way.
 */
export async function importServer() {
  const path =
    process.env.PAIGE_BENCH_INDEX_JS ?? fileURLToPath(new URL('../../dist/index.js', import.meta.url));
  return await import(pathToFileURL(path).href);
}

/** The inspectable parts of a started server (`server.parts`; builds before issue 25 called it `server.context`). */
export function partsOf(server) {
  return server.parts ?? server.context;
}

/**
 * Extra server settings from `PAIGE_BENCH_ENV` (a JSON object), e.g. `{"PAIGE_GC_PACING":"true"}` for a build that still
 * has that knob; empty by default.
 */
export function benchEnv() {
  return process.env.PAIGE_BENCH_ENV ? JSON.parse(process.env.PAIGE_BENCH_ENV) : {};
}
