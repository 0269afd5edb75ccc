/**
 * Child process of bench/buffer-edit.mjs (forked with an IPC channel): plays the web editor with `@paige/client`
 * and its incremental buffer sync, from its own process. Each keystroke is one single-character insert into a 200 KB
 * document, flushed at once (no debounce batching: the worst case per keystroke), then an ordered `file:open` of a
 * one-line file as the barrier. Mode `incremental` sends `buffer:edit`; mode `full` sends the whole text with
 * `buffer:update` per keystroke (what an editor without incremental sync does). Bytes are counted on the socket.
 */
import { connect, createBufferSync } from '@paige/client';
import WebSocket from 'ws';

const { url, token, path, keystrokes, warmup, mode } = await new Promise((r) => process.once('message', r));
/** CLOCK_MONOTONIC (`process.hrtime`), shared by every process of the machine, in ms. */
const now = () => Number(process.hrtime.bigint()) / 1e6;
const sent = [];
const client = await connect(`${url.replace(/^http/, 'ws')}/ws`, {
  createSocket: (u) => {
    const ws = new WebSocket(u, { perMessageDeflate: false, headers: { authorization: `Bearer ${token}` } });
    const send = ws.send.bind(ws);
    ws.send = (data) => {
      sent.push(Buffer.byteLength(data));
      send(data);
    };
    return ws;
  },
  reconnect: false,
});
client.on('connection:error', (p) => process.send({ error: p }));
const sync = createBufferSync(client, { debounceMs: 0, onIssue: (i) => process.send({ error: i }) });
const barrier = () => client.request('file:open', { path: 'tiny.ts' });

const opened = await client.request('file:open', { path });
if (opened.type !== 'fs:content') throw new Error(JSON.stringify(opened.payload));
let text = opened.payload.content;
let line = 2000;
const doc = sync.trackDocument(path, {
  getText: () => text,
  version: opened.payload.version,
  content: text,
  getCursorPosition: () => ({ line, column: 5 }),
});
let at = Math.floor(text.length / 2);
const keystroke = () => {
  const ch = 'abcdefghij'[at % 10];
  text = text.slice(0, at) + ch + text.slice(at);
  if (mode === 'incremental') {
    doc.applyChanges({ changes: [{ rangeOffset: at, rangeLength: 0, text: ch }] });
    doc.flush();
  } else {
    client.send('buffer:update', { path, content: text, cursorPosition: { line, column: 5 } });
  }
  at += 1;
  if (at % 80 === 0) line += 1;
};

for (let i = 0; i < warmup; i += 1) {
  keystroke();
  await barrier();
}
process.send({ measuring: true });
await new Promise((r) => process.once('message', r));
const sentAt = [];
const bytes = [];
for (let i = 0; i < keystrokes; i += 1) {
  const before = sent.length;
  sentAt.push(now());
  keystroke();
  bytes.push(sent.slice(before).reduce((a, b) => a + b, 0));
  await barrier();
}
const finalText = text;
client.close();
process.send({ done: true, sentAt, bytes, finalLength: finalText.length, stats: sync.stats });
process.disconnect();
