/**
 * Hardening (issue 11 item 3, Story 3 "every path confined to the project"): generated escape attempts over
 * WebSocket (`file:open`, `file:save`, `buffer:update`) and MCP (`paige_open_file`, `paige_get_buffer`). A
 * secret file and a symlink sit just outside the project; nothing outside the project may be read or written.
 */
import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectMcp, startTestServer, WsClient, type TestServer } from '../support/harness.js';

const SECRET = 'TOP-SECRET-OUTSIDE-THE-PROJECT';
let root: string;
let outside: string;
let projectDir: string;
let t: TestServer;
let ws: WsClient;
let mcp: Awaited<ReturnType<typeof connectMcp>>;

/** Every file under `dir` (path -> content), following no links. */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) out.set(relative(dir, p), readFileSync(p, 'utf8'));
      else out.set(relative(dir, p), `link:${lstatSync(p).size}`);
    }
  };
  walk(dir);
  return out;
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'paige-fuzz-'));
  outside = join(root, 'outside');
  projectDir = join(root, 'project');
  mkdirSync(outside);
  mkdirSync(join(projectDir, 'src'), { recursive: true });
  writeFileSync(join(outside, 'secret.txt'), SECRET);
  writeFileSync(join(root, 'secret.txt'), SECRET);
  writeFileSync(join(projectDir, 'src', 'ok.ts'), 'export const ok = true;\n');
  symlinkSync(join(outside, 'secret.txt'), join(projectDir, 'src', 'link-to-secret.txt'));
  symlinkSync(outside, join(projectDir, 'outside-dir'));
  t = await startTestServer({ projectDir });
  ws = (await WsClient.hello(t.url)).client;
  mcp = await connectMcp(t.url);
});
afterAll(async () => {
  await mcp.close();
  await ws.close();
  await t.stop();
  rmSync(root, { recursive: true, force: true });
});

const segment = fc.constantFrom(
  '..',
  '.',
  '',
  'outside',
  'secret.txt',
  'src',
  'project',
  '%2e%2e',
  '..%2f',
  '....',
  '..\\..',
  '\u002e\u002e',
  ' ..',
  '.. ',
  'outside-dir',
  'link-to-secret.txt',
);
/** Paths aiming outside: relative climbs, absolute paths, symlinks, encodings, odd separators. */
const escapePath = fc.oneof(
  fc.array(segment, { minLength: 1, maxLength: 8 }).map((s) => s.join('/')),
  fc.array(segment, { minLength: 1, maxLength: 6 }).map((s) => s.join('\\')),
  fc
    .constantFrom(
      () => join(outside, 'secret.txt'),
      () => join(root, 'secret.txt'),
      () => `${projectDir}/../outside/secret.txt`,
      () => `file://${join(outside, 'secret.txt')}`,
      () => 'src/link-to-secret.txt',
      () => 'outside-dir/secret.txt',
      () => 'outside-dir/new-file.txt',
      () => '/etc/passwd',
      () => '~/.ssh/id_rsa',
      () => '//etc/passwd',
    )
    .map((f) => f()),
  fc
    .tuple(
      fc.array(fc.constant('..'), { minLength: 1, maxLength: 10 }),
      fc.constantFrom('outside/secret.txt', 'secret.txt', 'etc/passwd', 'outside/pwned.txt'),
    )
    .map(([up, tail]) => [...up, tail].join('/')),
  fc
    .string({ maxLength: 40 })
    .filter((s) => s.length > 0 && !s.includes('\0'))
    .map((s) => `../${s}`),
);

/** True when `rel` (as the server reports it, relative to the project) resolves inside the project. */
function inside(rel: string): boolean {
  const abs = resolve(projectDir, rel);
  return abs.startsWith(projectDir + sep);
}

function noSecret(value: unknown): void {
  expect(JSON.stringify(value)).not.toContain(SECRET);
}

