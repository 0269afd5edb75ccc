/**
 * The project tree as an ARIA `tree` (WAI-ARIA tree view pattern): each visible file and folder is a `treeitem` named
 * by its name; the DOM is flat (levels, set sizes and positions through `aria-level`, `aria-setsize`,
 * `aria-posinset`), folders carry `aria-expanded`, the open file `aria-selected`. Paige's hints glow through
 * `data-hint="suggested|required"` on the file (and `data-hint-inside` on the folders above it).
 * Keyboard: Up/Down move, Right opens a folder or enters it, Left closes it or goes to its parent, Home/End,
 * Enter/Space open the file or toggle the folder.
 */
import { useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { FileHintStyle, TreeNode } from '@paige/protocol';
import { parentPaths, visibleRows, type TreeRow } from '../state/tree-ops.js';

export interface FileTreeProps {
  root: TreeNode | null;
  expanded: ReadonlySet<string>;
  hints: ReadonlyMap<string, FileHintStyle>;
  hintedFolders: ReadonlyMap<string, FileHintStyle>;
  /** The file of the active tab. */
  activePath: string | null;
  onToggle(path: string): void;
  onOpen(path: string): void;
}

export function FileTree(props: FileTreeProps) {
  const { root, expanded } = props;
  const rows = useMemo(() => (root ? visibleRows(root, expanded) : []), [root, expanded]);
  // Row index by path, for focus and keys (built with the rows, not searched per row).
  const indexOf = useMemo(() => new Map(rows.map((r, i) => [r.node.path, i])), [rows]);
  const [focused, setFocused] = useState<string | null>(null);
  const treeRef = useRef<HTMLUListElement>(null);

  const current =
    focused !== null && indexOf.has(focused) ? focused : (props.activePath ?? rows[0]?.node.path ?? null);

  const focusPath = (path: string) => {
    setFocused(path);
    const el = treeRef.current?.querySelector<HTMLElement>(`[data-path="${CSS.escape(path)}"]`);
    el?.focus();
  };

  const activate = (node: TreeNode) => {
    if (node.type === 'directory') props.onToggle(node.path);
    else props.onOpen(node.path);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLUListElement>) => {
    const index = current === null ? -1 : (indexOf.get(current) ?? -1);
    const row = rows[index];
    if (!row) return;
    const { node } = row;
    let handled = true;
    switch (e.key) {
      case 'ArrowDown':
        if (rows[index + 1]) focusPath(rows[index + 1]!.node.path);
        break;
      case 'ArrowUp':
        if (index > 0) focusPath(rows[index - 1]!.node.path);
        break;
      case 'Home':
        if (rows[0]) focusPath(rows[0].node.path);
        break;
      case 'End':
        if (rows.length) focusPath(rows[rows.length - 1]!.node.path);
        break;
      case 'ArrowRight':
        if (node.type === 'directory') {
          if (!expanded.has(node.path)) props.onToggle(node.path);
          else if (node.children?.[0]) focusPath(node.children[0].path);
        }
        break;
      case 'ArrowLeft':
        if (node.type === 'directory' && expanded.has(node.path)) props.onToggle(node.path);
        else {
          const parent = parentPaths(node.path).pop();
          if (parent !== undefined) focusPath(parent);
        }
        break;
      case 'Enter':
      case ' ':
        activate(node);
        break;
      default:
        handled = false;
    }
    if (handled) e.preventDefault();
  };

  if (!root) return <p className="empty">Loading the project…</p>;
  if (!root.children?.length) return <p className="empty">This project has no files yet.</p>;

  // aria-setsize / aria-posinset: the tree is flat in the DOM (one treeitem per visible row, levels by aria-level).
  const renderRow = ({ node, level, pos, size }: TreeRow) => {
    const isDir = node.type === 'directory';
    const open = isDir && expanded.has(node.path);
    const hint = isDir ? undefined : props.hints.get(node.path);
    const inside = isDir ? props.hintedFolders.get(node.path) : undefined;
    return (
      <li
        key={node.path}
        role="treeitem"
        aria-level={level}
        aria-setsize={size}
        aria-posinset={pos}
        aria-expanded={isDir ? open : undefined}
        aria-selected={!isDir && node.path === props.activePath}
        tabIndex={node.path === current ? 0 : -1}
        data-path={node.path}
        data-hint={hint}
        data-hint-inside={inside}
        aria-describedby={hint ? `tree-hint-${hint}` : undefined}
        className={`tree-item ${isDir ? 'is-dir' : 'is-file'}`}
        onFocus={() => setFocused(node.path)}
      >
        <div
          className="tree-row"
          style={{ paddingLeft: `calc(var(--space-2) + ${(level - 1) * 14}px)` }}
          onClick={() => {
            setFocused(node.path);
            activate(node);
          }}
          title={node.path}
        >
          <span className="tree-chevron" aria-hidden="true">
            {isDir ? (open ? '▾' : '▸') : ''}
          </span>
          <span className={`tree-icon ${isDir ? 'icon-folder' : 'icon-file'}`} aria-hidden="true" />
          <span className="tree-name">{node.name}</span>
          {(hint || inside) && <span className="tree-hint-dot" aria-hidden="true" />}
        </div>
      </li>
    );
  };

  return (
    <ul ref={treeRef} role="tree" aria-label="Project files" className="file-tree" onKeyDown={onKeyDown}>
      {rows.map(renderRow)}
      <span id="tree-hint-required" hidden>
        Paige: look here
      </span>
      <span id="tree-hint-suggested" hidden>
        Suggested by Paige
      </span>
    </ul>
  );
}
