import fc from 'fast-check';
import { readdir, realpath } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkspaceError, createWorkspace } from '../src/index.js';
import type { Workspace } from '../src/index.js';
import { createFixture, snapshotDir } from './fixture.js';
import type { Fixture } from './fixture.js';

let fx: Fixture;
let ws: Workspace;
let realRoot: string;

beforeAll(async () => {
  fx = await createFixture({ big: false });
  ws = await createWorkspace({ projectDir: fx.projectDir });
  realRoot = await realpath(fx.projectDir);
});
afterAll(async () => {
  await fx.cleanup();
});

const inside = (abs: string): boolean => abs === realRoot || abs.startsWith(realRoot + path.sep);

/** Path pieces an attacker (or a confused client) would try. */
function pathArbitrary(): fc.Arbitrary<string> {
  const tricky = fc.constantFrom(
    '..',
    '.',
    '',
    '...',
    'src',
    'util',
    'link-out',
    'link-in',
    'link-secret.txt',
    'dangling-out.txt',
    'loop-a',
    'self',
    'outside',
    'secret.txt',
    'project',
    '%2e%2e',
    '%2e%2e%2f',
    '..%2f',
    '%2F',
    '..\\..',
    '\\..\\',
    '.%2e',
    '%c0%ae%c0%ae',
    '．．',
    '‥',
    'ü',
    '日本語',
    '\u202e',
    '\0',
    'a\0b',
    '~',
    '$HOME',
    ' ',
    '..;',
    'file://',
    'C:',
  );
  const segment = fc.oneof(
    { weight: 4, arbitrary: tricky },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 8 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }) },
  );
  const prefix = fc.constantFrom(
    () => '',
    () => '/',
    () => '//',
    () => './',
    () => '../',
    () => '/etc/',
    () => `${fx.outsideDir}/`,
    () => `${fx.projectDir}/`,
    () => `${fx.base}/`,
    () => `${fx.projectDir}/../outside/`,
  );
  const sep = fc.constantFrom('/', '/', '//', '/./', '\\');
  return fc
    .tuple(prefix, fc.array(segment, { minLength: 0, maxLength: 7 }), sep)
    .map(([pre, segs, s]) => pre() + segs.join(s));
}

describe('Story 3: File System Layer', () => {
  it('AS-9 (property): 10,000 generated paths never read or write outside the project root', async () => {
    const outsideBefore = await snapshotDir(fx.outsideDir);
    let accepted = 0;
    let written = 0;
    let rejected = 0;
    await fc.assert(
      fc.asyncProperty(pathArbitrary(), fc.nat(), async (candidate, n) => {
        // 1. Resolution: accepted paths resolve inside the real root; everything else is a typed rejection.
        let abs: string | null = null;
        try {
          abs = await ws.root.resolve(candidate);
        } catch (err) {
          if (!(err instanceof WorkspaceError)) throw err;
          rejected += 1;
        }
        if (abs !== null) {
          accepted += 1;
          expect(inside(abs), `${JSON.stringify(candidate)} -> ${abs}`).toBe(true);
        }
        // 2. Reads never return outside content.
        try {
          const read = await ws.readFile(candidate);
          expect(read.content).not.toContain(fx.sentinel);
          expect(abs).not.toBeNull();
        } catch (err) {
          if (!(err instanceof WorkspaceError)) throw err;
        }
        // 3. Writes land inside (the resolved path now holds exactly what was written) or are refused.
        const payload = `payload-${n}`;
        try {
          const ack = await ws.writeFile(candidate, payload);
          written += 1;
          expect(abs).not.toBeNull();
          expect((await ws.readFile(ack.path)).content).toBe(payload);
        } catch (err) {
          if (!(err instanceof WorkspaceError)) throw err;
        }
        // 4. Buffers are keyed by confined paths only.
        try {
          await ws.updateBuffer(candidate, { content: payload, cursorPosition: { line: 1, column: 1 } });
          expect(abs).not.toBeNull();
        } catch (err) {
          if (!(err instanceof WorkspaceError)) throw err;
          if (abs !== null) expect(['BUFFER_CACHE_FULL', 'NOT_A_FILE']).toContain(err.code);
        }
        // 5. A buffer is only ever returned for a confined path (getBuffer's cached-path fast path included), and the
        //    watcher's toRelative (fast path for normal paths) agrees with path.relative.
        try {
          const buffer = await ws.getBuffer(candidate);
          if (buffer !== null) expect(abs).not.toBeNull();
        } catch (err) {
          if (!(err instanceof WorkspaceError)) throw err;
        }
        if (abs !== null) expect(ws.root.toRelative(abs)).toBe(path.relative(realRoot, abs));
      }),
      { numRuns: 10_000 },
    );
    expect(await snapshotDir(fx.outsideDir)).toBe(outsideBefore);
    expect((await readdir(fx.base)).sort()).toEqual(['outside', 'project']);
    // The generator really exercised both sides.
    expect(accepted).toBeGreaterThan(1_000);
    expect(rejected).toBeGreaterThan(1_000);
    expect(written).toBeGreaterThan(100);
  }, 110_000);
});
