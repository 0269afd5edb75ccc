/**
 * Benchmark (issue 2, DESIGN section 8): ms from spawning `node dist/main.js` to the first 200 on `/health`,
 * median of 5 cold starts (Chroma excluded: `PAIGE_START_CHROMA=false`, watcher on as in production), and the
 * RSS of the idle server read from /proc/<pid>/status (VmRSS) 3 s after ready.
 *
 * Diagnosis (in the notes): the same spawn-to-exit time for a bare `node -e 0`, for importing `dist/index.js`
 * alone, and for importing each heavy dependency alone, so a slow start names its cause.
 * Writes /work/main/bench/results/server-startup.json.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MB, median, round, rssOf, spawnServer, stopChild, writeResults } from './lib/common.mjs';

const RUNS = 5;
const TARGET_MS = 500;
const TARGET_RSS_MB = 120;
const IDLE_WAIT_MS = 3000;

const projectDir = mkdtempSync(join(tmpdir(), 'paige-bench-startup-project-'));
writeFileSync(join(projectDir, 'README.md'), '# bench\n');
writeFileSync(join(projectDir, 'index.js'), 'console.log("hello");\n');

const readies = [];
const rsses = [];
const logged = [];
for (let i = 0; i < RUNS; i += 1) {
  const dataDir = mkdtempSync(join(tmpdir(), 'paige-bench-startup-data-'));
  const s = await spawnServer({
    PROJECT_DIR: projectDir,
    DATA_DIR: dataDir,
    ANTHROPIC_API_KEY: 'sk-ant-bench-unused',
    PAIGE_START_CHROMA: 'false',
    LOG_LEVEL: 'info',
  });
  readies.push(s.readyMs);
  await new Promise((r) => setTimeout(r, IDLE_WAIT_MS));
  rsses.push(rssOf(s.child.pid));
  const m = /"startupMs":(\d+)/.exec(s.output());
  if (m) logged.push(Number(m[1]));
  await stopChild(s.child);
  rmSync(dataDir, { recursive: true, force: true });
  console.log(`run ${i + 1}: ready ${round(s.readyMs, 1)} ms, idle RSS ${round(rsses.at(-1) / MB, 1)} MB`);
}
rmSync(projectDir, { recursive: true, force: true });

/** Wall time of a child `node` that imports `spec` and exits, median of 3. */
function importMs(spec) {
  const times = [];
  for (let i = 0; i < 3; i += 1) {
    const code = spec ? `await import(${JSON.stringify(spec)})` : '0';
    const t0 = performance.now();
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      stdio: 'ignore',
    });
    if (r.status !== 0) return NaN;
    times.push(performance.now() - t0);
  }
  return median(times);
}
const bare = importMs(null);
const breakdown = {};
for (const spec of [
  fileURLToPath(new URL('../dist/index.js', import.meta.url)),
  '@paige/coaching',
  '@paige/workspace',
  '@paige/llm',
  '@paige/store',
  '@modelcontextprotocol/sdk/server/mcp.js',
  '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js',
  '@paige/observer',
  '@paige/protocol',
  '@paige/memory',
  'zod',
]) {
  const name = spec.endsWith('index.js')
    ? 'dist/index.js'
    : spec.replace('@modelcontextprotocol/sdk/server/', 'mcp-sdk/');
  breakdown[name] = round(importMs(spec) - bare, 0);
}
const breakdownText = Object.entries(breakdown)
  .map(([k, v]) => `${k} +${v}`)
  .join(', ');
console.log(
  `bare node ${round(bare, 0)} ms; import cost over bare node (ms, each alone, overlapping): ${breakdownText}`,
);

const readyMedian = round(median(readies), 1);
const rssMedianMb = round(median(rsses) / MB, 1);
writeResults('startup', [
  {
    metric: 'server ready: spawn `node dist/main.js` -> first 200 on /health (Chroma off)',
    unit: 'ms',
    target: `< ${TARGET_MS}`,
    median: readyMedian,
    p99: round(Math.max(...readies), 1),
    value: readyMedian,
    pass: readyMedian < TARGET_MS,
    notes: `${RUNS} cold starts, /health polled every 2 ms; runs ${readies.map((r) => round(r, 0)).join(', ')} ms. The server's own ready log (after its imports) says ${logged.join(', ')} ms. Bare \`node -e 0\` spawn-to-exit: ${round(bare, 0)} ms. Import cost over bare node, each module alone (overlapping, ms): ${breakdownText}.`,
  },
  {
    metric: 'RSS idle after start (small project, watcher on, Chroma off)',
    unit: 'MB',
    target: `< ${TARGET_RSS_MB}`,
    median: rssMedianMb,
    p99: null,
    value: rssMedianMb,
    pass: rssMedianMb < TARGET_RSS_MB,
    notes: `VmRSS from /proc/<pid>/status ${IDLE_WAIT_MS} ms after ready; runs ${rsses.map((r) => round(r / MB, 1)).join(', ')} MB.`,
  },
]);
