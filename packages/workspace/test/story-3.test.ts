import { chmod, mkdir, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MONACO_LANGUAGE_IDS,
  PathOutsideProjectError,
  WorkspaceError,
  createLanguageDetector,
  createProjectRoot,
  createWorkspace,
} from '../src/index.js';
import type { TreeNode, Workspace } from '../src/index.js';
import { fromNodeError } from '../src/errors.js';
import { createFixture, snapshotDir } from './fixture.js';

const execFileP = promisify(execFile);
import type { Fixture } from './fixture.js';

let fx: Fixture;
let ws: Workspace;
const fixedNow = new Date('2026-02-11T10:00:00.000Z');

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    if (err instanceof WorkspaceError) return err.code;
    throw err;
  }
  return 'NO_ERROR';
}

function paths(node: TreeNode): string[] {
  return [node.path, ...(node.children ?? []).flatMap(paths)].filter((p) => p !== '');
}

function find(node: TreeNode, p: string): TreeNode | undefined {
  if (node.path === p) return node;
  for (const child of node.children ?? []) {
    const hit = find(child, p);
    if (hit) return hit;
  }
  return undefined;
}

beforeAll(async () => {
  fx = await createFixture();
  ws = await createWorkspace({ projectDir: fx.projectDir, now: () => fixedNow });
});
afterAll(async () => {
  await fx.cleanup();
});

