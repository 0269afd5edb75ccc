/**
 * Benchmark (issue 24, DESIGN section 8: "kata Run -> results, trivial JavaScript kata: p50 < 500 ms; /health p99 <
 * 50 ms during 10 concurrent runs"):
 * - `runKata` alone: a trivial JavaScript kata (two tests), SAMPLES runs one after another;
 * - through the server (the built `apps/server/dist/main.js` on a free port): `practice:run` -> `practice:run_result`
 *   over a real WebSocket, SAMPLES runs one after another; then ten runs sent at once from ten windows while `/health` is polled, its
 *   p99 reported.
 * Writes bench/results/runner.json. Needs `pnpm build` (runner, store, server). `SAMPLES=n` changes the sample count.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { runKata } from '../dist/index.js';

const SAMPLES = Number(process.env.SAMPLES ?? 30);
const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '../../..');
const serverMain = join(repo, 'apps/server/dist/main.js');
const { openDatabase, createKata, recordKnowledgeGap } = await import(
  pathToFileURL(join(repo, 'packages/store/dist/index.js')).href
);
const WebSocket = createRequire(join(repo, 'apps/server/package.json'))('ws');

const tests = {
  language: 'javascript',
  preamble: "import { add } from './solution.js';",
  cases: [
    { name: 'adds two numbers', code: 'assert.equal(add(1, 2), 3);' },
    { name: 'adds negatives', code: 'assert.equal(add(-1, -2), -3);' },
  ],
};
const solution = 'export function add(a, b) {\n  return a + b;\n}\n';

const q = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
const stats = (values) => {
  const s = [...values].sort((a, b) => a - b);
  return { median: Math.round(q(s, 0.5) * 10) / 10, p99: Math.round(q(s, 0.99) * 10) / 10 };
};

// 1. runKata alone.
for (let i = 0; i < 2; i++) await runKata({ language: 'javascript', solution, tests });
const direct = [];
for (let i = 0; i < SAMPLES; i++) {
  const t0 = performance.now();
  const r = await runKata({ language: 'javascript', solution, tests });
  direct.push(performance.now() - t0);
  if (r.status !== 'passed') throw new Error(`run ${i}: ${r.status} ${r.message}`);
}

// 2. Through the server.
const port = await new Promise((res) => {
  const s = createServer();
  s.listen(0, '127.0.0.1', () => {
    const p = s.address().port;
    s.close(() => res(p));
  });
});
const projectDir = mkdtempSync(join(tmpdir(), 'paige-bench-runner-project-'));
writeFileSync(join(projectDir, 'README.md'), '# bench\n');
const dataDir = mkdtempSync(join(tmpdir(), 'paige-bench-runner-data-'));
const db = openDatabase(join(dataDir, 'paige.db'));
const gap = recordKnowledgeGap(db, { sessionId: null, topic: 'bench', severity: 'low', evidence: 'bench' });
const kataId = createKata(db, {
  knowledgeGapId: gap.id,
  title: 'Add',
  description: 'Add two numbers.',
  scaffoldingCode: '',
  instructorNotes: 'n',
  tests,
}).id;
db.close();
const child = spawn(process.execPath, [serverMain], {
  env: {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    PORT: String(port),
    HOST: '127.0.0.1',
    PROJECT_DIR: projectDir,
    DATA_DIR: dataDir,
    ANTHROPIC_API_KEY: 'sk-ant-bench-unused',
    ANTHROPIC_BASE_URL: 'http://127.0.0.1:9',
    PAIGE_START_CHROMA: 'false',
    PAIGE_WATCH: 'false',
    LOG_LEVEL: 'warn',
  },
  stdio: ['ignore', 'ignore', 'inherit'],
});
const url = `http://127.0.0.1:${port}`;
for (let i = 0; ; i++) {
  if (
    await fetch(`${url}/health`).then(
      (r) => r.ok,
      () => false,
    )
  )
    break;
  if (i > 3000) throw new Error('server not ready');
  await new Promise((r) => setTimeout(r, 10));
}
const token = JSON.parse(readFileSync(join(dataDir, 'server.json'), 'utf8')).token;
/** One window: a WebSocket after `connection:hello`, with `run()` timing `practice:run` -> `practice:run_result`. */
async function connect() {
  const ws = new WebSocket(`${url.replace('http', 'ws')}/ws`, {
    headers: { authorization: `Bearer ${token}` },
  });
  await new Promise((res, rej) => {
    ws.once('open', res);
    ws.once('error', rej);
  });
  const waiters = new Map();
  ws.on('message', (data) => {
    const msg = JSON.parse(data.toString());
    if (msg.type === 'connection:init') waiters.get('init')?.(msg);
    const w = waiters.get(msg.id);
    if (w && msg.type !== 'practice:run_queued') {
      waiters.delete(msg.id);
      w(msg);
    }
  });
  const init = new Promise((r) => waiters.set('init', r));
  ws.send(
    JSON.stringify({
      type: 'connection:hello',
      payload: { version: '1.0.0', platform: 'linux', windowSize: { width: 1280, height: 800 } },
    }),
  );
  await init;
  let seq = 0;
  return {
    ws,
    async run() {
      const id = `b${seq++}`;
      const reply = new Promise((r) => waiters.set(id, r));
      const t0 = performance.now();
      ws.send(JSON.stringify({ type: 'practice:run', payload: { kataId, code: solution }, id }));
      const msg = await reply;
      if (msg.type !== 'practice:run_result' || msg.payload.result.status !== 'passed')
        throw new Error(`unexpected ${JSON.stringify(msg).slice(0, 300)}`);
      return performance.now() - t0;
    },
  };
}
const main = await connect();
const run = () => main.run();
for (let i = 0; i < 2; i++) await run();
const viaServer = [];
for (let i = 0; i < SAMPLES; i++) viaServer.push(await run());

