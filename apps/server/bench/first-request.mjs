/**
 * Benchmark (issue 20 item 8, primary Story 12 "immediate response (<100ms)"): the first request after a start is as
 * fast as the tenth. Every cold sample is a fresh `node dist/main.js` (watcher on, Chroma off, as in production); the
 * request is sent the moment `/health` first answers 200, with no warm-up request before it:
 *
 * - first `dashboard:request` -> `dashboard:state` over a real WebSocket, on a data dir seeded with 1,000,000
 *   action_log and 100,000 api_call_log rows, `statsPeriod: 'all'` (the full-history aggregate);
 * - first MCP `initialize` (a raw JSON-RPC POST to /mcp, response read to its end);
 * - first `file:open` -> `fs:content` over a real WebSocket.
 *
 * The WebSocket connect and the `connection:hello` handshake come before the timed request and are reported on their
 * own. Warm: in the same process, the tenth request of the same kind. Targets: dashboard < 100 ms, initialize and
 * file:open < 50 ms, each cold median. Also reported: the server's ready time in these runs (DESIGN section 8: < 500 ms).
 *
 * No model call and no network: `PAIGE_DAILY_BUDGET_USD=0` refuses the optional calls, `PAIGE_GH_PATH` points at a
 * missing executable. Writes bench/results/server-first-request.json. `SAMPLES=n` changes the number of cold samples.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '@paige/store';
import { seedBenchmarkData } from '@paige/store/testing';
import WebSocket from 'ws';
import { median, round, spawnServer, stopChild, writeResults } from './lib/common.mjs';

const SAMPLES = Number(process.env.SAMPLES ?? 7);
const ACTIONS = 1_000_000;
const API_CALLS = 100_000;
const WARM_NTH = 10;

const projectDir = mkdtempSync(join(tmpdir(), 'paige-bench-first-project-'));
writeFileSync(join(projectDir, 'README.md'), '# bench\n');
writeFileSync(
  join(projectDir, 'index.ts'),
  Array.from({ length: 200 }, (_, i) => `export const v${i} = ${i};`).join('\n') + '\n',
);
const seededDir = mkdtempSync(join(tmpdir(), 'paige-bench-first-seeded-'));
const seedDb = openDatabase(join(seededDir, 'paige.db'));
const seeded = seedBenchmarkData(seedDb, { actions: ACTIONS, apiCalls: API_CALLS });
seedDb.close();
console.log(
  `seeded ${seeded.actions} actions, ${seeded.apiCalls} api calls in ${Math.round(seeded.elapsedMs)} ms`,
);

const env = (dataDir) => ({
  PROJECT_DIR: projectDir,
  DATA_DIR: dataDir,
  ANTHROPIC_API_KEY: 'sk-ant-bench-unused',
  ANTHROPIC_BASE_URL: 'http://127.0.0.1:9',
  PAIGE_START_CHROMA: 'false',
  PAIGE_DAILY_BUDGET_USD: '0',
  PAIGE_GH_PATH: join(projectDir, 'no-gh-here'),
  LOG_LEVEL: 'warn',
});

/** A WebSocket client: `connect()` then `request(type, payload, replyType)` resolving with ms from send to reply. */
async function wsClient(url, token) {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/ws`, {
    headers: { authorization: `Bearer ${token}` },
  });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  const waiters = new Map();
  ws.on('message', (data) => {
    const msg = JSON.parse(data.toString());
    const w = waiters.get(`${msg.id}:${msg.type}`);
    if (w) {
      waiters.delete(`${msg.id}:${msg.type}`);
      w(msg);
    }
  });
  let seq = 0;
  return {
    async request(type, payload, replyType, also) {
      const id = `r${seq++}`;
      const reply = new Promise((r) => waiters.set(`${id}:${replyType}`, r));
      const extra = also ? new Promise((r) => waiters.set(`${id}:${also}`, r)) : Promise.resolve();
      const t0 = performance.now();
      ws.send(JSON.stringify({ type, payload, id }));
      const msg = await reply;
      const ms = performance.now() - t0;
      await extra;
      return { ms, msg };
    },
    close: () => ws.close(),
  };
}

const HELLO = { version: '1.0.0', platform: 'linux', windowSize: { width: 1280, height: 800 } };

/** Connect + hello; resolves with the client and the ms the two took. */
async function greet(url, token) {
  const t0 = performance.now();
  const c = await wsClient(url, token);
  await c.request('connection:hello', HELLO, 'connection:init');
  return { c, greetMs: performance.now() - t0 };
}

const INIT = (i) =>
  JSON.stringify({
    jsonrpc: '2.0',
    id: 1,
    method: 'initialize',
    params: {
      protocolVersion: '2025-06-18',
      capabilities: {},
      clientInfo: { name: `bench-${i}`, version: '1' },
    },
  });

async function mcpInitialize(url, i) {
  const t0 = performance.now();
  const res = await fetch(`${url}/mcp`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
    body: INIT(i),
  });
  const text = await res.text();
  const ms = performance.now() - t0;
  if (res.status !== 200 || !text.includes('"protocolVersion"'))
    throw new Error(`initialize failed: ${res.status} ${text}`);
  const sid = res.headers.get('mcp-session-id');
  await fetch(`${url}/mcp`, { method: 'DELETE', headers: { 'mcp-session-id': sid } }).then((r) => r.text());
  return ms;
}

const kinds = {
  async dashboard(url, token) {
    const { c, greetMs } = await greet(url, token);
    const ask = () =>
      c.request('dashboard:request', { statsPeriod: 'all' }, 'dashboard:state', 'dashboard:issues_error');
    const first = await ask();
    if (first.msg.payload.stats.period !== 'all') throw new Error('unexpected dashboard:state');
    let warm = first.ms;
    for (let i = 2; i <= WARM_NTH; i += 1) warm = (await ask()).ms;
    c.close();
    return { first: first.ms, warm, greetMs };
  },
  async initialize(url) {
    const first = await mcpInitialize(url, 0);
    let warm = first;
    for (let i = 2; i <= WARM_NTH; i += 1) warm = await mcpInitialize(url, i);
    return { first, warm };
  },
  async fileOpen(url, token) {
    const { c, greetMs } = await greet(url, token);
    const open = () => c.request('file:open', { path: 'index.ts' }, 'fs:content');
    const first = await open();
    if (first.msg.payload.path !== 'index.ts') throw new Error('unexpected fs:content');
    let warm = first.ms;
    for (let i = 2; i <= WARM_NTH; i += 1) warm = (await open()).ms;
    c.close();
    return { first: first.ms, warm, greetMs };
  },
};

const loadBefore = loadavg()[0];
const samples = { dashboard: [], initialize: [], fileOpen: [] };
const readies = [];
for (let s = 0; s < SAMPLES; s += 1) {
  for (const kind of Object.keys(kinds)) {
    const dataDir = kind === 'dashboard' ? seededDir : mkdtempSync(join(tmpdir(), 'paige-bench-first-data-'));
    const server = await spawnServer(env(dataDir));
    readies.push(server.readyMs);
    try {
      samples[kind].push(await kinds[kind](server.url, server.token));
    } finally {
      await stopChild(server.child);
      if (dataDir !== seededDir) rmSync(dataDir, { recursive: true, force: true });
    }
    const last = samples[kind].at(-1);
    console.log(
      `sample ${s + 1} ${kind}: first ${round(last.first, 1)} ms, ${WARM_NTH}th ${round(last.warm, 1)} ms${last.greetMs ? `, connect+hello ${round(last.greetMs, 1)} ms` : ''} (ready ${round(server.readyMs, 0)} ms)`,
    );
  }
}
rmSync(seededDir, { recursive: true, force: true });
rmSync(projectDir, { recursive: true, force: true });

const list = (xs) => xs.map((x) => round(x, 1)).join(', ');
const load = `load average ${round(loadBefore, 1)} at the start, ${round(loadavg()[0], 1)} at the end (2 cores, shared machine)`;
const row = (kind, metric, target) => {
  const firsts = samples[kind].map((x) => x.first);
  const warms = samples[kind].map((x) => x.warm);
  const greets = samples[kind].map((x) => x.greetMs).filter((x) => x !== undefined);
  const m = round(median(firsts), 1);
  return {
    metric,
    unit: 'ms',
    target: `< ${target} (cold)`,
    median: m,
    p99: round(Math.max(...firsts), 1),
    value: m,
    pass: m < target,
    notes:
      `${SAMPLES} fresh processes, request sent as soon as /health answered; cold runs ${list(firsts)} ms. ` +
      `Warm (${WARM_NTH}th request, same process): median ${round(median(warms), 1)} ms (${list(warms)}).` +
      (greets.length ? ` WebSocket connect + hello before it: median ${round(median(greets), 1)} ms.` : '') +
      ` ${load}.`,
  };
};
writeResults('first-request', [
  row(
    'dashboard',
    `first dashboard:request -> dashboard:state, statsPeriod all (${ACTIONS / 1e6}M action_log, ${API_CALLS / 1e3}k api_call_log rows)`,
    100,
  ),
  row('initialize', 'first MCP initialize after /health answers (raw JSON-RPC POST, full response)', 50),
  row('fileOpen', 'first file:open -> fs:content after /health answers', 50),
  {
    metric:
      'server ready during these runs: spawn -> first 200 on /health (reference; target in server-startup)',
    unit: 'ms',
    target: 'report',
    median: round(median(readies), 1),
    p99: round(Math.max(...readies), 1),
    value: round(median(readies), 1),
    pass: true,
    notes: `${readies.length} starts (the dashboard ones open the seeded 1M-row database); ${load}.`,
  },
]);