describe('Hardening: path fuzz (Story 3 confinement)', () => {
  it('WebSocket file:open, file:save, buffer:update and buffer:edit never read or write outside the project', async () => {
    const before = snapshot(outside);
    const rootBefore = readdirSync(root).sort();
    await fc.assert(
      fc.asyncProperty(escapePath, async (path) => {
        const opened = await ws.request('file:open', { path }, undefined, 5000);
        noSecret(opened);
        if (opened.type === 'fs:content') {
          // Only a path inside the project may open: the project file, or one an earlier save of this fuzz created.
          expect(String(opened.payload.content)).toMatch(/^(export const ok = true;\n|pwned )/);
        } else {
          expect(opened.type).toBe('connection:error');
        }
        const saved = await ws.request('file:save', { path, content: `pwned ${path}` }, undefined, 5000);
        noSecret(saved);
        expect(
          saved.type === 'fs:save_error' ||
            saved.type === 'connection:error' ||
            (saved.type === 'fs:save_ack' && inside(String(saved.payload.path))),
        ).toBe(true);
        ws.send('buffer:update', { path, content: `pwned ${path}`, cursorPosition: { line: 1, column: 1 } });
        // An incremental edit (issue 16) is confined the same way: a typed refusal, never a read outside.
        const edit = await ws.request(
          'buffer:edit',
          {
            path,
            baseVersion: 1,
            version: 2,
            changes: [{ rangeOffset: 0, rangeLength: 0, text: 'pwned ' }],
            cursorPosition: { line: 1, column: 1 },
          },
          undefined,
          5000,
        );
        noSecret(edit);
        expect(['buffer:sync_error', 'connection:error']).toContain(edit.type);
        // In order: the buffer update was handled before this reply.
        await ws.request(
          'connection:hello',
          { version: '1.0.0', platform: 'linux', windowSize: { width: 10, height: 10 } },
          'connection:init',
        );
      }),
      { numRuns: 150, seed: 20261122 },
    );
    expect(snapshot(outside)).toEqual(before);
    expect(readdirSync(root).sort()).toEqual(rootBefore);
    expect(readFileSync(join(root, 'secret.txt'), 'utf8')).toBe(SECRET);
    // The links still point outside, untouched, and no project file picked up the secret.
    expect(lstatSync(join(projectDir, 'src', 'link-to-secret.txt')).isSymbolicLink()).toBe(true);
    expect(lstatSync(join(projectDir, 'outside-dir')).isSymbolicLink()).toBe(true);
    for (const content of snapshot(projectDir).values()) noSecret(content);
  });

  it('MCP paige_open_file and paige_get_buffer never read outside the project', async () => {
    await fc.assert(
      fc.asyncProperty(escapePath, async (path) => {
        for (const name of ['paige_open_file', 'paige_get_buffer']) {
          const r = await mcp.client
            .callTool({ name, arguments: { path } })
            .catch((err: Error) => ({ isError: true, content: [{ type: 'text', text: err.message }] }));
          noSecret(r);
          if (!r.isError && name === 'paige_open_file') {
            const sc = (r as { structuredContent?: { path?: string } }).structuredContent;
            expect(inside(sc?.path ?? '')).toBe(true);
          }
        }
      }),
      { numRuns: 150, seed: 20261123 },
    );
    // Nothing outside leaked into the editor either (paige_open_file broadcasts editor:open_file).
    noSecret(ws.received);
  });

  it('the escape attempts were refused with the typed PATH_OUTSIDE_PROJECT code', async () => {
    const err = await ws.request('file:open', { path: '../outside/secret.txt' }, 'connection:error');
    expect(err.payload.code).toBe('PATH_OUTSIDE_PROJECT');
    const link = await ws.request('file:open', { path: 'src/link-to-secret.txt' }, 'connection:error');
    expect(link.payload.code).toBe('PATH_OUTSIDE_PROJECT');
    const save = await ws.request('file:save', { path: 'outside-dir/new.txt', content: 'x' }, undefined);
    expect(save.type === 'fs:save_error' ? save.payload.code : save.payload.code).toBe(
      'PATH_OUTSIDE_PROJECT',
    );
    const tool = await mcp.client.callTool({ name: 'paige_open_file', arguments: { path: '/etc/passwd' } });
    expect(tool.isError).toBe(true);
    expect(JSON.stringify(tool.content)).toMatch(/outside/i);
  });
});