describe('Story 3: File System Layer', () => {
  it('AS-1: readFile returns the content, the Monaco language id, the line count and a SHA-256 hash', async () => {
    const result = await ws.readFile('src/index.ts');
    expect(result).toEqual({
      path: 'src/index.ts',
      content: 'export const answer: number = 42;\nconsole.log(answer);\n',
      language: 'typescript',
      lineCount: 3,
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect((await ws.readFile('./src/util/../util/helpers.py')).language).toBe('python');
    expect((await ws.readFile('README.md')).language).toBe('markdown');
    expect((await ws.readFile('package.json')).language).toBe('json');
    expect((await ws.readFile('keep.log')).language).toBe('plaintext');
    // A symlink to a file inside the project is readable under its own name.
    expect((await ws.readFile('link-in/index.ts')).path).toBe('link-in/index.ts');
  });

  it('AS-1: language ids come from the Linguist table mapped to Monaco ids, plaintext when unknown', async () => {
    const detect = await createLanguageDetector();
    const cases: Record<string, string> = {
      'a.tsx': 'typescript',
      'types.d.ts': 'typescript',
      'a.mjs': 'javascript',
      'a.go': 'go',
      'a.rs': 'rust',
      'A.java': 'java',
      'a.cs': 'csharp',
      'a.cpp': 'cpp',
      'a.c': 'c',
      'a.h': 'c',
      'run.sh': 'shell',
      'a.yml': 'yaml',
      'q.sql': 'sql',
      'a.rb': 'ruby',
      'i.php': 'php',
      Dockerfile: 'dockerfile',
      'a.html': 'html',
      'a.css': 'css',
      'tsconfig.json': 'json',
      'notes.unknown-ext': 'plaintext',
      LICENSE: 'plaintext',
    };
    for (const [name, id] of Object.entries(cases)) expect(detect(`dir/${name}`), name).toBe(id);
    for (const id of Object.values(cases)) expect(MONACO_LANGUAGE_IDS.has(id)).toBe(true);
  });

  it('AS-1 (EC-12, limits): binary, too large, missing, directory and looping paths give typed errors', async () => {
    expect(await codeOf(ws.readFile('image.png'))).toBe('BINARY_FILE');
    expect(await codeOf(ws.readFile('big.txt'))).toBe('FILE_TOO_LARGE');
    expect(await codeOf(ws.readFile('missing.ts'))).toBe('FILE_NOT_FOUND');
    expect(await codeOf(ws.readFile('src'))).toBe('NOT_A_FILE');
    expect(await codeOf(ws.readFile('loop-a'))).toBe('IO_ERROR');
    const big = await createWorkspace({ projectDir: fx.projectDir, maxFileBytes: 7 * 1024 * 1024 });
    expect((await big.readFile('big.txt')).lineCount).toBe(1);
    const err = await ws.readFile('big.txt').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkspaceError);
    expect(String((err as Error).message)).toContain("'big.txt'");
    expect(String((err as Error).message)).not.toContain(fx.base);
  });

  it('AS-2: writeFile writes atomically, keeps the mode, acknowledges and marks the buffer clean', async () => {
    await ws.updateBuffer('src/index.ts', {
      content: 'export const answer = 43;\n',
      cursorPosition: { line: 1, column: 5 },
    });
    await chmod(path.join(fx.projectDir, 'src', 'index.ts'), 0o640);
    const ack = await ws.writeFile('src/index.ts', 'export const answer = 43;\n');
    expect(ack).toEqual({
      path: 'src/index.ts',
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      timestamp: fixedNow.toISOString(),
    });
    expect(await readFile(path.join(fx.projectDir, 'src', 'index.ts'), 'utf8')).toBe(
      'export const answer = 43;\n',
    );
    expect((await stat(path.join(fx.projectDir, 'src', 'index.ts'))).mode & 0o777).toBe(0o640);
    expect(await ws.getBuffer('src/index.ts')).toMatchObject({
      dirty: false,
      content: 'export const answer = 43;\n',
    });
    expect((await ws.readFile('src/index.ts')).hash).toBe(ack.hash);
    // No temp file is left behind.
    expect((await readdir(path.join(fx.projectDir, 'src'))).filter((n) => n.includes('.paige-'))).toEqual([]);
  });

  it('AS-2: a new file is created only inside an existing directory', async () => {
    await ws.writeFile('src/new-file.ts', 'export {};\n');
    expect(await readFile(path.join(fx.projectDir, 'src', 'new-file.ts'), 'utf8')).toBe('export {};\n');
    expect(await codeOf(ws.writeFile('no/such/dir/file.ts', 'x'))).toBe('PARENT_NOT_FOUND');
    expect(await codeOf(ws.writeFile('README.md/child.txt', 'x'))).toBe('PARENT_NOT_FOUND');
    expect(await codeOf(ws.writeFile('src', 'x'))).toBe('NOT_A_FILE');
  });

  it('AS-2: a save whose baseHash no longer matches the disk is a CONFLICT and writes nothing', async () => {
    const opened = await ws.readFile('README.md');
    await writeFile(path.join(fx.projectDir, 'README.md'), '# Changed outside the editor\n');
    expect(await codeOf(ws.writeFile('README.md', '# Mine\n', { baseHash: opened.hash }))).toBe('CONFLICT');
    expect(await readFile(path.join(fx.projectDir, 'README.md'), 'utf8')).toBe(
      '# Changed outside the editor\n',
    );
    const fresh = await ws.readFile('README.md');
    await ws.writeFile('README.md', '# Mine\n', { baseHash: fresh.hash });
    expect(await readFile(path.join(fx.projectDir, 'README.md'), 'utf8')).toBe('# Mine\n');
  });

  it('AS-2: permission errors become PERMISSION_DENIED and leave the file untouched', async () => {
    const roDir = path.join(fx.projectDir, 'ro');
    await mkdir(roDir);
    await writeFile(path.join(roDir, 'locked.txt'), 'original\n');
    // root ignores mode bits, so lock the directory with the immutable attribute instead.
    const asRoot = process.getuid?.() === 0;
    if (asRoot) await execFileP('chattr', ['+i', roDir]);
    else await chmod(roDir, 0o500);
    try {
      expect(await codeOf(ws.writeFile('ro/locked.txt', 'changed\n'))).toBe('PERMISSION_DENIED');
      expect(await codeOf(ws.writeFile('ro/new.txt', 'x'))).toBe('PERMISSION_DENIED');
      const err = await ws.writeFile('ro/locked.txt', 'changed\n').catch((e: unknown) => e);
      expect((err as Error).message).toBe("Permission denied while trying to save 'ro/locked.txt'");
    } finally {
      if (asRoot) await execFileP('chattr', ['-i', roDir]);
      else await chmod(roDir, 0o700);
    }
    expect(await readFile(path.join(roDir, 'locked.txt'), 'utf8')).toBe('original\n');
  });

  it('AS-2: disk and other I/O errors map to typed codes', () => {
    const enospc = Object.assign(new Error('no space'), { code: 'ENOSPC' });
    expect(fromNodeError(enospc, 'a.txt', 'save')).toMatchObject({
      code: 'DISK_FULL',
      message: "Disk full while trying to save 'a.txt'",
    });
    expect(fromNodeError(Object.assign(new Error('x'), { code: 'EIO' }), 'a.txt', 'save').code).toBe(
      'IO_ERROR',
    );
  });

  it('AS-3: buffer:update stores content, cursor, selections, dirty: true and lastUpdated', async () => {
    const entry = await ws.updateBuffer('src/util/helpers.py', {
      content: 'def helper():\n    return 2\n',
      cursorPosition: { line: 2, column: 12 },
      selections: [{ startLine: 2, startColumn: 5, endLine: 2, endColumn: 13 }],
    });
    expect(entry).toEqual({
      path: 'src/util/helpers.py',
      content: 'def helper():\n    return 2\n',
      cursorPosition: { line: 2, column: 12 },
      selections: [{ startLine: 2, startColumn: 5, endLine: 2, endColumn: 13 }],
      dirty: true,
      lastUpdated: fixedNow.toISOString(),
    });
    expect(
      await codeOf(ws.updateBuffer('src', { content: 'x', cursorPosition: { line: 1, column: 1 } })),
    ).toBe('NOT_A_FILE');
    // EC-15: last update wins.
    await ws.updateBuffer('src/util/helpers.py', { content: 'v2', cursorPosition: { line: 1, column: 3 } });
    expect((await ws.getBuffer('src/util/helpers.py'))?.content).toBe('v2');
    await ws.updateBuffer('src/util/helpers.py', {
      content: 'def helper():\n    return 2\n',
      cursorPosition: { line: 1, column: 1 },
    });
  });

  it('AS-4: getBuffer returns the entry, or null when there is none; paths are normalised', async () => {
    expect(await ws.getBuffer('src/util/helpers.py')).toMatchObject({ dirty: true });
    expect(await ws.getBuffer('src/./util/helpers.py')).toMatchObject({ dirty: true });
    expect(await ws.getBuffer('package.json')).toBeNull();
    expect(await codeOf(ws.getBuffer('../outside/secret.txt'))).toBe('PATH_OUTSIDE_PROJECT');
  });

  it('AS-4: open files are tracked; closing drops a clean buffer and keeps a dirty one', async () => {
    const opened = await ws.openFile('package.json');
    expect(opened.language).toBe('json');
    await ws.openFile('src/util/helpers.py');
    expect(ws.getOpenFiles()).toEqual(['package.json', 'src/util/helpers.py']);
    await ws.writeFile('package.json', '{ "name": "demo2" }\n');
    await ws.closeFile('package.json');
    await ws.closeFile('src/util/helpers.py');
    expect(ws.getOpenFiles()).toEqual([]);
    expect(await ws.getBuffer('package.json')).toBeNull();
    expect(await ws.getBuffer('src/util/helpers.py')).toMatchObject({ dirty: true });
    expect(await codeOf(ws.openFile('image.png'))).toBe('BINARY_FILE');
    expect(ws.getOpenFiles()).toEqual([]);
  });

  it('AS-5: getDiff returns a unified diff for a dirty buffer and nothing when clean or missing', async () => {
    const [one, ...rest] = await ws.getDiff('src/util/helpers.py');
    expect(rest).toEqual([]);
    expect(one?.path).toBe('src/util/helpers.py');
    expect(one?.diff).toContain('--- a/src/util/helpers.py');
    expect(one?.diff).toContain('+++ b/src/util/helpers.py');
    expect(one?.diff).toContain('-    return 1');
    expect(one?.diff).toContain('+    return 2');
    expect(await ws.getDiff('src/index.ts')).toEqual([]); // clean after the save
    expect(await ws.getDiff('package.json')).toEqual([]); // no buffer
    // A new file not on disk diffs against empty content.
    await ws.updateBuffer('src/brand-new.ts', {
      content: 'line one\n',
      cursorPosition: { line: 1, column: 1 },
    });
    const all = await ws.getDiff();
    expect(all.map((d) => d.path)).toEqual(['src/brand-new.ts', 'src/util/helpers.py']);
    expect(all[0]?.diff).toContain('@@ -0,0 +1,1 @@');
    expect(all[0]?.diff).toContain('+line one');
    await ws.writeFile('src/brand-new.ts', 'line one\n');
    expect(await ws.getDiff('src/brand-new.ts')).toEqual([]);
    // EC-13: a file deleted while open keeps its buffer and then diffs against empty.
    await ws.updateBuffer('src/brand-new.ts', {
      content: 'line one\nline two\n',
      cursorPosition: { line: 2, column: 1 },
    });
    await rm(path.join(fx.projectDir, 'src', 'brand-new.ts'));
    const [gone] = await ws.getDiff('src/brand-new.ts');
    expect(gone?.diff).toContain('@@ -0,0 +1,2 @@');
  });

  it('AS-6: getTree is recursive, sorted, and excludes noise dirs, .gitignore matches and outside links', async () => {
    const tree = await ws.getTree();
    expect(tree).toMatchObject({ name: 'project', path: '', type: 'directory' });
    const all = paths(tree);
    expect(find(tree, 'link-in')).toMatchObject({ type: 'directory', children: [] }); // src already listed
    for (const present of [
      'src',
      'src/index.ts',
      'src/util/helpers.py',
      'nested/kept.txt',
      'keep.log',
      'README.md',
      'image.png',
      'link-in',
      '.gitignore',
    ]) {
      expect(all).toContain(present);
    }
    for (const absent of [
      'node_modules',
      '.git',
      'dist',
      'build',
      'coverage',
      'logs/app.log',
      'secrets',
      'nested/generated.txt',
      'nested/deeper/generated.txt',
      'link-out',
      'link-secret.txt',
      'dangling-out.txt',
      'loop-a',
      'loop-b',
    ]) {
      expect(all).not.toContain(absent);
    }
    // Directories first, then names.
    const top = (tree.children ?? []).map((c) => `${c.type[0]}:${c.name}`);
    const firstFile = top.findIndex((t) => t.startsWith('f:'));
    expect(top.slice(firstFile).every((t) => t.startsWith('f:'))).toBe(true);
    expect(top.slice(0, firstFile)).toEqual(
      [...top.slice(0, firstFile)].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())),
    );
    // The loop src/self -> .. is listed but not expanded again.
    expect(find(tree, 'src/self')).toMatchObject({ type: 'directory', children: [] });
  });

  it('AS-9: paths outside the project are rejected with a clear error before any I/O', async () => {
    const before = await snapshotDir(fx.outsideDir);
    const attempts = [
      '../../etc/passwd',
      '../outside/secret.txt',
      path.join(fx.outsideDir, 'secret.txt'),
      '/etc/passwd',
      'link-out/secret.txt',
      'link-secret.txt',
      'dangling-out.txt',
      'link-out/new.txt',
      'src/../../outside/secret.txt',
      'src/\0.ts',
      '',
    ];
    for (const p of attempts) {
      expect(await codeOf(ws.readFile(p)), p).toBe('PATH_OUTSIDE_PROJECT');
      expect(await codeOf(ws.writeFile(p, 'pwned')), p).toBe('PATH_OUTSIDE_PROJECT');
      expect(
        await codeOf(ws.updateBuffer(p, { content: 'x', cursorPosition: { line: 1, column: 1 } })),
        p,
      ).toBe('PATH_OUTSIDE_PROJECT');
      expect(await codeOf(ws.getDiff(p)), p).toBe('PATH_OUTSIDE_PROJECT');
      expect(await codeOf(ws.openFile(p)), p).toBe('PATH_OUTSIDE_PROJECT');
    }
    expect(await snapshotDir(fx.outsideDir)).toBe(before);
    const err = await ws.readFile('../../etc/passwd').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PathOutsideProjectError);
    expect((err as Error).message).toBe("Path '../../etc/passwd' is outside the project directory");
    const abs = await ws.readFile(path.join(fx.outsideDir, 'secret.txt')).catch((e: unknown) => e);
    expect((abs as Error).message).not.toContain(fx.base);
  });

  it('AS-9: ProjectRoot resolves to real paths inside the root and maps back to relative paths', async () => {
    const root = await createProjectRoot(path.join(fx.projectDir, 'src', '..'));
    expect(root.realRoot).toBe(fx.projectDir);
    expect(await root.resolve('link-in/index.ts')).toBe(path.join(fx.projectDir, 'src', 'index.ts'));
    expect(await root.resolve('src/not-yet/deeper.ts')).toBe(
      path.join(fx.projectDir, 'src', 'not-yet', 'deeper.ts'),
    );
    expect(await root.resolve(path.join(fx.projectDir, 'README.md'))).toBe(
      path.join(fx.projectDir, 'README.md'),
    );
    expect(root.toRelative(path.join(fx.projectDir, 'src', 'util', 'helpers.py'))).toBe(
      'src/util/helpers.py',
    );
    expect(() => root.toRelative(path.join(fx.outsideDir, 'secret.txt'))).toThrow(PathOutsideProjectError);
  });

  it('buffer cache is bounded: clean entries are evicted LRU-first, dirty ones are never dropped silently', async () => {
    const small = await createWorkspace({ projectDir: fx.projectDir, maxBufferBytes: 900 });
    const cursor = { line: 1, column: 1 };
    await small.writeFile('nested/kept.txt', 'a'.repeat(100)); // clean entry, 200 bytes
    await small.updateBuffer('nested/one.txt', { content: 'b'.repeat(200), cursorPosition: cursor }); // dirty 400
    await small.updateBuffer('nested/two.txt', { content: 'c'.repeat(200), cursorPosition: cursor }); // dirty 400
    expect(await small.getBuffer('nested/kept.txt')).toBeNull(); // evicted to make room
    expect(
      await codeOf(
        small.updateBuffer('nested/three.txt', { content: 'd'.repeat(100), cursorPosition: cursor }),
      ),
    ).toBe('BUFFER_CACHE_FULL');
    expect((await small.getBuffer('nested/one.txt'))?.content).toBe('b'.repeat(200));
    expect((await small.getBuffer('nested/two.txt'))?.content).toBe('c'.repeat(200));
    expect(await small.getBuffer('nested/three.txt')).toBeNull();
    // Updating an existing dirty entry within its own size still works.
    await small.updateBuffer('nested/one.txt', { content: 'e'.repeat(200), cursorPosition: cursor });
    expect(small.getDirtyPaths().sort()).toEqual(['nested/one.txt', 'nested/two.txt']);
  });
});
