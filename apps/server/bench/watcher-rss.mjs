/**
 * Benchmark (issue 4, DESIGN section 8): RSS of the spawned server (`node dist/main.js`, Chroma off) watching a
 * generated 50,000-file project (2,500 directories of 20 small files, plus a `node_modules` and a `.gitignore`d
 * folder that the watcher must skip). RSS = VmRSS from /proc/<pid>/status once the server is idle: sampled every
 * second for 45 s after the "file watcher ready" log, the value is the last sample. The initial walk leaves ~150 MB of
 * garbage promoted to V8's old space; V8's memory reducer collects it (a compacting GC) some 20 s after allocation
 * stops, so a sample at 3 s measures the walk's garbage, not what the server holds. The notes give both.
 * Writes /work/main/bench/results/server-watcher.json.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MB, round, rssOf, spawnServer, stopChild, writeResults } from './lib/common.mjs';

const FILES = 50_000;
const PER_DIR = 20;
const TARGET_MB = 200;

const projectDir = mkdtempSync(join(tmpdir(), 'paige-bench-watch-project-'));
const dataDir = mkdtempSync(join(tmpdir(), 'paige-bench-watch-data-'));
const g0 = performance.now();
for (let d = 0; d < FILES / PER_DIR; d += 1) {
  const dir = join(projectDir, 'src', `pkg${Math.floor(d / 50)}`, `mod${d}`);
  mkdirSync(dir, { recursive: true });
  for (let f = 0; f < PER_DIR; f += 1)
    writeFileSync(join(dir, `file${f}.ts`), `export const v${f} = ${d * PER_DIR + f};\n`);
}
mkdirSync(join(projectDir, 'node_modules', 'dep'), { recursive: true });
writeFileSync(join(projectDir, 'node_modules', 'dep', 'index.js'), 'module.exports = 1;\n');
mkdirSync(join(projectDir, 'build'), { recursive: true });
writeFileSync(join(projectDir, 'build', 'out.js'), '1;\n');
writeFileSync(join(projectDir, '.gitignore'), 'build/\n');
const genMs = performance.now() - g0;
console.log(`generated ${FILES} files in ${round(genMs, 0)} ms`);

const s = await spawnServer({
  PROJECT_DIR: projectDir,
  DATA_DIR: dataDir,
  ANTHROPIC_API_KEY: 'sk-ant-bench-unused',
  PAIGE_START_CHROMA: 'false',
  PAIGE_WATCH: 'true',
  LOG_LEVEL: 'info',
});
const w0 = performance.now();
while (!s.output().includes('file watcher ready')) {
  if (s.output().includes('file watcher failed')) throw new Error(`watcher failed:\n${s.output()}`);
  if (performance.now() - w0 > 120_000) throw new Error('watcher not ready in 120 s');
  await new Promise((r) => setTimeout(r, 50));
}
const watchReadyMs = performance.now() - w0;
const rssAtReady = rssOf(s.child.pid);
const IDLE_SECONDS = 45;
const samples = [];
for (let i = 1; i <= IDLE_SECONDS; i += 1) {
  await new Promise((r) => setTimeout(r, 1000));
  samples.push(rssOf(s.child.pid));
}
const rss = samples.at(-1);
const rssAt3s = samples[2];
// the first second at which RSS is within 10% of the idle value (the memory reducer has run)
const settledAt = samples.findIndex((x) => x <= rss * 1.1) + 1;
await stopChild(s.child);
rmSync(projectDir, { recursive: true, force: true });
rmSync(dataDir, { recursive: true, force: true });

const mb = round(rss / MB, 1);
writeResults('watcher', [
  {
    metric: 'RSS idle with the watcher on a 50,000-file tree',
    unit: 'MB',
    target: `< ${TARGET_MB}`,
    median: mb,
    p99: null,
    value: mb,
    pass: mb < TARGET_MB,
    notes: `VmRSS ${IDLE_SECONDS} s after "file watcher ready" (ready ${round(watchReadyMs, 0)} ms after HTTP ready): ${round(rssAtReady / MB, 1)} MB at ready, ${round(rssAt3s / MB, 1)} MB 3 s later (the walk's garbage in V8's old space), within 10% of the idle value from ${settledAt} s on (V8's memory reducer). ${FILES} files in ${FILES / PER_DIR} dirs, plus ignored node_modules and .gitignore'd build/.`,
  },
]);
