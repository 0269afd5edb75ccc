/**
 * Issue 16: the tree follows the watcher (`fs:tree_update` add, addDir, unlink, unlinkDir, rename) without a full
 * `fs:tree`, keeping directories first and names sorted.
 */
import { describe, expect, it } from 'vitest';
import type { TreeNode } from '@paige/protocol';
import {
  filePaths,
  findNode,
  insertNode,
  parentPaths,
  removeNode,
  renameNode,
  visibleRows,
} from '../../src/state/tree-ops.js';

const root: TreeNode = {
  name: 'project',
  path: '',
  type: 'directory',
  children: [
    {
      name: 'lib',
      path: 'lib',
      type: 'directory',
      children: [{ name: 'b.js', path: 'lib/b.js', type: 'file' }],
    },
    { name: 'README.md', path: 'README.md', type: 'file' },
  ],
};

describe('Issue 16: the file tree follows fs:tree_update', () => {
  it('parentPaths lists the folders above a path, outermost first', () => {
    expect(parentPaths('a/b/c.js')).toEqual(['a', 'a/b']);
    expect(parentPaths('top.js')).toEqual([]);
  });

  it('add creates missing folders and keeps directories first, then names in order', () => {
    const next = insertNode(root, 'lib/utils/deep/x.js', 'file');
    expect(filePaths(next)).toEqual(['lib/utils/deep/x.js', 'lib/b.js', 'README.md']);
    expect(findNode(next, 'lib/utils')?.type).toBe('directory');
    const withA = insertNode(next, 'lib/a.js', 'file');
    expect(findNode(withA, 'lib')?.children?.map((c) => c.name)).toEqual(['utils', 'a.js', 'b.js']);
    // The input is not changed, and adding an existing node returns the same tree.
    expect(filePaths(root)).toEqual(['lib/b.js', 'README.md']);
    expect(insertNode(withA, 'lib/a.js', 'file')).toBe(withA);
  });

  it('unlink and unlinkDir remove a file or a whole folder; an absent path changes nothing', () => {
    expect(filePaths(removeNode(root, 'lib/b.js'))).toEqual(['README.md']);
    expect(findNode(removeNode(root, 'lib'), 'lib')).toBeUndefined();
    expect(removeNode(root, 'nope/x.js')).toBe(root);
  });

  it('rename moves a folder with its subtree and rewrites the paths', () => {
    const moved = renameNode(root, 'lib', 'src/lib');
    expect(filePaths(moved)).toEqual(['src/lib/b.js', 'README.md']);
    expect(findNode(moved, 'src/lib')?.name).toBe('lib');
    const renamed = renameNode(root, 'lib/b.js', 'lib/c.js');
    expect(findNode(renamed, 'lib/c.js')?.name).toBe('c.js');
  });
});

describe('Issue 25 item 3: the visible rows in one walk', () => {
  it('lists what is visible in display order, with level and sibling position and count, skipping collapsed folders', () => {
    const tree: TreeNode = {
      name: 'p',
      path: '',
      type: 'directory',
      children: [
        {
          name: 'a',
          path: 'a',
          type: 'directory',
          children: [
            { name: 'x.js', path: 'a/x.js', type: 'file' },
            { name: 'y.js', path: 'a/y.js', type: 'file' },
          ],
        },
        {
          name: 'b',
          path: 'b',
          type: 'directory',
          children: [{ name: 'z.js', path: 'b/z.js', type: 'file' }],
        },
        { name: 'c.md', path: 'c.md', type: 'file' },
      ],
    };
    const rows = visibleRows(tree, new Set(['a']));
    expect(rows.map((r) => [r.node.path, r.level, r.pos, r.size])).toEqual([
      ['a', 1, 1, 3],
      ['a/x.js', 2, 1, 2],
      ['a/y.js', 2, 2, 2],
      ['b', 1, 2, 3],
      ['c.md', 1, 3, 3],
    ]);
  });

  it('stays one pass on a big tree (20,000 files, every folder open)', () => {
    const dirs = Array.from({ length: 200 }, (_, d) => ({
      name: `d${d}`,
      path: `d${d}`,
      type: 'directory' as const,
      children: Array.from({ length: 100 }, (_, f) => ({
        name: `f${f}.js`,
        path: `d${d}/f${f}.js`,
        type: 'file' as const,
      })),
    }));
    const big: TreeNode = { name: 'p', path: '', type: 'directory', children: dirs };
    const started = performance.now();
    const rows = visibleRows(big, new Set(dirs.map((d) => d.path)));
    const ms = performance.now() - started;
    expect(rows).toHaveLength(20_200);
    expect(rows.at(-1)).toMatchObject({ level: 2, pos: 100, size: 100 });
    expect(ms).toBeLessThan(200);
  });
});
