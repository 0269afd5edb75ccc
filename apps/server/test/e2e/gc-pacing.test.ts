/**
 * Young-generation pacing under large WebSocket frames (runtime.ts `createMinorGc`, DESIGN section 8 `buffer:update`
 * p99): the hub collects between two frames after every `everyBytes` of frames of at least `minFrameBytes`, never for
 * small frames, and the updates are all handled in order. Off unless `PAIGE_GC_PACING=true` (issue 19 item 7), and a
 * Node that refuses V8's `gc` changes nothing.
 */
import v8 from 'node:v8';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { compactHeap, createMinorGc, resolveGc } from '../../src/runtime.js';
import { startTestServer, WsClient, type TestServer } from '../support/harness.js';

let t: TestServer | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

const line = (i: number) => `export const value${i} = computeSomething(${i}, "padding to make a realistic line");\n`;

describe('GC pacing of large frames', () => {
  it('collects once per 1 MiB of 100 KB buffer updates, not for small frames', async () => {
    let collections = 0;
    t = await startTestServer({
      files: { 'big.ts': '' },
      server: { gcPacing: { minFrameBytes: 64 * 1024, everyBytes: 1024 * 1024, collect: () => (collections += 1) } },
    });
    const { client } = await WsClient.hello(t.url);
    const base = Array.from({ length: 1300 }, (_, i) => line(i)).join('');
    expect(base.length).toBeGreaterThan(100 * 1024);

    // 200 small updates (about 30 bytes of content each): no collection.
    for (let i = 0; i < 200; i += 1) client.send('buffer:update', { path: 'big.ts', content: `// small ${i}\n`, cursorPosition: { line: 1, column: 1 } });
    await client.request('connection:hello', { version: '1.0.0', platform: 'linux', windowSize: { width: 1, height: 1 } }, 'connection:init');
    expect(collections).toBe(0);

    // 30 updates of about 100 KB: about 3 MiB of large frames -> 2 or 3 collections, between frames.
    for (let i = 0; i < 30; i += 1) client.send('buffer:update', { path: 'big.ts', content: `${base}// edit ${i}\n`, cursorPosition: { line: 1, column: 1 } });
    await client.request('connection:hello', { version: '1.0.0', platform: 'linux', windowSize: { width: 1, height: 1 } }, 'connection:init');
    expect(collections).toBeGreaterThanOrEqual(2);
    expect(collections).toBeLessThanOrEqual(3);
    const buffer = await t.server.context.workspace.getBuffer('big.ts');
    expect(buffer?.content.endsWith('// edit 29\n')).toBe(true);
    await client.close();
  });

  it('by default the server never changes V8 flags at run time (PAIGE_GC_PACING off)', async () => {
    const setFlags = vi.spyOn(v8, 'setFlagsFromString');
    try {
      t = await startTestServer({ files: { 'big.ts': '' } });
      expect(t.config.gcPacing).toBe(false);
      const { client } = await WsClient.hello(t.url);
      const base = Array.from({ length: 1300 }, (_, i) => line(i)).join('');
      for (let i = 0; i < 30; i += 1) client.send('buffer:update', { path: 'big.ts', content: `${base}// edit ${i}\n`, cursorPosition: { line: 1, column: 1 } });
      await client.request('connection:hello', { version: '1.0.0', platform: 'linux', windowSize: { width: 1, height: 1 } }, 'connection:init');
      expect((await t.server.context.workspace.getBuffer('big.ts'))?.content.endsWith('// edit 29\n')).toBe(true);
      await client.close();
      expect(setFlags).not.toHaveBeenCalled();
    } finally {
      setFlags.mockRestore();
    }
  });

  it('a Node that refuses --expose-gc at run time: no collector, a reason, nothing thrown', () => {
    const refused = resolveGc({ globalGc: undefined, setFlags: () => { throw new Error('flag rejected'); } });
    expect(refused).toEqual({ reason: expect.stringContaining('flag rejected') });
    const ignored = createMinorGc({ globalGc: undefined, setFlags: () => undefined, contextGc: () => undefined });
    expect(ignored).toEqual({ reason: expect.stringContaining('ignored') });
    const started = resolveGc({ globalGc: () => undefined, setFlags: () => { throw new Error('must not be called'); } });
    expect(typeof started).toBe('function');
  });

  it("PAIGE_GC_PACING=true reaches V8's collector without Node.js command-line flags; the crawl compaction needs none", async () => {
    const minorGc = createMinorGc();
    expect(typeof minorGc).toBe('function');
    expect(() => (minorGc as () => void)()).not.toThrow();
    const { rssBefore, rssAfter } = await compactHeap();
    expect(rssBefore).toBeGreaterThan(0);
    expect(rssAfter).toBeGreaterThan(0);

    // The default pacing (a minor collection every 2 MiB) under 3 MiB of large frames: every update handled, nothing logged as failed.
    t = await startTestServer({ files: { 'big.ts': '' }, env: { PAIGE_GC_PACING: 'true' } });
    expect(t.config.gcPacing).toBe(true);
    const { client } = await WsClient.hello(t.url);
    const base = Array.from({ length: 1300 }, (_, i) => line(i)).join('');
    for (let i = 0; i < 30; i += 1) client.send('buffer:update', { path: 'big.ts', content: `${base}// edit ${i}\n`, cursorPosition: { line: 1, column: 1 } });
    await client.request('connection:hello', { version: '1.0.0', platform: 'linux', windowSize: { width: 1, height: 1 } }, 'connection:init');
    expect((await t.server.context.workspace.getBuffer('big.ts'))?.content.endsWith('// edit 29\n')).toBe(true);
    expect(t.logs.lines.filter((l) => (l.level as number) >= 50)).toEqual([]);
    expect(t.logs.has(/gc is not reachable/)).toBe(false);
    await client.close();
  });
});
