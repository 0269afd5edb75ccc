/**
 * Issue 16 item 2: incremental buffer sync in the workspace's buffer cache (versions per path, validated ranges,
 * the unsaved text served on open). Real files in a temp project.
 */
import { mkdtemp, realpath, rm, writeFile, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  BufferSyncError,
  createWorkspace,
  WorkspaceError,
  type BufferEdit,
  type Workspace,
} from '../src/index.js';

let dir: string;
let ws: Workspace;
const CURSOR = { line: 1, column: 1 };
const ORIGINAL = 'const a = 1;\nconst b = 2;\n';

const edit = (
  baseVersion: number,
  changes: BufferEdit['changes'],
  version = baseVersion + 1,
): BufferEdit => ({ baseVersion, version, changes, cursorPosition: CURSOR });

/** Applies an edit and reads the buffer back (what paige_get_buffer would return). */
async function applyAndRead(path: string, e: BufferEdit) {
  const r = await ws.applyBufferEdits(path, e);
  const entry = await ws.getBuffer(path);
  if (!entry) throw new Error('no buffer after an applied edit');
  expect(r).toEqual({ path: entry.path, version: e.version, charCount: entry.content.length });
  return entry;
}

async function refusal(p: Promise<unknown>): Promise<BufferSyncError | WorkspaceError | null> {
  try {
    await p;
    return null;
  } catch (err) {
    if (err instanceof WorkspaceError) return err;
    throw err;
  }
}

