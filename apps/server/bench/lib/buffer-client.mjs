/**
 * Worker of bench/buffer-update.mjs: plays Electron against the in-process server from its own thread (its own
 * event loop), so the client's work does not block the server's loop being measured.
 */
import { parentPort, workerData } from 'node:worker_threads';
import WebSocket from 'ws';

const { url, path, content, updates, floodCount } = workerData;
const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/ws`);
await new Promise((resolve, reject) => {
  ws.once('open', resolve);
  ws.once('error', reject);
});
const waiters = new Map();
ws.on('message', (d) => {
  const m = JSON.parse(d.toString());
  if (m.type === 'connection:error') parentPort.postMessage({ error: m });
  const w = waiters.get(m.id);
  if (w) {
    waiters.delete(m.id);
    w(performance.now());
  }
});
let seq = 0;
// The barrier: a cheap request on the same connection (handled in order), so its reply means every update
// sent before it was handled. (`connection:hello` would also work but triggers a whole resync: tree and session.)
const hello = () => {
  const id = `h${seq++}`;
  const p = new Promise((r) => waiters.set(id, r));
  ws.send(JSON.stringify({ type: 'file:open', payload: { path: 'tiny.ts' }, id }));
  return p;
};
// Variants of the 200 KB file (one changed line each) prebuilt as frames, so the client does no JSON work per send.
const variants = Array.from({ length: 8 }, (_, i) => {
  const edited = content.replace('line 100 ', `line 100 edit${i} `);
  return JSON.stringify({ type: 'buffer:update', payload: { path, content: edited, cursorPosition: { line: 100, column: 5 + i } } });
});

await hello();
// Baseline: a bare barrier round trip.
const helloMs = [];
for (let i = 0; i < 50; i += 1) {
  const t0 = performance.now();
  await hello();
  helloMs.push(performance.now() - t0);
}
// Per-update latency: buffer:update then the barrier on the same connection (handled in order) -> its reply.
const updateMs = [];
for (let i = 0; i < updates; i += 1) {
  const t0 = performance.now();
  ws.send(variants[i % variants.length]);
  await hello();
  updateMs.push(performance.now() - t0);
}

// Flood: the parent starts the /health poller (another worker) first, then tells this worker to go.
parentPort.postMessage({ readyToFlood: true });
await new Promise((r) => parentPort.once('message', r));
const f0 = performance.now();
for (let i = 0; i < floodCount; i += 1) ws.send(variants[i % variants.length]);
const fEnd = await hello();
const floodMs = fEnd - f0;
ws.close();
parentPort.postMessage({ done: true, helloMs, updateMs, floodMs });
