/**
 * Benchmark (issue 25 item 6): MCP `tools/list`, which Claude Code sends at every connection and every `claude mcp
 * list`. A real `node dist/main.js` per fresh sample: spawned, `/health` 200, then `initialize`,
 * `notifications/initialized` and one `tools/list` (the fresh number: the server's first listing); then, on the last
 * server, 200 more `tools/list` in the same session after 20 unmeasured ones (the warm number). Each time is one HTTP
 * request, send to the end of its body, as the client sees it. Targets: fresh p50 <= 35 ms, warm p50 <= 5 ms.
 * `SAMPLES=n` changes the number of fresh servers (default 10). Writes bench/results/server-tools-list.json.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { round, spawnServer, stats, stopChild, writeResults } from './lib/common.mjs';

const SAMPLES = Number(process.env.SAMPLES ?? 10);
const WARM = 200;
const WARM_SKIP = 20;
const FRESH_TARGET_MS = 35;
const WARM_TARGET_MS = 5;
const HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
const PROTOCOL = '2025-06-18';

/** POSTs one JSON-RPC message; resolves with the ms to the end of the answer, the answer text and the session id. */
async function post(url, body, sessionId) {
  const t0 = performance.now();
  const res = await fetch(`${url}/mcp`, {
    method: 'POST',
    headers: {
      ...HEADERS,
      ...(sessionId ? { 'mcp-session-id': sessionId, 'mcp-protocol-version': PROTOCOL } : {}),
    },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  const ms = performance.now() - t0;
  if (res.status >= 300) throw new Error(`${body.method}: HTTP ${res.status} ${text}`);
  return { ms, text, sessionId: res.headers.get('mcp-session-id') ?? sessionId };
}

const listTools = (url, sessionId, id) =>
  post(url, { jsonrpc: '2.0', id, method: 'tools/list', params: {} }, sessionId);

const fresh = [];
const init = [];
let tools = 0;
let warm = [];
for (let i = 0; i < SAMPLES; i += 1) {
  const projectDir = mkdtempSync(join(tmpdir(), 'paige-bench-tools-project-'));
  writeFileSync(join(projectDir, 'README.md'), '# bench\n');
  const dataDir = mkdtempSync(join(tmpdir(), 'paige-bench-tools-data-'));
  const s = await spawnServer({
    PROJECT_DIR: projectDir,
    DATA_DIR: dataDir,
    ANTHROPIC_API_KEY: 'sk-ant-bench-unused',
    ANTHROPIC_BASE_URL: 'http://127.0.0.1:9',
    PAIGE_START_CHROMA: 'false',
    LOG_LEVEL: 'warn',
  });
  try {
    const initialized = await post(s.url, {
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: {
        protocolVersion: PROTOCOL,
        capabilities: {},
        clientInfo: { name: 'bench-tools-list', version: '1' },
      },
    });
    init.push(initialized.ms);
    const sid = initialized.sessionId;
    await post(s.url, { jsonrpc: '2.0', method: 'notifications/initialized' }, sid);
    const first = await listTools(s.url, sid, 2);
    fresh.push(first.ms);
    tools = (first.text.match(/"name":"paige_/g) ?? []).length;
    if (i === SAMPLES - 1) {
      for (let k = 0; k < WARM_SKIP + WARM; k += 1) {
        const r = await listTools(s.url, sid, 10 + k);
        if (k >= WARM_SKIP) warm.push(r.ms);
      }
    }
    console.log(
      `server ${i + 1}: ready ${round(s.readyMs, 1)} ms, initialize ${round(initialized.ms, 1)} ms, first tools/list ${round(first.ms, 1)} ms (${tools} tools)`,
    );
  } finally {
    await stopChild(s.child);
    rmSync(projectDir, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const f = stats(fresh);
const w = stats(warm);
const ini = stats(init);
writeResults('tools-list', [
  {
    metric: 'tools/list on a fresh server (first listing after initialize)',
    unit: 'ms',
    target: `p50 <= ${FRESH_TARGET_MS}`,
    median: round(f.p50),
    p99: round(f.p99),
    samples: fresh.map((x) => round(x)),
    pass: f.p50 <= FRESH_TARGET_MS,
    notes: `${SAMPLES} servers, ${tools} tools; initialize p50 ${round(ini.p50)} ms, p99 ${round(ini.p99)} ms`,
  },
  {
    metric: 'tools/list in a warm session',
    unit: 'ms',
    target: `p50 <= ${WARM_TARGET_MS}`,
    median: round(w.p50),
    p99: round(w.p99),
    pass: w.p50 <= WARM_TARGET_MS,
    notes: `${WARM} calls after ${WARM_SKIP} unmeasured, one session`,
  },
]);
