/**
 * Pure operations on the project tree (`fs:tree` nodes): immutable insert, remove and rename for the watcher's
 * `fs:tree_update`, parent folders of a path, and lookups. Children stay sorted directories first, then by name.
 */
import type { TreeNode } from '@paige/protocol';

/** Directories first, then by name (case-insensitive, then exact). */
export function compareNodes(a: TreeNode, b: TreeNode): number {
  if (a.type !== b.type) return a.type === 'directory' ? -1 : 1;
  const la = a.name.toLowerCase();
  const lb = b.name.toLowerCase();
  if (la !== lb) return la < lb ? -1 : 1;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** The folders that contain `path`, outermost first (`a/b/c.js` -> `['a', 'a/b']`). */
export function parentPaths(path: string): string[] {
  const parts = path.split('/');
  const out: string[] = [];
  for (let i = 1; i < parts.length; i++) out.push(parts.slice(0, i).join('/'));
  return out;
}

/** The last segment of a path. */
export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Finds the node at `path` (`''` is the root). */
export function findNode(root: TreeNode, path: string): TreeNode | undefined {
  if (path === '' || path === root.path) return root;
  let node: TreeNode | undefined = root;
  for (const dir of [...parentPaths(path), path]) {
    node = node?.children?.find((c) => c.path === dir);
    if (!node) return undefined;
  }
  return node;
}

/**
 * Returns a tree with a node of `type` at `path`, creating missing parent folders. Unchanged (same object) when
 * the node already exists.
 */
export function insertNode(
  root: TreeNode,
  path: string,
  type: TreeNode['type'],
  subtree?: TreeNode,
): TreeNode {
  const chain = [...parentPaths(path), path];
  const insert = (node: TreeNode, depth: number): TreeNode => {
    const target = chain[depth] as string;
    const children = node.children ?? [];
    const existing = children.find((c) => c.path === target);
    const last = depth === chain.length - 1;
    if (existing) {
      if (last) return node;
      const updated = insert(existing, depth + 1);
      return updated === existing
        ? node
        : { ...node, children: children.map((c) => (c === existing ? updated : c)) };
    }
    const created: TreeNode = last
      ? (subtree ??
        (type === 'directory'
          ? { name: baseName(target), path: target, type, children: [] }
          : { name: baseName(target), path: target, type }))
      : insert({ name: baseName(target), path: target, type: 'directory', children: [] }, depth + 1);
    return { ...node, children: [...children, created].sort(compareNodes) };
  };
  return insert(root, 0);
}

/** Returns a tree without the node at `path` (and its subtree). Unchanged when absent. */
export function removeNode(root: TreeNode, path: string): TreeNode {
  const chain = [...parentPaths(path), path];
  const remove = (node: TreeNode, depth: number): TreeNode => {
    const target = chain[depth] as string;
    const children = node.children ?? [];
    const existing = children.find((c) => c.path === target);
    if (!existing) return node;
    if (depth === chain.length - 1) return { ...node, children: children.filter((c) => c !== existing) };
    const updated = remove(existing, depth + 1);
    return updated === existing
      ? node
      : { ...node, children: children.map((c) => (c === existing ? updated : c)) };
  };
  return remove(root, 0);
}

/** Rewrites the paths of a subtree moved from `from` to `to`. */
function movedSubtree(node: TreeNode, from: string, to: string): TreeNode {
  const path = to + node.path.slice(from.length);
  return {
    ...node,
    name: node.path === from ? baseName(to) : node.name,
    path,
    ...(node.children ? { children: node.children.map((c) => movedSubtree(c, from, to)) } : {}),
  };
}

/** Returns a tree with the node at `from` moved to `to` (a rename from the watcher). */
export function renameNode(root: TreeNode, from: string, to: string): TreeNode {
  const node = findNode(root, from);
  if (!node) return root;
  return insertNode(removeNode(root, from), to, node.type, movedSubtree(node, from, to));
}

/** Every file path of the tree, depth first. */
export function filePaths(root: TreeNode): string[] {
  const out: string[] = [];
  const walk = (n: TreeNode) => {
    if (n.type === 'file') out.push(n.path);
    n.children?.forEach(walk);
  };
  walk(root);
  return out;
}

/** A visible row: its node, its depth (1 at the top), and its position among its siblings (1-based) and their count. */
export interface TreeRow {
  node: TreeNode;
  level: number;
  pos: number;
  size: number;
}

/**
 * The rows a user can see, in display order: every node whose folders are all expanded, with its level and sibling
 * position, in one walk over the visible part of the tree (issue 25 item 3: no lookup per row on every update).
 */
export function visibleRows(root: TreeNode, expanded: ReadonlySet<string>): TreeRow[] {
  const rows: TreeRow[] = [];
  const walk = (nodes: TreeNode[] | undefined, level: number) => {
    const list = nodes ?? [];
    for (let i = 0; i < list.length; i++) {
      const node = list[i]!;
      rows.push({ node, level, pos: i + 1, size: list.length });
      if (node.type === 'directory' && expanded.has(node.path)) walk(node.children, level + 1);
    }
  };
  walk(root.children, 1);
  return rows;
}
