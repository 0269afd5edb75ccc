/**
 * The file tree of the IDE view: the project tree (`fs:tree`, kept current by `fs:tree_update`), which folders are
 * expanded (view state), and Paige's file hints (`explorer:hint_files`, cleared by `explorer:clear_hints`).
 * A `required` hint expands the folders that lead to its file. @see Story 6 AS-11/12
 */
import type { FileHintStyle, TreeNode } from '@paige/protocol';
import type { PaigeClient } from '@paige/client';
import { createStore, type Store } from './store.js';
import { insertNode, parentPaths, removeNode, renameNode } from './tree-ops.js';

export interface TreeState {
  /** The project root, `null` until the first `fs:tree`. */
  root: TreeNode | null;
  /** Expanded folder paths. */
  expanded: ReadonlySet<string>;
  /** Hinted files: path -> the strongest style it was hinted with. */
  hints: ReadonlyMap<string, FileHintStyle>;
  /** Folders that contain a hinted file: path -> the strongest style below them. */
  hintedFolders: ReadonlyMap<string, FileHintStyle>;
}

export interface TreeStore {
  store: Store<TreeState>;
  /** Expands or collapses a folder and tells the server (`explorer:expand_dir` / `explorer:collapse_dir`). */
  toggle(path: string): void;
  /** Expands every folder leading to `path` (when a file opens from elsewhere). */
  reveal(path: string): void;
  dispose(): void;
}

const stronger = (a: FileHintStyle | undefined, b: FileHintStyle): FileHintStyle =>
  a === 'required' || b === 'required' ? 'required' : 'suggested';

function foldersOf(hints: ReadonlyMap<string, FileHintStyle>): Map<string, FileHintStyle> {
  const out = new Map<string, FileHintStyle>();
  for (const [path, style] of hints)
    for (const dir of parentPaths(path)) out.set(dir, stronger(out.get(dir), style));
  return out;
}

/** Creates the tree store and subscribes it to `client`. */
export function createTreeStore(client: PaigeClient): TreeStore {
  const store = createStore<TreeState>({
    root: null,
    expanded: new Set(),
    hints: new Map(),
    hintedFolders: new Map(),
  });

  const expand = (paths: string[]) =>
    store.set((s) => {
      if (paths.every((p) => s.expanded.has(p))) return s;
      return { ...s, expanded: new Set([...s.expanded, ...paths]) };
    });

  const offs = [
    client.on('fs:tree', ({ root }) => store.set({ root })),
    client.on('fs:tree_update', ({ action, path, newPath }) =>
      store.set((s) => {
        if (!s.root) return s;
        let root = s.root;
        if (action === 'add') root = insertNode(root, path, 'file');
        else if (action === 'addDir') root = insertNode(root, path, 'directory');
        else if (action === 'unlink' || action === 'unlinkDir') root = removeNode(root, path);
        else if (action === 'rename' && newPath) root = renameNode(root, path, newPath);
        return root === s.root ? s : { ...s, root };
      }),
    ),
    client.on('explorer:hint_files', ({ paths, style }) => {
      store.set((s) => {
        const hints = new Map(s.hints);
        for (const p of paths) hints.set(p, stronger(hints.get(p), style));
        return { ...s, hints, hintedFolders: foldersOf(hints) };
      });
      if (style === 'required') expand(paths.flatMap(parentPaths));
    }),
    client.on('explorer:clear_hints', () => store.set({ hints: new Map(), hintedFolders: new Map() })),
    // The server resends the tree and the active hints after every (re)connect (DESIGN section 3 "Resync").
    client.onResync(() => store.set({ hints: new Map(), hintedFolders: new Map() })),
  ];

  return {
    store,
    toggle(path) {
      const open = store.get().expanded.has(path);
      store.set((s) => {
        const expanded = new Set(s.expanded);
        if (open) expanded.delete(path);
        else expanded.add(path);
        return { ...s, expanded };
      });
      client.send(open ? 'explorer:collapse_dir' : 'explorer:expand_dir', { path });
    },
    reveal(path) {
      expand(parentPaths(path));
    },
    dispose() {
      for (const off of offs) off();
    },
  };
}
