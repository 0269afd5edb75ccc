/**
 * Benchmark (issue 20 item 9; DESIGN section 8 "1,000 MCP sessions opened and never closed: memory bounded"): a real
 * `node dist/main.js` (production defaults: at most 64 live MCP sessions; idle time shortened to 5 s so the sweep is
 * seen in the run) gets 1,000 `initialize` requests whose sessions are never deleted. Reported: the server's RSS
 * (VmRSS) before, right after the 1,000th session, and once the idle sweep has closed them all; how many sessions
 * still answered after the churn (the cap) and after the idle time (none).
 * Writes bench/results/server-mcp-churn.json.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { MB, round, rssOf, spawnServer, stopChild, writeResults } from './lib/common.mjs';

const SESSIONS = 1000;
const MAX_SESSIONS = 64;
const IDLE_MS = 5000;
const GROWTH_TARGET_MB = 60;

const projectDir = mkdtempSync(join(tmpdir(), 'paige-bench-churn-project-'));
writeFileSync(join(projectDir, 'README.md'), '# bench\n');
const dataDir = mkdtempSync(join(tmpdir(), 'paige-bench-churn-data-'));
const s = await spawnServer({
  PROJECT_DIR: projectDir,
  DATA_DIR: dataDir,
  ANTHROPIC_API_KEY: 'sk-ant-bench-unused',
  ANTHROPIC_BASE_URL: 'http://127.0.0.1:9',
  PAIGE_START_CHROMA: 'false',
  PAIGE_MCP_SESSION_IDLE_MS: String(IDLE_MS),
  LOG_LEVEL: 'warn',
});

const HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
async function initialize(i) {
  const res = await fetch(`${s.url}/mcp`, {
    method: 'POST',
    headers: HEADERS,
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: {
        protocolVersion: '2025-06-18',
        capabilities: {},
        clientInfo: { name: `churn-${i}`, version: '1' },
      },
    }),
  });
  await res.text();
  if (res.status !== 200) throw new Error(`initialize ${i}: HTTP ${res.status}`);
  return res.headers.get('mcp-session-id');
}
/** 200 when the session is still live, 404 once it was evicted or swept. */
async function ping(id) {
  const res = await fetch(`${s.url}/mcp`, {
    method: 'POST',
    headers: { ...HEADERS, 'mcp-session-id': id, 'mcp-protocol-version': '2025-06-18' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'ping' }),
  });
  await res.text();
  return res.status;
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

await sleep(2000); // warm-up done, watcher ready
const rssBefore = rssOf(s.child.pid);
const t0 = performance.now();
const ids = [];
for (let i = 0; i < SESSIONS; i += 1) ids.push(await initialize(i));
const churnMs = performance.now() - t0;
const rssAfter = rssOf(s.child.pid);
// which sessions are still live: only the newest (the cap evicts the least recently used)
const liveAfterChurn = [];
for (const id of ids.slice(-MAX_SESSIONS - 16)) if ((await ping(id)) === 200) liveAfterChurn.push(id);
const oldestStatus = await ping(ids[0]);

await sleep(IDLE_MS + IDLE_MS / 4 + 1000); // idle time + one sweep interval
let liveAfterIdle = 0;
for (const id of liveAfterChurn) if ((await ping(id)) === 200) liveAfterIdle += 1;
await sleep(2000); // let the freed transports be collected
const rssEvicted = rssOf(s.child.pid);
await stopChild(s.child);
rmSync(dataDir, { recursive: true, force: true });
rmSync(projectDir, { recursive: true, force: true });

const growthMb = (rssAfter - rssBefore) / MB;
const bounded = liveAfterChurn.length <= MAX_SESSIONS && oldestStatus === 404 && liveAfterIdle === 0;
console.log(
  `RSS before ${round(rssBefore / MB, 1)} MB, after ${SESSIONS} sessions ${round(rssAfter / MB, 1)} MB, after eviction ${round(rssEvicted / MB, 1)} MB`,
);
writeResults('mcp-churn', [
  {
    metric: `RSS growth after ${SESSIONS} MCP sessions opened and never deleted (cap ${MAX_SESSIONS}, idle eviction)`,
    unit: 'MB',
    target: `< ${GROWTH_TARGET_MB}, at most ${MAX_SESSIONS} live, none after the idle time`,
    median: null,
    p99: null,
    value: round(growthMb, 1),
    pass: growthMb < GROWTH_TARGET_MB && bounded,
    notes:
      `VmRSS before ${round(rssBefore / MB, 1)} MB, right after the ${SESSIONS}th initialize ${round(rssAfter / MB, 1)} MB, ` +
      `after the idle sweep ${round(rssEvicted / MB, 1)} MB. Live after the churn: ${liveAfterChurn.length} (oldest answers ${oldestStatus}); ` +
      `live ${IDLE_MS} ms later: ${liveAfterIdle}. ${SESSIONS} initializes in ${Math.round(churnMs)} ms (${round(churnMs / SESSIONS, 2)} ms each); ` +
      `the sweep compacts the heap (16 or more sessions closed). Load average ${round(loadavg()[0], 1)} (2 cores, shared machine).`,
  },
  {
    metric: 'RSS after the idle sweep closed every session (reference)',
    unit: 'MB',
    target: 'report',
    median: null,
    p99: null,
    value: round(rssEvicted / MB, 1),
    pass: true,
    notes: `before ${round(rssBefore / MB, 1)} MB; V8 keeps some freed heap committed until it needs it or shrinks it.`,
  },
]);
