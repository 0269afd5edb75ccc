/**
 * Issue 16 item 2, client side: `createBufferSync` against the real built server. A small editor model stands in
 * for Monaco: it applies edits and emits content-change events the way Monaco does (one event's changes ordered
 * from the end of the document to the beginning, offsets in the text before the event). What the server holds is
 * read the way Claude Code reads it: `paige_get_buffer` over the MCP SDK client.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  connect,
  createBufferSync,
  type ContentChangeEventLike,
  type PaigeClient,
  type WebSocketLike,
} from '../src/index.js';
import { AUTH_HEADERS, startRealServer, until, type RealServer } from './support/server.js';

/** A minimal editor model: Monaco's event semantics, no Monaco. */
class EditorModel {
  private listeners: Array<(e: ContentChangeEventLike) => void> = [];
  constructor(public text: string) {}
  onDidChangeContent(fn: (e: ContentChangeEventLike) => void): void {
    this.listeners.push(fn);
  }
  /** Applies non-overlapping edits given in the coordinates of the current text (any order), as one event. */
  edit(edits: Array<{ offset: number; length: number; text: string }>): void {
    const sorted = [...edits].sort((a, b) => b.offset - a.offset);
    for (const e of sorted)
      this.text = this.text.slice(0, e.offset) + e.text + this.text.slice(e.offset + e.length);
    const event = {
      changes: sorted.map((e) => ({
        range: { note: 'ignored' },
        rangeOffset: e.offset,
        rangeLength: e.length,
        text: e.text,
      })),
      isFlush: false,
      isEolChange: false,
    };
    for (const l of this.listeners) l(event);
  }
  type(offset: number, chars: string): void {
    for (let i = 0; i < chars.length; i++)
      this.edit([{ offset: offset + i, length: 0, text: chars[i] ?? '' }]);
  }
}

/** A deterministic PRNG (mulberry32), so a failing sequence can be replayed. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A `ws` socket that records every frame it sends. */
function countingSocket(frames: string[]): (url: string) => WebSocketLike {
  return (url) => {
    const ws = new WebSocket(url, { headers: AUTH_HEADERS });
    const send = ws.send.bind(ws);
    ws.send = ((data: string) => {
      frames.push(data);
      send(data);
    }) as typeof ws.send;
    return ws;
  };
}

const BIG = Array.from(
  { length: 5000 },
  (_, i) => `export const value${i} = ${i}; // line ${i} of a big generated module\n`,
)
  .join('')
  .slice(0, 200 * 1024);

