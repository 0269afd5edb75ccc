/**
 * Story 3 and the file parts of Story 5 (issue 4 item 7) through a real WebSocket client: the tree on
 * connect, open/save/close, conflicts, confinement (symlinks included), binary and oversized files, buffer
 * updates and the action log they feed.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { createPlan } from '@paige/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connectMcp,
  eventually,
  makeProject,
  startTestServer,
  WsClient,
  type TestServer,
} from '../support/harness.js';

const sha = (s: string | Buffer) => createHash('sha256').update(s).digest('hex');

let t: TestServer;
let outside: string;
let ws: WsClient;

beforeAll(async () => {
  outside = mkdtempSync(join(tmpdir(), 'paige-outside-'));
  writeFileSync(join(outside, 'secret.txt'), 'top secret\n');
  const project = makeProject({
    'src/auth.ts': 'export function login(user: string) {\n  return user.length > 0;\n}\n',
    'src/handlers/oauth.ts': 'export const oauth = true;\n',
    'README.md': '# demo\n',
    '.gitignore': 'generated/\n*.log\n',
    'generated/out.js': 'x',
    'debug.log': 'noise',
    'node_modules/pkg/index.js': 'module.exports = 1;',
    'image.png': Buffer.from([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52,
    ]),
  });
  writeFileSync(join(project, 'big.txt'), 'a'.repeat(6 * 1024 * 1024));
  symlinkSync(outside, join(project, 'escape'));
  mkdirSync(join(project, 'loop'));
  symlinkSync(join(project, 'loop'), join(project, 'loop', 'self'));
  t = await startTestServer({ projectDir: project, env: { PAIGE_WATCH: 'true' } });
  ws = (await WsClient.hello(t.url)).client;
});

afterAll(async () => {
  await ws.close();
  await t.stop();
  rmSync(t.projectDir, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

interface Node {
  name: string;
  path: string;
  type: string;
  children?: Node[];
}

describe('Story 3 / Story 5: the editor file protocol', () => {
  it('sends fs:tree after connection:init: directories first, noise and .gitignore excluded, symlinks not followed out', async () => {
    const tree = (await ws.next('fs:tree')).payload.root as unknown as Node;
    const names = (tree.children ?? []).map((c) => c.name);
    expect(names).toContain('src');
    expect(names).toContain('README.md');
    for (const hidden of ['node_modules', 'generated', 'debug.log']) expect(names).not.toContain(hidden);
    const firstFile = (tree.children ?? []).findIndex((c) => c.type === 'file');
    const lastDir = (tree.children ?? []).map((c) => c.type).lastIndexOf('directory');
    expect(lastDir).toBeLessThan(firstFile);
    expect(JSON.stringify(tree)).not.toContain('secret.txt');
  });

  it('AS-2: file:open -> fs:content { path, content, language, lineCount, hash }', async () => {
    const r = await ws.request('file:open', { path: 'src/auth.ts' }, 'fs:content');
    expect(r.payload).toMatchObject({ path: 'src/auth.ts', language: 'typescript', lineCount: 4 });
    expect(r.payload.hash).toBe(sha(readFileSync(join(t.projectDir, 'src/auth.ts'))));
  });

  it('rejects paths outside PROJECT_DIR (.., absolute, symlink) with PATH_OUTSIDE_PROJECT and reads nothing', async () => {
    for (const path of ['../../etc/passwd', '/etc/passwd', 'escape/secret.txt']) {
      const r = await ws.request('file:open', { path });
      expect(r.type).toBe('connection:error');
      expect(r.payload.code).toBe('PATH_OUTSIDE_PROJECT');
      expect(JSON.stringify(r.payload)).not.toContain('top secret');
    }
  });

  it('binary and oversized files give BINARY_FILE and FILE_TOO_LARGE', async () => {
    expect((await ws.request('file:open', { path: 'image.png' })).payload.code).toBe('BINARY_FILE');
    expect((await ws.request('file:open', { path: 'big.txt' })).payload.code).toBe('FILE_TOO_LARGE');
    expect((await ws.request('file:open', { path: 'nope.ts' })).payload.code).toBe('FILE_NOT_FOUND');
  });

  it('AS-3: file:save writes atomically and acks with the new hash; the save is not echoed as an external change', async () => {
    const content = 'export function login(user: string) {\n  return user.trim().length > 0;\n}\n';
    const before = ws.count('fs:tree_update');
    const r = await ws.request('file:save', { path: 'src/auth.ts', content }, 'fs:save_ack');
    expect(r.payload).toMatchObject({ path: 'src/auth.ts', success: true, hash: sha(content) });
    expect(readFileSync(join(t.projectDir, 'src/auth.ts'), 'utf8')).toBe(content);
    // an external change after it is broadcast, proving the watcher runs; the save itself was not
    writeFileSync(join(t.projectDir, 'external.ts'), 'export {};\n');
    const ext = await ws.next((m) => m.type === 'fs:tree_update' && m.payload.path === 'external.ts', 10_000);
    expect(ext.payload.action).toBe('add');
    const echoes = ws.received
      .slice(before)
      .filter((m) => m.type === 'fs:tree_update' && m.payload.path === 'src/auth.ts');
    expect(echoes).toHaveLength(0);
  });

  it('a baseHash that no longer matches the disk -> fs:save_error CONFLICT and nothing written', async () => {
    const onDisk = readFileSync(join(t.projectDir, 'README.md'), 'utf8');
    const r = await ws.request(
      'file:save',
      { path: 'README.md', content: 'mine', baseHash: sha('stale') },
      'fs:save_error',
    );
    expect(r.payload).toMatchObject({ path: 'README.md', code: 'CONFLICT' });
    expect(readFileSync(join(t.projectDir, 'README.md'), 'utf8')).toBe(onDisk);
  });

  it('a save into a missing directory or outside the project fails with a typed fs:save_error', async () => {
    const missing = await ws.request(
      'file:save',
      { path: 'no/such/dir/a.ts', content: 'x' },
      'fs:save_error',
    );
    expect(missing.payload.code).toBe('PARENT_NOT_FOUND');
    const escape = await ws.request(
      'file:save',
      { path: 'escape/secret.txt', content: 'pwned' },
      'fs:save_error',
    );
    expect(escape.payload.code).toBe('PATH_OUTSIDE_PROJECT');
    expect(readFileSync(join(outside, 'secret.txt'), 'utf8')).toBe('top secret\n');
  });

  it('AS-4: buffer:update gets no reply, is visible through paige_get_buffer, and confinement applies', async () => {
    const mcp = await connectMcp(t.url);
    const before = ws.received.length;
    ws.send('buffer:update', {
      path: 'src/handlers/oauth.ts',
      content: 'export const oauth = false;\n',
      cursorPosition: { line: 1, column: 5 },
    });
    const got = await eventually(async () => {
      const r = await mcp.client.callTool({
        name: 'paige_get_buffer',
        arguments: { path: 'src/handlers/oauth.ts' },
      });
      const buffer = (r.structuredContent as { buffer: { content: string; dirty: boolean } | null }).buffer;
      return buffer?.content.includes('false') ? buffer : undefined;
    });
    expect(got?.dirty).toBe(true);
    expect(
      ws.received.slice(before).filter((m) => m.id === undefined && m.type !== 'fs:tree_update'),
    ).toHaveLength(0);
    const bad = await ws.request('buffer:update', {
      path: '../x.ts',
      content: 'x',
      cursorPosition: { line: 1, column: 1 },
    });
    expect(bad.payload.code).toBe('PATH_OUTSIDE_PROJECT');
    await mcp.close();
  });

  it('Story 4/5 AS-5: user actions of an active session reach the action log; hint escalation records a progress event', async () => {
    const mcp = await connectMcp(t.url);
    const start = await mcp.client.callTool({
      name: 'paige_start_session',
      arguments: { issueTitle: 'Fix login' },
    });
    const sessionId = (start.structuredContent as { sessionId: string }).sessionId;
    const plan = createPlan(t.server.parts.db, {
      sessionId,
      title: 'Fix login',
      phases: [{ number: 1, title: 'Read', description: 'Read auth.ts', hints: [] }],
    });
    await mcp.client.callTool({ name: 'paige_update_phase', arguments: { phase: 1, status: 'active' } });
    ws.send('file:open', { path: 'src/auth.ts' });
    ws.send('editor:tab_switch', { fromPath: null, toPath: 'src/auth.ts' });
    ws.send('editor:selection', {
      path: 'src/auth.ts',
      range: { startLine: 1, startColumn: 1, endLine: 2, endColumn: 3 },
      textLength: 20,
    });
    ws.send('explorer:expand_dir', { path: 'src' });
    ws.send('hints:level_change', { level: 'high', previousLevel: 'low' });
    ws.send('user:idle_start', { lastActionTimestamp: new Date().toISOString() });
    ws.send('user:idle_end', {});
    ws.send('file:close', { path: 'src/auth.ts' });
    const expected: string[] = [
      'file_open',
      'editor_tab_switch',
      'selection',
      'explorer_expand_dir',
      'hint_level_change',
      'idle_start',
      'idle_end',
      'file_close',
    ];
    const rows = await eventually(() => {
      const r: string[] = t.server.parts.actionLog
        .recentActions({ sessionId, limit: 100 })
        .map((x) => x.actionType);
      return expected.every((ty) => r.includes(ty)) ? r : undefined;
    });
    // messages of one connection are handled in order
    const chronological = [...(rows ?? [])].reverse().filter((ty) => expected.includes(ty));
    expect(chronological).toEqual(expected);
    const state = await mcp.client.callTool({
      name: 'paige_get_session_state',
      arguments: { include: ['progress'] },
    });
    const progress = (state.structuredContent as { progress: Array<{ eventType: string }> }).progress;
    expect(progress.map((p) => p.eventType)).toContain('hint_escalated');
    expect(plan.phases).toHaveLength(1);
    await mcp.client.callTool({ name: 'paige_end_session', arguments: { sessionTranscript: 'done' } });
    await mcp.close();
  });
});
