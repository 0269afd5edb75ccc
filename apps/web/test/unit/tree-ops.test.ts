/**
 * Issue 16: the tree follows the watcher (`fs:tree_update` add, addDir, unlink, unlinkDir, rename) without a full
 * `fs:tree`, keeping directories first and names sorted.
 */
import { describe, expect, it } from 'vitest';
import type { TreeNode } from '@paige/protocol';
import { filePaths, findNode, insertNode, parentPaths, removeNode, renameNode } from '../../src/state/tree-ops.js';

const root: TreeNode = {
  name: 'project',
  path: '',
  type: 'directory',
  children: [
    { name: 'lib', path: 'lib', type: 'directory', children: [{ name: 'b.js', path: 'lib/b.js', type: 'file' }] },
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
