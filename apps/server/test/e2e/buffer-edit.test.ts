/**
 * Issue 16 item 2: incremental buffer sync over a real WebSocket (`buffer:edit`, versioned `buffer:update`,
 * `buffer:sync_error`, `fs:content` serving the unsaved buffer) and its downstream: the `buffer_update` activity
 * event the Observer counts, the buffer-logging policy, and `paige_get_buffer` over the real MCP SDK client.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ActivityEvent } from '@paige/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connectMcp,
  eventually,
  startTestServer,
  WsClient,
  type TestServer,
  type WireMessage,
} from '../support/harness.js';

const AUTH = 'export function login(user: string) {\n  return user.length > 0;\n}\n';
const CURSOR = { line: 1, column: 1 };

let t: TestServer;
let ws: WsClient;
let mcp: Awaited<ReturnType<typeof connectMcp>>;
const events: ActivityEvent[] = [];

async function getBuffer(path: string): Promise<{ content: string; dirty: boolean } | null> {
  const r = await mcp.client.callTool({ name: 'paige_get_buffer', arguments: { path } });
  return (r.structuredContent as { buffer: { content: string; dirty: boolean } | null }).buffer;
}

async function open(path: string): Promise<WireMessage['payload'] & { version: number; content: string }> {
  const r = await ws.request('file:open', { path }, 'fs:content');
  return r.payload as WireMessage['payload'] & { version: number; content: string };
}

beforeAll(async () => {
  t = await startTestServer({
    files: {
      'src/auth.ts': AUTH,
      'src/other.ts': 'export const other = 1;\n',
      'notes.md': 'one\n',
      'fresh.md': 'fresh\n',
    },
  });
  t.server.parts.bus.subscribe((e) => {
    if (e.type === 'buffer_update') events.push(e);
  });
  ws = (await WsClient.hello(t.url)).client;
  mcp = await connectMcp(t.url);
});

afterAll(async () => {
  await mcp.close();
  await ws.close();
  await t.stop();
});

describe('Issue 16 item 2: buffer:edit', () => {
  it('applies the changes in order: paige_get_buffer returns exactly the editor text, no reply is sent', async () => {
    const file = await open('src/auth.ts');
    expect(file.version).toEqual(expect.any(Number));
    expect(file.dirty).toBeUndefined();
    const before = ws.received.length;
    // one Monaco event (end-to-start) then a second one, batched
    ws.send(
      'buffer:edit',
      {
        path: 'src/auth.ts',
        baseVersion: file.version,
        version: file.version + 1,
        changes: [
          { rangeOffset: 52, rangeLength: 0, text: 'trim().' }, // user.length -> user.trim().length
          { rangeOffset: 16, rangeLength: 5, text: 'signIn' }, // login -> signIn
          { rangeOffset: AUTH.length + 8, rangeLength: 0, text: '\n// done\n' },
        ],
        cursorPosition: { line: 4, column: 8 },
      },
      'edit-1',
    );
    const expected =
      'export function signIn(user: string) {\n  return user.trim().length > 0;\n}\n\n// done\n';
    const buffer = await eventually(async () => {
      const b = await getBuffer('src/auth.ts');
      return b?.content === expected ? b : undefined;
    });
    expect(buffer?.dirty).toBe(true);
    expect(ws.received.slice(before).filter((m) => m.id === 'edit-1')).toHaveLength(0);
    // the file on disk is untouched until a save
    expect(readFileSync(join(t.projectDir, 'src/auth.ts'), 'utf8')).toBe(AUTH);
  });

  it('a reloaded page gets the unsaved text back from file:open (dirty, version), with the disk hash for the save', async () => {
    const reopened = await open('src/auth.ts');
    expect(reopened.dirty).toBe(true);
    expect(reopened.content).toContain('signIn');
    const ack = await ws.request(
      'file:save',
      { path: 'src/auth.ts', content: reopened.content, baseHash: reopened.hash },
      'fs:save_ack',
    );
    expect(ack.payload.success).toBe(true);
    expect(readFileSync(join(t.projectDir, 'src/auth.ts'), 'utf8')).toBe(reopened.content);
    // after the save the same version goes on
    ws.send('buffer:edit', {
      path: 'src/auth.ts',
      baseVersion: reopened.version,
      version: reopened.version + 1,
      changes: [{ rangeOffset: 0, rangeLength: 0, text: '// top\n' }],
      cursorPosition: CURSOR,
    });
    await eventually(async () =>
      (await getBuffer('src/auth.ts'))?.content.startsWith('// top\nexport function signIn'),
    );
  });

  it('a version gap answers buffer:sync_error VERSION_MISMATCH (echoing the id) and changes nothing; the full text recovers', async () => {
    const file = await open('notes.md');
    const before = await getBuffer('notes.md');
    const err = await ws.request(
      'buffer:edit',
      {
        path: 'notes.md',
        baseVersion: file.version + 3,
        version: file.version + 4,
        changes: [{ rangeOffset: 0, rangeLength: 0, text: 'LOST ' }],
        cursorPosition: CURSOR,
      },
      'buffer:sync_error',
    );
    expect(err.payload).toMatchObject({
      path: 'notes.md',
      code: 'VERSION_MISMATCH',
      expectedVersion: file.version,
    });
    expect(await getBuffer('notes.md')).toEqual(before);
    // the client's recovery: the whole text with a version above the expected one
    ws.send('buffer:update', {
      path: 'notes.md',
      content: 'one\ntwo\n',
      cursorPosition: CURSOR,
      version: file.version + 5,
    });
    ws.send('buffer:edit', {
      path: 'notes.md',
      baseVersion: file.version + 5,
      version: file.version + 6,
      changes: [{ rangeOffset: 8, rangeLength: 0, text: 'three\n' }],
      cursorPosition: CURSOR,
    });
    await eventually(async () => (await getBuffer('notes.md'))?.content === 'one\ntwo\nthree\n');
    // a stale versioned full update is refused too
    const stale = await ws.request(
      'buffer:update',
      { path: 'notes.md', content: 'old', cursorPosition: CURSOR, version: file.version + 5 },
      'buffer:sync_error',
    );
    expect(stale.payload).toMatchObject({ code: 'VERSION_MISMATCH', expectedVersion: file.version + 6 });
    expect((await getBuffer('notes.md'))?.content).toBe('one\ntwo\nthree\n');
  });

  it('a range outside the text answers BAD_RANGE; an unopened path NO_BUFFER; a bad payload connection:error; the connection lives', async () => {
    const file = await open('src/other.ts');
    const bad = await ws.request(
      'buffer:edit',
      {
        path: 'src/other.ts',
        baseVersion: file.version,
        version: file.version + 1,
        changes: [
          { rangeOffset: 0, rangeLength: 0, text: 'ok ' },
          { rangeOffset: 10_000, rangeLength: 2, text: '' },
        ],
        cursorPosition: CURSOR,
      },
      'buffer:sync_error',
    );
    expect(bad.payload).toMatchObject({ path: 'src/other.ts', code: 'BAD_RANGE' });
    expect(await getBuffer('src/other.ts')).toBeNull(); // nothing of the refused batch stuck
    const none = await ws.request(
      'buffer:edit',
      {
        path: 'fresh.md',
        baseVersion: 1,
        version: 2,
        changes: [{ rangeOffset: 0, rangeLength: 0, text: 'x' }],
        cursorPosition: CURSOR,
      },
      'buffer:sync_error',
    );
    expect(none.payload.code).toBe('NO_BUFFER');
    const invalid = await ws.request('buffer:edit', {
      path: 'fresh.md',
      baseVersion: 2,
      version: 2,
      changes: [{ rangeOffset: 0, rangeLength: 0, text: 'x' }],
      cursorPosition: CURSOR,
    });
    expect(invalid).toMatchObject({ type: 'connection:error', payload: { code: 'INVALID_PAYLOAD' } });
    const outside = await ws.request('buffer:edit', {
      path: '../etc/passwd',
      baseVersion: 1,
      version: 2,
      changes: [{ rangeOffset: 0, rangeLength: 0, text: 'x' }],
      cursorPosition: CURSOR,
    });
    expect(outside.payload.code).toBe('PATH_OUTSIDE_PROJECT');
    expect((await ws.request('file:open', { path: 'fresh.md' }, 'fs:content')).payload.content).toBe(
      'fresh\n',
    );
  });

  it('downstream: every applied edit publishes buffer_update with the resulting charCount; refused ones publish nothing', async () => {
    const file = await open('fresh.md');
    events.length = 0;
    ws.send('buffer:edit', {
      path: 'fresh.md',
      baseVersion: file.version,
      version: file.version + 1,
      changes: [{ rangeOffset: 6, rangeLength: 0, text: 'more\n' }],
      cursorPosition: CURSOR,
    });
    ws.send('buffer:edit', {
      path: 'fresh.md',
      baseVersion: file.version,
      version: file.version + 1,
      changes: [{ rangeOffset: 0, rangeLength: 0, text: 'refused' }],
      cursorPosition: CURSOR,
    });
    ws.send('buffer:edit', {
      path: 'fresh.md',
      baseVersion: file.version + 1,
      version: file.version + 2,
      changes: [{ rangeOffset: 0, rangeLength: 6, text: '' }],
      cursorPosition: CURSOR,
    });
    await eventually(() => events.length >= 2);
    await ws.request('file:open', { path: 'README.md' }).catch(() => undefined); // a round trip: everything before it was handled
    expect(events.map((e) => e.data)).toEqual([
      { path: 'fresh.md', charCount: 'fresh\nmore\n'.length },
      { path: 'fresh.md', charCount: 'more\n'.length },
    ]);
  });

  it('downstream: with a session, a large incremental paste is a buffer_significant_change with the new size', async () => {
    const start = await mcp.client.callTool({
      name: 'paige_start_session',
      arguments: { issueTitle: 'Incremental sync' },
    });
    const sessionId = (start.structuredContent as { sessionId: string }).sessionId;
    const file = await open('src/other.ts');
    const paste = `${'// pasted line of code\n'.repeat(40)}`;
    ws.send('buffer:edit', {
      path: 'src/other.ts',
      baseVersion: file.version,
      version: file.version + 1,
      changes: [{ rangeOffset: file.content.length, rangeLength: 0, text: paste }],
      cursorPosition: CURSOR,
    });
    const row = await eventually(() =>
      t.server.parts.actionLog
        .recentActions({ sessionId, limit: 50 })
        .find((r) => r.actionType === 'buffer_significant_change'),
    );
    expect(row?.data).toMatchObject({
      path: 'src/other.ts',
      previousCharCount: file.content.length,
      newCharCount: file.content.length + paste.length,
    });
    await mcp.client.callTool({
      name: 'paige_end_session',
      arguments: { sessionTranscript: 'done', wait: false },
    });
  });

  it('a save conflict resolved with "reload": file:open discardBuffer answers the disk text and drops the unsaved buffer', async () => {
    const file = await open('src/other.ts');
    ws.send('buffer:edit', {
      path: 'src/other.ts',
      baseVersion: file.version,
      version: file.version + 1,
      changes: [{ rangeOffset: 0, rangeLength: 0, text: '// mine\n' }],
      cursorPosition: CURSOR,
    });
    writeFileSync(join(t.projectDir, 'src/other.ts'), 'export const other = 2; // changed on disk\n');
    const conflict = await ws.request(
      'file:save',
      { path: 'src/other.ts', content: `// mine\n${file.content}`, baseHash: file.hash },
      'fs:save_error',
    );
    expect(conflict.payload.code).toBe('CONFLICT');
    const reloaded = (
      await ws.request('file:open', { path: 'src/other.ts', discardBuffer: true }, 'fs:content')
    ).payload;
    expect(reloaded).toMatchObject({ content: 'export const other = 2; // changed on disk\n' });
    expect(reloaded.dirty).toBeUndefined();
    expect(reloaded.version).toBeGreaterThan(file.version + 1);
    expect(await getBuffer('src/other.ts')).toBeNull();
  });

  it('paige_open_file sends the unsaved buffer to the editor with dirty and version', async () => {
    const file = await open('notes.md');
    expect(file.dirty).toBe(true);
    const from = ws.received.length;
    await mcp.client.callTool({ name: 'paige_open_file', arguments: { path: 'notes.md' } });
    const msg = await ws.next((m) => m.type === 'editor:open_file', 5000, from);
    expect(msg.payload).toMatchObject({
      path: 'notes.md',
      content: 'one\ntwo\nthree\n',
      dirty: true,
      version: file.version,
    });
  });
});
