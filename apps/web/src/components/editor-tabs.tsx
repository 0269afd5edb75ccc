/**
 * The open files as an ARIA `tablist`: each `tab` is named by the file name, `aria-selected` marks the active
 * one, an unsaved file shows a dot (and says so through `aria-describedby`). Close with the × (mouse), or with
 * Delete on the focused tab, or Alt+W anywhere in the IDE view (a browser never lets a page keep Ctrl+W: it closes the
 * browser's tab); Left/Right move between tabs.
 */
import { useRef, type KeyboardEvent } from 'react';
import type { TabView } from '../state/editor-store.js';

export interface EditorTabsProps {
  tabs: readonly TabView[];
  active: string | null;
  /** Id of the panel the tabs control. */
  panelId: string;
  onSelect(path: string): void;
  onClose(path: string): void;
}

/** DOM id of a tab, for `aria-labelledby`. */
export const tabDomId = (path: string) => `tab-${path.replace(/[^A-Za-z0-9_-]/g, '_')}`;

export function EditorTabs({ tabs, active, panelId, onSelect, onClose }: EditorTabsProps) {
  const listRef = useRef<HTMLDivElement>(null);
  if (tabs.length === 0) return null;

  const focusTab = (path: string) => {
    onSelect(path);
    listRef.current?.querySelector<HTMLElement>(`#${CSS.escape(tabDomId(path))}`)?.focus();
  };

  const onKeyDown = (e: KeyboardEvent, path: string) => {
    const i = tabs.findIndex((t) => t.path === path);
    if (e.key === 'ArrowRight' && tabs[i + 1]) focusTab(tabs[i + 1]!.path);
    else if (e.key === 'ArrowLeft' && i > 0) focusTab(tabs[i - 1]!.path);
    else if (e.key === 'Home' && tabs[0]) focusTab(tabs[0].path);
    else if (e.key === 'End' && tabs.length) focusTab(tabs[tabs.length - 1]!.path);
    else if (e.key === 'Delete') onClose(path);
    else return;
    e.preventDefault();
  };

  return (
    <div ref={listRef} role="tablist" aria-label="Open files" className="editor-tabs">
      {tabs.map((tab) => {
        const selected = tab.path === active;
        return (
          <div
            key={tab.path}
            id={tabDomId(tab.path)}
            role="tab"
            aria-selected={selected}
            aria-controls={panelId}
            aria-describedby={tab.dirty ? 'tab-unsaved-note' : undefined}
            aria-keyshortcuts="Delete Control+W"
            tabIndex={selected ? 0 : -1}
            title={tab.path}
            data-dirty={tab.dirty ? 'true' : undefined}
            className={`editor-tab${selected ? ' is-active' : ''}${tab.dirty ? ' is-dirty' : ''}`}
            onClick={() => onSelect(tab.path)}
            onAuxClick={(e) => {
              if (e.button === 1) onClose(tab.path);
            }}
            onKeyDown={(e) => onKeyDown(e, tab.path)}
          >
            <span className="editor-tab-name">{tab.name}</span>
            <span className="editor-tab-dirty" aria-hidden="true">
              ●
            </span>
            <span
              className="editor-tab-close"
              aria-hidden="true"
              title={`Close ${tab.name}`}
              onClick={(e) => {
                e.stopPropagation();
                onClose(tab.path);
              }}
            >
              ×
            </span>
          </div>
        );
      })}
      <span id="tab-unsaved-note" hidden>
        Unsaved changes
      </span>
    </div>
  );
}
