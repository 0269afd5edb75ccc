// Benchmarks for @paige/workspace (plain ESM, imports the built dist). Writes bench/results/workspace.json.
import { execFile, spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createWorkspace } from '../dist/index.js';

const execFileP = promisify(execFile);
const resultsFile = fileURLToPath(new URL('../../../bench/results/workspace.json', import.meta.url));

function stats(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  return { median: at(0.5), p99: at(0.99) };
}
const round = (n, d = 3) => Math.round(n * 10 ** d) / 10 ** d;

async function timeMany(n, fn, warmup = 3) {
  for (let i = 0; i < warmup; i++) await fn(i);
  const samples = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn(i);
    samples.push(performance.now() - t0);
  }
  return samples;
}

/** Write many files with bounded concurrency. */
async function writeAll(files, concurrency = 64) {
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const [p, content] = files[next++];
      await writeFile(p, content);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

const results = [];
const base = await mkdtemp(path.join(tmpdir(), 'paige-ws-bench-'));
try {
  // 1. getDiff: 10,000-line file, 10 changed lines.
  {
    const dir = path.join(base, 'diff');
    await mkdir(dir);
    const lines = Array.from(
      { length: 10_000 },
      (_, i) => `const value${i} = computeSomething(${i}, "line ${i}");`,
    );
    await writeFile(path.join(dir, 'big.ts'), `${lines.join('\n')}\n`);
    const changed = [...lines];
    for (let k = 0; k < 10; k++) changed[k * 997 + 13] = `// changed line ${k}`;
    const ws = await createWorkspace({ projectDir: dir });
    await ws.updateBuffer('big.ts', {
      content: `${changed.join('\n')}\n`,
      cursorPosition: { line: 1, column: 1 },
    });
    let hunks = 0;
    const samples = await timeMany(50, async () => {
      const [d] = await ws.getDiff('big.ts');
      hunks = (d?.diff.match(/^@@/gm) ?? []).length;
    });
    const s = stats(samples);
    results.push({
      metric: 'getDiff 10,000-line file, 10 changed lines (read from disk + diff)',
      unit: 'ms',
      target: '< 10',
      median: round(s.median),
      p99: round(s.p99),
      value: round(s.median),
      pass: s.median < 10,
      notes: `50 runs after 3 warm-ups; ${hunks} hunks`,
    });
  }

  // 2. updateBuffer of 200 KB content (library part of buffer:update).
  {
    const dir = path.join(base, 'buf');
    await mkdir(path.join(dir, 'src'), { recursive: true });
    await writeFile(path.join(dir, 'src', 'file.ts'), 'x'.repeat(200 * 1024));
    const ws = await createWorkspace({ projectDir: dir });
    const blob = 'x'.repeat(200 * 1024 - 16);
    const samples = await timeMany(
      1_000,
      (i) =>
        ws.updateBuffer('src/file.ts', {
          content: `${blob}${String(i).padStart(16, '0')}`,
          cursorPosition: { line: 1, column: i + 1 },
        }),
      20,
    );
    const s = stats(samples);
    results.push({
      metric: 'updateBuffer 200 KB content (confinement + cache)',
      unit: 'ms',
      target: '< 5 (p99, end to end measured by the server)',
      median: round(s.median),
      p99: round(s.p99),
      value: round(s.p99),
      pass: s.p99 < 5,
      notes: '1,000 updates after 20 warm-ups; library share of the end-to-end budget',
    });
  }

  // 3. Tree of a generated 50,000-file project vs git ls-files -co --exclude-standard.
  const treeDir = path.join(base, 'tree');
  {
    const files = [];
    const dirs = [];
    for (let m = 0; m < 50; m++) {
      for (let s = 0; s < 10; s++) {
        const d = path.join(treeDir, 'src', `module${m}`, `sub${s}`);
        dirs.push(d);
        for (let f = 0; f < 100; f++)
          files.push([path.join(d, `file${f}.ts`), `export const v${f} = ${f};\n`]);
      }
    }
    const noise = [];
    for (const n of ['node_modules/pkg', 'dist/chunks', 'coverage/lcov', 'build/out']) {
      for (let s = 0; s < 10; s++) {
        const d = path.join(treeDir, n, `d${s}`);
        dirs.push(d);
        for (let f = 0; f < 200; f++) noise.push([path.join(d, `n${f}.js`), 'noise\n']);
      }
    }
    for (let s = 0; s < 5; s++) {
      const d = path.join(treeDir, 'logs', `d${s}`);
      dirs.push(d);
      for (let f = 0; f < 200; f++) noise.push([path.join(d, `run${f}.log`), 'log\n']);
      const t = path.join(treeDir, 'tmp', `d${s}`);
      dirs.push(t);
      for (let f = 0; f < 200; f++) noise.push([path.join(t, `t${f}.txt`), 'tmp\n']);
    }
    await Promise.all(dirs.map((d) => mkdir(d, { recursive: true })));
    await writeAll([...files, ...noise]);
    const noiseCount = noise.length;
    files.length = 0;
    noise.length = 0;
    globalThis.gc?.();
    // Noise dirs are listed in .gitignore too, so git and getTree list the same 50,000 files.
    await writeFile(
      path.join(treeDir, '.gitignore'),
      'node_modules/\ndist/\ncoverage/\nbuild/\n*.log\ntmp/\n',
    );
    const ws = await createWorkspace({ projectDir: treeDir });
    let count = 0;
    const countFiles = (n) =>
      n.type === 'file' ? 1 : (n.children ?? []).reduce((a, c) => a + countFiles(c), 0);
    const treeSamples = await timeMany(
      7,
      async () => {
        count = countFiles(await ws.getTree());
      },
      2,
    );
    const t = stats(treeSamples);
    await execFileP('git', ['init', '-q'], { cwd: treeDir });
    let gitCount = 0;
    const gitSamples = await timeMany(
      7,
      async () => {
        const { stdout } = await execFileP('git', ['ls-files', '-co', '--exclude-standard'], {
          cwd: treeDir,
          maxBuffer: 64 * 1024 * 1024,
        });
        gitCount = stdout.split('\n').filter(Boolean).length;
      },
      2,
    );
    const g = stats(gitSamples);
    results.push({
      metric: 'getTree 50,000-file project (noise dirs + .gitignore excluded)',
      unit: 'ms',
      target: '< 1000',
      median: round(t.median, 1),
      p99: round(t.p99, 1),
      value: round(t.median, 1),
      pass: t.median < 1000,
      notes: `7 runs after 2 warm-ups; ${count} files listed (the root .gitignore included), ${noiseCount} noise files excluded`,
    });
    results.push({
      metric: 'git ls-files -co --exclude-standard, same tree (reference)',
      unit: 'ms',
      target: 'reference',
      median: round(g.median, 1),
      p99: round(g.p99, 1),
      value: round(g.median, 1),
      pass: true,
      notes: `7 runs after 2 warm-ups, process spawn included; ${gitCount} files`,
    });
    const ratio = t.median / g.median;
    results.push({
      metric: 'getTree / git ls-files time ratio',
      unit: 'x',
      target: '<= 2',
      median: round(ratio, 2),
      p99: null,
      value: round(ratio, 2),
      pass: ratio <= 2,
      notes: 'medians',
    });
  }

  // 4. Watcher RSS on the same tree, in a fresh process.
  {
    const child = `
      import { createWorkspace } from ${JSON.stringify(new URL('../dist/index.js', import.meta.url).href)};
      const ws = await createWorkspace({ projectDir: ${JSON.stringify(treeDir)} });
      global.gc?.();
      const before = process.memoryUsage().rss;
      const t0 = performance.now();
      const w = await ws.watch(() => {});
      const readyMs = performance.now() - t0;
      global.gc?.();
      await new Promise((r) => setTimeout(r, 200));
      global.gc?.();
      const after = process.memoryUsage().rss;
      await w.close();
      process.stdout.write(JSON.stringify({ before, after, readyMs }));
    `;
    const out = await new Promise((resolve, reject) => {
      const p = spawn(process.execPath, ['--expose-gc', '--input-type=module', '-e', child], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let buf = '';
      p.stdout.on('data', (d) => (buf += d));
      p.on('exit', (code) =>
        code === 0 ? resolve(JSON.parse(buf)) : reject(new Error(`watcher child exited ${code}`)),
      );
    });
    const mb = (b) => b / (1024 * 1024);
    results.push({
      metric: 'watcher RSS on the 50,000-file tree (process RSS once ready)',
      unit: 'MB',
      target: '< 200',
      median: null,
      p99: null,
      value: round(mb(out.after), 1),
      pass: mb(out.after) < 200,
      notes: `RSS before watch ${round(mb(out.before), 1)} MB, after ready ${round(mb(out.after), 1)} MB (+${round(mb(out.after - out.before), 1)} MB); ready in ${round(out.readyMs, 0)} ms`,
    });
  }
} finally {
  await rm(base, { recursive: true, force: true });
}

await mkdir(path.dirname(resultsFile), { recursive: true });
await writeFile(resultsFile, `${JSON.stringify({ package: '@paige/workspace', results }, null, 2)}\n`);
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
console.log(`wrote ${resultsFile}`);
