/**
 * Child process of bench/buffer-update.mjs (forked with an IPC channel): plays Electron against the server from its
 * own process, as the editor does, so neither the client's work nor its garbage collector runs in the server's
 * process. The first IPC message carries the job; progress goes back over the same channel.
 */
import WebSocket from 'ws';

const parentPort = { postMessage: (m) => process.send(m), once: (event, fn) => process.once(event, fn) };
const { url, token, path, content, updates, warmup, floodCount } = await new Promise((r) =>
  process.once('message', r),
);
/** CLOCK_MONOTONIC (`process.hrtime`), the same clock in every process of this machine, in ms. */
const now = () => Number(process.hrtime.bigint()) / 1e6;
const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/ws`, {
  headers: { authorization: `Bearer ${token}` },
});
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
  return JSON.stringify({
    type: 'buffer:update',
    payload: { path, content: edited, cursorPosition: { line: 100, column: 5 + i } },
  });
});

await hello();
// Baseline: a bare barrier round trip.
const helloMs = [];
for (let i = 0; i < 50; i += 1) {
  const t0 = performance.now();
  await hello();
  helloMs.push(performance.now() - t0);
}
// Warm-up (JIT, first heap growth), not measured.
for (let i = 0; i < warmup; i += 1) {
  ws.send(variants[i % variants.length]);
  await hello();
}
parentPort.postMessage({ measuring: true });
await new Promise((r) => parentPort.once('message', r));
// Per update: the send time on the shared clock (the parent stamps when the server has handled it), and the
// round trip to the reply of the barrier sent right after it on the same connection (handled in order).
const sentAt = [];
const updateMs = [];
for (let i = 0; i < updates; i += 1) {
  const t0 = performance.now();
  sentAt.push(now());
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
parentPort.postMessage({ done: true, helloMs, updateMs, sentAt, floodMs });
process.disconnect();
