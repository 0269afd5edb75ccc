/** Project tree scan. */
import { readdirSync } from 'node:fs';
import type { Dirent } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { TEMP_FILE_PATTERN, isIgnoredByLayers, loadGitignore } from './ignore-rules.js';
import type { GitignoreLayer } from './ignore-rules.js';

/**
 * One node of the project tree. `path` is project-relative with `/` separators (`''` for the root node, whose `name`
 * is the project directory's name). Directories have `children` (directories first, then files, each sorted by name,
 * case-insensitively then by code unit).
 * @see Story 3 AS-6, Story 5 `fs:tree { root: TreeNode }`
 */
export interface TreeNode {
  name: string;
  path: string;
  type: 'file' | 'directory';
  children?: TreeNode[];
}

/** Longest synchronous stretch of a scan before yielding to the event loop, in ms. */
const SLICE_MS = 8;

function compareNames(a: TreeNode, b: TreeNode): number {
  if (a.type !== b.type) return a.type === 'directory' ? -1 : 1;
  const la = a.name.toLowerCase();
  const lb = b.name.toLowerCase();
  if (la !== lb) return la < lb ? -1 : 1;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** Options of `scanTree`. */
export interface ScanTreeOptions {
  realRoot: string;
  ignoreDirs: ReadonlySet<string>;
}

/**
 * Scan the tree under `realRoot`. Excludes `ignoreDirs` (by name, any depth), what `.gitignore` files at any level
 * exclude, unreadable directories and broken symlinks. A symlink to a file or directory inside the project is listed;
 * a symlinked directory is expanded (after all real directories) only when its real directory has not been expanded
 * yet in this scan, so loops and duplicates stop (it is then listed with no children), and a link pointing outside
 * the project is not listed at all.
 */
export async function scanTree(opts: ScanTreeOptions): Promise<TreeNode> {
  const { realRoot, ignoreDirs } = opts;
  const expanded = new Set<string>([realRoot]);
  // Symlinked directories are expanded after every real directory, each real directory at most once.
  const deferred: { node: TreeNode; realDir: string; layers: readonly GitignoreLayer[] }[] = [];
  const prefix = realRoot.endsWith(path.sep) ? realRoot : realRoot + path.sep;

  // Directories are read synchronously (a thread-pool round trip per directory costs more than the read itself), in
  // slices of at most SLICE_MS so the event loop keeps serving other requests during a large scan.
  let sliceStart = performance.now();
  const walk = async (
    absDir: string,
    rel: string,
    parentLayers: readonly GitignoreLayer[],
  ): Promise<TreeNode[]> => {
    if (performance.now() - sliceStart > SLICE_MS) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      sliceStart = performance.now();
    }
    let entries: Dirent[];
    try {
      entries = readdirSync(absDir, { withFileTypes: true });
    } catch {
      return [];
    }
    let layers = parentLayers;
    if (entries.some((e) => e.name === '.gitignore')) {
      const rules = await loadGitignore(absDir);
      if (rules) layers = [...parentLayers, { dir: rel, rules }];
    }
    const nodes: TreeNode[] = [];
    const subdirs: { node: TreeNode; abs: string }[] = [];
    for (const entry of entries) {
      const name = entry.name;
      const childRel = rel === '' ? name : `${rel}/${name}`;
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      const childAbs = isFile ? '' : path.join(absDir, name);
      let realDir = childAbs;
      if (entry.isSymbolicLink()) {
        try {
          const target = await realpath(childAbs);
          if (target !== realRoot && !target.startsWith(prefix)) continue; // points outside the project
          const st = await stat(target);
          isDir = st.isDirectory();
          isFile = st.isFile();
          realDir = target;
        } catch {
          continue; // broken link or loop
        }
      }
      if (isDir) {
        if (ignoreDirs.has(name) || isIgnoredByLayers(layers, childRel, true)) continue;
        const node: TreeNode = { name, path: childRel, type: 'directory', children: [] };
        nodes.push(node);
        if (realDir !== childAbs) {
          deferred.push({ node, realDir, layers });
          continue;
        }
        expanded.add(realDir);
        subdirs.push({ node, abs: realDir });
      } else if (isFile) {
        if (TEMP_FILE_PATTERN.test(name) || isIgnoredByLayers(layers, childRel, false)) continue;
        nodes.push({ name, path: childRel, type: 'file' });
      }
    }
    for (const sub of subdirs) sub.node.children = await walk(sub.abs, sub.node.path, layers);
    nodes.sort(compareNames);
    return nodes;
  };

  const rootLayers: GitignoreLayer[] = [];
  const children = await walk(realRoot, '', rootLayers);
  for (let next = deferred.shift(); next; next = deferred.shift()) {
    if (expanded.has(next.realDir)) continue;
    expanded.add(next.realDir);
    next.node.children = await walk(next.realDir, next.node.path, next.layers);
  }
  return { name: path.basename(realRoot), path: '', type: 'directory', children };
}