// Ten runs at once; /health polled meanwhile.
const health = [];
let going = true;
const poll = (async () => {
  while (going) {
    const t0 = performance.now();
    await fetch(`${url}/health`);
    health.push(performance.now() - t0);
    await new Promise((r) => setTimeout(r, 5));
  }
})();
const windows = await Promise.all(Array.from({ length: 10 }, () => connect()));
const t10 = performance.now();
const ten = await Promise.all(windows.map((w) => w.run()));
const tenWall = performance.now() - t10;
going = false;
await poll;
for (const w of [main, ...windows]) w.ws.close();
child.kill('SIGTERM');
await new Promise((r) => child.once('exit', r));
rmSync(projectDir, { recursive: true, force: true });
rmSync(dataDir, { recursive: true, force: true });

const d = stats(direct);
const s = stats(viaServer);
const h = stats(health);
const t = stats(ten);
const results = [
  {
    metric: 'runKata, trivial JavaScript kata (2 tests)',
    unit: 'ms',
    target: null,
    ...d,
    value: d.median,
    pass: true,
    notes: `${SAMPLES} runs one after another`,
  },
  {
    metric: 'Run -> results over /ws, trivial JavaScript kata',
    unit: 'ms',
    target: 'p50 < 500',
    ...s,
    value: s.median,
    pass: s.median < 500,
    notes: `${SAMPLES} runs one after another`,
  },
  {
    metric: '/health during 10 concurrent runs',
    unit: 'ms',
    target: 'p99 < 50',
    ...h,
    value: h.p99,
    pass: h.p99 < 50,
    notes: `${health.length} polls; the ten runs took ${Math.round(tenWall)} ms (2 at once, 8 queued), each ${t.median} ms median, ${t.p99} ms p99`,
  },
];
const out = join(repo, 'bench/results/runner.json');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(
  out,
  `${JSON.stringify({ package: '@paige/runner', loadavg: loadavg().map((x) => Math.round(x * 100) / 100), results }, null, 2)}\n`,
);
console.table(
  results.map((r) => ({ metric: r.metric, target: r.target, median: r.median, p99: r.p99, pass: r.pass })),
);
console.log(`wrote ${out}`);