describe('Issue 16 item 2: incremental buffer sync through @paige/client', () => {
  let server: RealServer;
  let mcp: Awaited<ReturnType<RealServer['mcp']>>;
  const clients: PaigeClient[] = [];
  const serverText = async (path: string): Promise<string | undefined> => {
    const r = await mcp.client.callTool({ name: 'paige_get_buffer', arguments: { path } });
    return (r.structuredContent as { buffer: { content: string } | null }).buffer?.content;
  };
  const open = async (frames: string[] = [], extra: Parameters<typeof connect>[1] = {}) => {
    const c = await connect(server.wsUrl, {
      createSocket: countingSocket(frames),
      reconnect: { initialDelayMs: 50, maxDelayMs: 200 },
      ...extra,
    });
    clients.push(c);
    return c;
  };
  const openFile = async (client: PaigeClient, path: string) => {
    const r = await client.request('file:open', { path });
    if (r.type !== 'fs:content') throw new Error(`file:open ${path}: ${JSON.stringify(r.payload)}`);
    return r.payload;
  };

  beforeAll(async () => {
    server = await startRealServer({
      'src/big.ts': BIG,
      'src/random.ts': 'function main() {\n  return 0;\n}\n',
      'src/gap.ts': 'let x = 1;\n',
      'src/offline.ts': 'offline\n',
      'src/crlf.txt': 'one\r\ntwo\nthree\r\n',
      'src/reload.ts': 'const a = 1;\n',
    });
    mcp = await server.mcp();
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await mcp.close();
    await server.dispose();
  });

  it('300 random edits (inserts, deletes, replaces, multi-cursor events, emoji) give the server exactly the editor text', async () => {
    const client = await open();
    const sync = createBufferSync(client, { debounceMs: 2, maxWaitMs: 10 });
    const file = await openFile(client, 'src/random.ts');
    const model = new EditorModel(file.content);
    const doc = sync.trackDocument('src/random.ts', {
      getText: () => model.text,
      version: file.version,
      content: file.content,
    });
    model.onDidChangeContent((e) => doc.applyChanges(e));
    const random = rng(16);
    const pieces = ['a', 'bc', '\n', '  ', '😀', 'é', 'return x;\n', ''];
    for (let i = 0; i < 300; i++) {
      const cursors = random() < 0.15 ? 3 : 1;
      const edits: Array<{ offset: number; length: number; text: string }> = [];
      let floor = 0;
      for (let k = 0; k < cursors && floor <= model.text.length; k++) {
        let offset = floor + Math.floor((random() * (model.text.length - floor + 1)) / cursors);
        // never split a surrogate pair (Monaco's cursor cannot sit inside one)
        if (offset > 0 && /[\uDC00-\uDFFF]/.test(model.text[offset] ?? '')) offset += 1;
        let length = random() < 0.4 ? Math.min(model.text.length - offset, Math.floor(random() * 4)) : 0;
        if (/[\uD800-\uDBFF]/.test(model.text[offset + length - 1] ?? '')) length += 1;
        edits.push({ offset, length, text: pieces[Math.floor(random() * pieces.length)] ?? '' });
        floor = offset + length + 1;
      }
      model.edit(edits);
      if (random() < 0.1) await new Promise((r) => setTimeout(r, 3));
    }
    doc.flush();
    await until(
      async () => (await serverText('src/random.ts')) === model.text,
      10_000,
      'server text equals the editor text',
    );
    expect(sync.stats.syncErrors).toBe(0);
    expect(sync.stats.fullUpdates).toBe(0);
    expect(sync.stats.edits).toBeGreaterThan(1);
  });

  it('bytes per keystroke on a 200 KB file stay far below the file size (each keystroke flushed, the worst case)', async () => {
    const frames: string[] = [];
    const client = await open(frames);
    const sync = createBufferSync(client);
    const file = await openFile(client, 'src/big.ts');
    expect(file.content.length).toBe(200 * 1024);
    const model = new EditorModel(file.content);
    const doc = sync.trackDocument('src/big.ts', {
      getText: () => model.text,
      version: file.version,
      content: file.content,
      getCursorPosition: () => ({ line: 1200, column: 10 }),
    });
    model.onDidChangeContent((e) => doc.applyChanges(e));
    frames.length = 0;
    const typed = 'const answer = computeTheAnswer(42);\n';
    const at = 100_000;
    for (let i = 0; i < typed.length; i++) {
      model.edit([{ offset: at + i, length: 0, text: typed[i] ?? '' }]);
      doc.flush();
    }
    const edits = frames.filter((f) => f.includes('"buffer:edit"'));
    expect(edits).toHaveLength(typed.length);
    const bytes = edits.map((f) => Buffer.byteLength(f));
    const perKeystroke = bytes.reduce((a, b) => a + b, 0) / bytes.length;
    expect(perKeystroke).toBeLessThan(1024); // issue 16 target: < 1 KB per keystroke
    expect(Math.max(...bytes)).toBeLessThan(BIG.length / 100);
    await until(async () => (await serverText('src/big.ts')) === model.text, 10_000, 'big file synced');

    // with the default 300 ms debounce a burst of typing is one message
    frames.length = 0;
    model.type(at, 'abcdefghij');
    await until(() => frames.some((f) => f.includes('"buffer:edit"')), 3000, 'debounced batch');
    const batch = frames.filter((f) => f.includes('"buffer:edit"'));
    expect(batch).toHaveLength(1);
    expect(JSON.parse(batch[0] ?? '{}').payload.changes).toEqual([
      { rangeOffset: at, rangeLength: 0, text: 'abcdefghij' },
    ]);
    await until(async () => (await serverText('src/big.ts')) === model.text, 10_000, 'batch synced');
  });

  it('a version gap (another writer moved the server on) is repaired with the whole text; no edit is lost', async () => {
    const client = await open();
    const issues: string[] = [];
    const sync = createBufferSync(client, { debounceMs: 1, onIssue: (i) => issues.push(i.code) });
    const file = await openFile(client, 'src/gap.ts');
    const model = new EditorModel(file.content);
    const doc = sync.trackDocument('src/gap.ts', {
      getText: () => model.text,
      version: file.version,
      content: file.content,
    });
    model.onDidChangeContent((e) => doc.applyChanges(e));
    model.type(model.text.length, 'let y = 2;\n');
    doc.flush();
    await until(async () => (await serverText('src/gap.ts')) === model.text, 5000, 'first edit');
    // an old-style client overwrites the buffer with a full update: the server's version moves on
    const other = await open();
    other.send('buffer:update', {
      path: 'src/gap.ts',
      content: 'somebody else\n',
      cursorPosition: { line: 1, column: 1 },
    });
    await until(async () => (await serverText('src/gap.ts')) === 'somebody else\n', 5000, 'other writer');
    model.type(0, '// mine\n');
    doc.flush();
    await until(async () => (await serverText('src/gap.ts')) === model.text, 5000, 'recovered');
    expect(model.text).toBe('// mine\nlet x = 1;\nlet y = 2;\n');
    expect(issues).toEqual(['VERSION_MISMATCH']);
    expect(sync.stats).toMatchObject({ syncErrors: 1, fullUpdates: 1 });
    // and edits continue incrementally from the new version
    model.type(model.text.length, 'z');
    doc.flush();
    await until(async () => (await serverText('src/gap.ts')) === model.text, 5000, 'after recovery');
    expect(sync.stats.fullUpdates).toBe(1);
  });

  it('a file whose line endings the editor normalised is sent whole on the first change, then incrementally', async () => {
    const frames: string[] = [];
    const client = await open(frames);
    const sync = createBufferSync(client, { debounceMs: 1 });
    const file = await openFile(client, 'src/crlf.txt');
    const model = new EditorModel(file.content.replace(/\r\n/g, '\n')); // what Monaco does with mixed endings
    const doc = sync.trackDocument('src/crlf.txt', {
      getText: () => model.text,
      version: file.version,
      content: file.content,
    });
    model.onDidChangeContent((e) => doc.applyChanges(e));
    model.type(0, '0');
    doc.flush();
    model.type(1, '1');
    doc.flush();
    await until(
      async () => (await serverText('src/crlf.txt')) === '01one\ntwo\nthree\n',
      5000,
      'normalised text',
    );
    expect(sync.stats).toMatchObject({ fullUpdates: 1, edits: 1, syncErrors: 0 });
  });

  it('edits made while the server restarts are sent after the resync: the restarted server has the editor text', async () => {
    const client = await open();
    const sync = createBufferSync(client, { debounceMs: 1 });
    const file = await openFile(client, 'src/offline.ts');
    const model = new EditorModel(file.content);
    const doc = sync.trackDocument('src/offline.ts', {
      getText: () => model.text,
      version: file.version,
      content: file.content,
    });
    model.onDidChangeContent((e) => doc.applyChanges(e));
    model.type(model.text.length, 'before ');
    doc.flush();
    await until(async () => (await serverText('src/offline.ts')) === model.text, 5000, 'before restart');
    await mcp.close();
    await server.stop();
    await until(() => client.state === 'reconnecting', 5000, 'reconnecting');
    model.type(model.text.length, 'while offline');
    doc.flush(); // offline: kept
    expect(doc.pendingChanges).toBe(1);
    await server.start();
    await until(() => client.state === 'open', 10_000, 'reopened');
    mcp = await server.mcp();
    await until(
      async () => (await serverText('src/offline.ts')) === 'offline\nbefore while offline',
      5000,
      'resynced text',
    );
    // incremental again after the resync
    model.type(0, '!');
    doc.flush();
    await until(async () => (await serverText('src/offline.ts')) === model.text, 5000, 'after resync');
  });

  it('a reloaded page gets the unsaved text and its version from file:open and continues incrementally', async () => {
    const first = await open();
    const sync1 = createBufferSync(first, { debounceMs: 1 });
    const f1 = await openFile(first, 'src/reload.ts');
    const model1 = new EditorModel(f1.content);
    const doc1 = sync1.trackDocument('src/reload.ts', {
      getText: () => model1.text,
      version: f1.version,
      content: f1.content,
    });
    model1.onDidChangeContent((e) => doc1.applyChanges(e));
    model1.type(model1.text.length, 'const b = 2;\n');
    doc1.flush();
    await until(async () => (await serverText('src/reload.ts')) === model1.text, 5000, 'first page');
    first.close();

    const frames: string[] = [];
    const second = await open(frames);
    const sync2 = createBufferSync(second, { debounceMs: 1 });
    const f2 = await openFile(second, 'src/reload.ts');
    expect(f2).toMatchObject({ content: 'const a = 1;\nconst b = 2;\n', dirty: true, version: doc1.version });
    const model2 = new EditorModel(f2.content);
    const doc2 = sync2.trackDocument('src/reload.ts', {
      getText: () => model2.text,
      version: f2.version,
      content: f2.content,
    });
    model2.onDidChangeContent((e) => doc2.applyChanges(e));
    model2.type(model2.text.length, 'const c = 3;\n');
    doc2.flush();
    await until(
      async () => (await serverText('src/reload.ts')) === 'const a = 1;\nconst b = 2;\nconst c = 3;\n',
      5000,
      'second page',
    );
    expect(sync2.stats).toMatchObject({ edits: 1, fullUpdates: 0 });
  });
});
