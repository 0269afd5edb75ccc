/**
 * The IDE view's stores, built once per mount from the page's client: each is fed by the server messages of its
 * area (DESIGN section 11: the server is the source of truth; the page keeps view state only).
 */
import type { PaigeClient } from '@paige/client';
import { createDocuments } from '../../editor/documents.js';
import { createCoachingStore } from '../../state/coaching-store.js';
import { createEditorStore } from '../../state/editor-store.js';
import { createExplainStore } from '../../state/explain-store.js';
import { createNotificationStore } from '../../state/notifications-store.js';
import { createObserverStore } from '../../state/observer-store.js';
import { createStore, type Store } from '../../state/store.js';
import { createTerminalStore } from '../../state/terminal-store.js';
import { createTreeStore } from '../../state/tree-store.js';

/** View state of the IDE layout: which bottom panel shows (the terminal first: the coaching conversation). */
export interface IdeUiState {
  dock: 'explain' | 'terminal';
  /** The dock's height set with its resize handle, px; `null`: the layout's default. Kept in localStorage. */
  dockPx: number | null;
}

const DOCK_PX_KEY = 'paige.dockPx';

function savedDockPx(): number | null {
  try {
    const v = Number(localStorage.getItem(DOCK_PX_KEY));
    return Number.isFinite(v) && v >= 80 ? v : null;
  } catch {
    return null;
  }
}

/** Sets the dock's height and remembers it for the next visit. */
export function setDockPx(ui: Store<IdeUiState>, px: number): void {
  ui.set({ dockPx: px });
  try {
    localStorage.setItem(DOCK_PX_KEY, String(px));
  } catch {
    // storage refused: the height lasts for this page only
  }
}

export function createIdeStores(client: PaigeClient) {
  const notifications = createNotificationStore();
  const documents = createDocuments(client, (issue) => {
    // The sync recovers by itself (whole text); only a full buffer cache is worth telling the learner.
    if (issue.code === 'BUFFER_CACHE_FULL')
      notifications.notify('warning', `Paige cannot follow ${issue.path} right now: ${issue.message}`);
  });
  const tree = createTreeStore(client);
  const editor = createEditorStore(client, documents, notifications);
  const coaching = createCoachingStore(client);
  const explain = createExplainStore(client);
  const observer = createObserverStore(client);
  const terminal = createTerminalStore(client, observer);
  const ui = createStore<IdeUiState>({ dock: 'terminal', dockPx: savedDockPx() });
  // Paige's messages are also notifications (Story 6 AS-15: a toast, or a balloon when anchored; both are kept in the
  // sidebar's log).
  const offToasts = client.on('coaching:message', (p) => notifications.notify(p.type, p.message));
  return {
    client,
    ui,
    notifications,
    documents,
    tree,
    editor,
    coaching,
    explain,
    observer,
    terminal,
    dispose() {
      offToasts();
      for (const s of [terminal, observer, explain, coaching, editor, tree, documents, notifications])
        s.dispose();
    },
  };
}

export type IdeStores = ReturnType<typeof createIdeStores>;