beforeEach(async () => {
  dir = await realpath(await mkdtemp(path.join(tmpdir(), 'paige-sync-')));
  await writeFile(path.join(dir, 'a.ts'), ORIGINAL);
  ws = await createWorkspace({ projectDir: dir, now: () => new Date('2026-02-11T10:00:00.000Z') });
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('Issue 16 item 2: incremental buffer edits', () => {
  it('openFile gives a version; edits applied in order produce the exact text and move the version', async () => {
    const opened = await ws.openFile('a.ts');
    expect(opened).toMatchObject({ content: ORIGINAL, dirty: false });
    expect(Number.isInteger(opened.version)).toBe(true);
    // Monaco's order within one event: from the end of the document to the beginning.
    const v1 = opened.version;
    await ws.applyBufferEdits(
      'a.ts',
      edit(v1, [
        { rangeOffset: 23, rangeLength: 1, text: '20' }, // b = 2 -> b = 20
        { rangeOffset: 10, rangeLength: 1, text: '10' }, // a = 1 -> a = 10
      ]),
    );
    // a second batch, offsets in the text after the first batch: append a line, then delete "const " of line 1
    const entry = await applyAndRead(
      'a.ts',
      edit(
        v1 + 1,
        [
          { rangeOffset: 28, rangeLength: 0, text: 'const c = 3;\n' },
          { rangeOffset: 0, rangeLength: 6, text: '' },
        ],
        v1 + 5,
      ),
    );
    expect(entry.content).toBe('a = 10;\nconst b = 20;\nconst c = 3;\n');
    expect(entry.dirty).toBe(true);
    expect((await ws.getBuffer('a.ts'))?.content).toBe(entry.content);
    expect(await ws.getBufferVersion('a.ts')).toBe(v1 + 5);
  });

  it('a version gap is refused with VERSION_MISMATCH and the expected version; nothing changes', async () => {
    const { version } = await ws.openFile('a.ts');
    await ws.applyBufferEdits('a.ts', edit(version, [{ rangeOffset: 0, rangeLength: 0, text: '// x\n' }]));
    const err = await refusal(
      ws.applyBufferEdits('a.ts', edit(version, [{ rangeOffset: 0, rangeLength: 0, text: 'LOST' }])),
    );
    expect(err).toBeInstanceOf(BufferSyncError);
    expect(err).toMatchObject({ code: 'VERSION_MISMATCH', expectedVersion: version + 1, path: 'a.ts' });
    expect((await ws.getBuffer('a.ts'))?.content).toBe(`// x\n${ORIGINAL}`);
    expect(await ws.getBufferVersion('a.ts')).toBe(version + 1);
  });

  it('a range outside the text, or one splitting a surrogate pair, is BAD_RANGE and no earlier change of the batch sticks', async () => {
    await writeFile(path.join(dir, 'emoji.md'), 'a😀b');
    const { version } = await ws.openFile('emoji.md');
    const outside = await refusal(
      ws.applyBufferEdits(
        'emoji.md',
        edit(version, [
          { rangeOffset: 0, rangeLength: 0, text: 'first ' },
          { rangeOffset: 100, rangeLength: 1, text: '' },
        ]),
      ),
    );
    expect(outside).toMatchObject({ code: 'BAD_RANGE' });
    expect(outside?.message).toMatch(/Change 2 of 2/);
    const split = await refusal(
      ws.applyBufferEdits('emoji.md', edit(version, [{ rangeOffset: 2, rangeLength: 0, text: 'x' }])),
    );
    expect(split).toMatchObject({ code: 'BAD_RANGE' });
    expect(await ws.getBuffer('emoji.md')).toBeNull();
    expect(await ws.getBufferVersion('emoji.md')).toBe(version);
    // the surrogate pair as a whole is fine
    const ok = await applyAndRead(
      'emoji.md',
      edit(version, [{ rangeOffset: 1, rangeLength: 2, text: '🙂' }]),
    );
    expect(ok.content).toBe('a🙂b');
  });

  it('NO_BUFFER when the path was never opened, or the disk changed before the first edit', async () => {
    expect(
      await refusal(ws.applyBufferEdits('a.ts', edit(1, [{ rangeOffset: 0, rangeLength: 0, text: 'x' }]))),
    ).toMatchObject({ code: 'NO_BUFFER' });
    const { version } = await ws.openFile('a.ts');
    await writeFile(path.join(dir, 'a.ts'), 'changed elsewhere\n');
    const err = await refusal(
      ws.applyBufferEdits('a.ts', edit(version, [{ rangeOffset: 0, rangeLength: 0, text: 'x' }])),
    );
    expect(err).toMatchObject({ code: 'NO_BUFFER', expectedVersion: version });
  });

  it('a versioned full update re-baselines; a stale one is refused; an unversioned one moves the version on', async () => {
    const { version } = await ws.openFile('a.ts');
    await ws.updateBuffer('a.ts', { content: 'full text\n', cursorPosition: CURSOR, version: version + 10 });
    expect(await ws.getBufferVersion('a.ts')).toBe(version + 10);
    expect(
      await refusal(
        ws.updateBuffer('a.ts', { content: 'stale\n', cursorPosition: CURSOR, version: version + 10 }),
      ),
    ).toMatchObject({ code: 'VERSION_MISMATCH', expectedVersion: version + 10 });
    expect((await ws.getBuffer('a.ts'))?.content).toBe('full text\n');
    const e = await applyAndRead('a.ts', edit(version + 10, [{ rangeOffset: 4, rangeLength: 5, text: '' }]));
    expect(e.content).toBe('full\n');
    await ws.updateBuffer('a.ts', { content: 'legacy client\n', cursorPosition: CURSOR });
    expect(await ws.getBufferVersion('a.ts')).toBe(version + 12);
    expect(
      await refusal(
        ws.applyBufferEdits('a.ts', edit(version + 11, [{ rangeOffset: 0, rangeLength: 0, text: 'x' }])),
      ),
    ).toMatchObject({ code: 'VERSION_MISMATCH' });
  });

  it('openFile returns the unsaved buffer with dirty and its version, and the disk hash for the save', async () => {
    const first = await ws.openFile('a.ts');
    await ws.applyBufferEdits(
      'a.ts',
      edit(first.version, [{ rangeOffset: 0, rangeLength: 0, text: '// unsaved\n' }]),
    );
    const again = await ws.openFile('a.ts');
    expect(again).toMatchObject({
      content: `// unsaved\n${ORIGINAL}`,
      dirty: true,
      version: first.version + 1,
      hash: first.hash,
      lineCount: 4,
    });
    // saving that text keeps the version: edits continue from it, from the cache or (evicted) from the disk
    await ws.writeFile('a.ts', again.content, { baseHash: first.hash });
    const afterSave = await applyAndRead(
      'a.ts',
      edit(again.version, [{ rangeOffset: 0, rangeLength: 3, text: '' }]),
    );
    expect(afterSave.content).toBe(`unsaved\n${ORIGINAL}`);
    expect(await readFile(path.join(dir, 'a.ts'), 'utf8')).toBe(`// unsaved\n${ORIGINAL}`);
  });

  it('saving other text than the buffer at its version makes the next edit NO_BUFFER (no silent divergence)', async () => {
    const { version } = await ws.openFile('a.ts');
    await ws.applyBufferEdits('a.ts', edit(version, [{ rangeOffset: 0, rangeLength: 0, text: 'A' }]));
    await ws.writeFile('a.ts', 'AB' + ORIGINAL); // the editor had one more edit in flight
    expect(
      await refusal(
        ws.applyBufferEdits('a.ts', edit(version + 1, [{ rangeOffset: 1, rangeLength: 0, text: 'B' }])),
      ),
    ).toMatchObject({ code: 'NO_BUFFER' });
  });

  it('an edit after closing (clean buffer dropped) starts again from the disk text when its hash still matches', async () => {
    const { version } = await ws.openFile('a.ts');
    await ws.closeFile('a.ts');
    const e = await applyAndRead(
      'a.ts',
      edit(version, [{ rangeOffset: ORIGINAL.length, rangeLength: 0, text: '// end\n' }]),
    );
    expect(e.content).toBe(`${ORIGINAL}// end\n`);
  });

  it('a clean cached copy that no longer matches the disk is not served: open gives the disk text with a new version', async () => {
    const { version } = await ws.openFile('a.ts');
    await ws.writeFile('a.ts', 'saved\n');
    await writeFile(path.join(dir, 'a.ts'), 'edited in another tool\n');
    const reopened = await ws.openFile('a.ts');
    expect(reopened).toMatchObject({ content: 'edited in another tool\n', dirty: false });
    expect(reopened.version).toBeGreaterThan(version);
    expect(await ws.getBuffer('a.ts')).toBeNull();
  });

  it('500 random batches (several changes each, any order) give the same text as applying them one by one', async () => {
    let seed = 7;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    let { version } = await ws.openFile('a.ts');
    let expected = ORIGINAL;
    for (let b = 0; b < 500; b++) {
      const changes: Array<{ rangeOffset: number; rangeLength: number; text: string }> = [];
      let text = expected;
      for (let k = 0, n = 1 + Math.floor(random() * 6); k < n; k++) {
        const rangeOffset = Math.floor(random() * (text.length + 1));
        const rangeLength = Math.floor(random() * Math.min(5, text.length - rangeOffset + 1));
        const insert = ['', 'x', 'yz', '\n', 'é', 'const q = 1;'][Math.floor(random() * 6)] ?? '';
        changes.push({ rangeOffset, rangeLength, text: insert });
        text = text.slice(0, rangeOffset) + insert + text.slice(rangeOffset + rangeLength);
      }
      const entry = await applyAndRead('a.ts', edit(version, changes));
      version += 1;
      expected = text;
      expect(entry.content).toBe(expected);
    }
  });

  it('openFile with discardBuffer drops the unsaved text and serves the disk with a new version (revert)', async () => {
    const first = await ws.openFile('a.ts');
    await ws.applyBufferEdits(
      'a.ts',
      edit(first.version, [{ rangeOffset: 0, rangeLength: 0, text: 'draft ' }]),
    );
    const reverted = await ws.openFile('a.ts', { discardBuffer: true });
    expect(reverted).toMatchObject({ content: ORIGINAL, dirty: false, hash: first.hash });
    expect(reverted.version).toBeGreaterThan(first.version + 1);
    expect(await ws.getBuffer('a.ts')).toBeNull();
    expect(await ws.getDirtyPaths()).toEqual([]);
    // the old lineage is refused; the new one applies to the disk text
    expect(
      await refusal(
        ws.applyBufferEdits('a.ts', edit(first.version + 1, [{ rangeOffset: 0, rangeLength: 0, text: 'x' }])),
      ),
    ).toMatchObject({ code: 'VERSION_MISMATCH' });
    expect(
      (await applyAndRead('a.ts', edit(reverted.version, [{ rangeOffset: 0, rangeLength: 0, text: 'y' }])))
        .content,
    ).toBe(`y${ORIGINAL}`);
  });

  it('a 200 KB buffer is edited in chunks: 800 random edits around chunk boundaries give the same text as plain slicing', async () => {
    const big = Array.from(
      { length: 4000 },
      (_, i) => `line ${i}: ${'é'.repeat(i % 3)}${'x'.repeat(40)}\n`,
    ).join('');
    await writeFile(path.join(dir, 'big.ts'), big);
    let { version } = await ws.openFile('big.ts');
    let expected = big;
    let seed = 11;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (let i = 0; i < 800; i++) {
      // near a multiple of 16 Ki (a chunk boundary) half of the time
      const near = Math.floor(random() * (expected.length / 16384)) * 16384 + Math.floor(random() * 6) - 3;
      const rangeOffset = Math.max(
        0,
        Math.min(expected.length, random() < 0.5 ? near : Math.floor(random() * (expected.length + 1))),
      );
      const rangeLength = Math.floor(
        random() * Math.min(random() < 0.05 ? 40_000 : 8, expected.length - rangeOffset + 1),
      );
      const text =
        random() < 0.02 ? 'p'.repeat(70_000) : (['', 'a', 'bc', '\n', 'é'][Math.floor(random() * 5)] ?? '');
      const r = await ws.applyBufferEdits('big.ts', edit(version, [{ rangeOffset, rangeLength, text }]));
      version += 1;
      expected = expected.slice(0, rangeOffset) + text + expected.slice(rangeOffset + rangeLength);
      expect(r.charCount).toBe(expected.length);
      if (i % 100 === 0) expect((await ws.getBuffer('big.ts'))?.content).toBe(expected);
    }
    expect((await ws.getBuffer('big.ts'))?.content).toBe(expected);
    const diff = await ws.getDiff('big.ts');
    expect(diff).toHaveLength(1);
  }, 60_000);

  it('a new path starts at the clock (ms), so versions from an earlier server run never match', async () => {
    const { version } = await ws.openFile('a.ts');
    expect(version).toBe(Date.parse('2026-02-11T10:00:00.000Z'));
  });
});
