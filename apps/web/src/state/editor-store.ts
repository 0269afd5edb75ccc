/**
 * The editor's state: open tabs (no duplicates, a dirty flag), the active tab, Paige's line highlights per file
 * (`editor:highlight_lines`, `editor:clear_highlights`), its squiggles per file (`editor:decorations`,
 * `editor:clear_decorations`; issue 23 item 1), the line to reveal, and the two questions the editor
 * asks (close an unsaved tab; a save conflict: overwrite or reload). Text lives in {@link Documents}.
 * @see Story 3 (open/save), Story 5 AS-2/3, Story 6 AS-8..10, issue 4 (save conflicts)
 */
import type { LineHighlight, ServerPayload } from '@paige/protocol';

/** A character-range decoration Paige drew (`editor:decorations`): a squiggly underline with hover text. */
export type PaigeDecoration = ServerPayload<'editor:decorations'>['decorations'][number];
import type { PaigeClient } from '@paige/client';
import type { Documents, IncomingFile } from '../editor/documents.js';
import type { NotificationStore } from './notifications-store.js';
import { createStore, type Store } from './store.js';
import { baseName } from './tree-ops.js';

/** One open file as the tab bar shows it. */
export interface TabView {
  path: string;
  name: string;
  language: string;
  dirty: boolean;
  /** The content has not arrived (or Monaco is still loading). */
  loading: boolean;
}

export interface EditorState {
  tabs: TabView[];
  active: string | null;
  /** Active highlights per file. */
  highlights: ReadonlyMap<string, readonly LineHighlight[]>;
  /** Active squiggles per file (drawn as Monaco markers). */
  decorations: ReadonlyMap<string, readonly PaigeDecoration[]>;
  /** A line to scroll to and put the cursor on; `seq` changes with every request. */
  reveal: { path: string; line: number; seq: number } | null;
  /** A tab whose close waits for the user's answer (it has unsaved changes). */
  confirmClose: string | null;
  /** A save refused because the file changed on disk. */
  conflict: { path: string; message: string } | null;
  /** Files being saved. */
  saving: ReadonlySet<string>;
}

export interface EditorStore {
  store: Store<EditorState>;
  documents: Documents;
  /** Opens a file (or focuses its tab) and optionally reveals a line. */
  open(path: string, line?: number): Promise<void>;
  select(path: string): void;
  /** Closes a tab; a tab with unsaved changes asks first (see `confirmClose`). */
  close(path: string): void;
  /** Answers the close question: `save` saves then closes, `discard` closes, `cancel` keeps the tab. */
  answerClose(answer: 'save' | 'discard' | 'cancel'): Promise<void>;
  /** Saves a file (default: the active one) with `file:save`, guarded by the hash it was opened with. */
  save(path?: string): Promise<boolean>;
  /** Answers a save conflict: `overwrite` saves over the disk, `reload` takes the disk version, `cancel` keeps editing. */
  resolveConflict(answer: 'overwrite' | 'reload' | 'cancel'): Promise<void>;
  dispose(): void;
}

/** Time limit of an open or a save, ms. */
export const FILE_REQUEST_TIMEOUT_MS = 15_000;

const TAB_STORAGE_KEY = 'paige:tabs';

interface SavedTabs {
  paths: string[];
  active: string | null;
}

function readSavedTabs(): SavedTabs | null {
  try {
    const raw = sessionStorage.getItem(TAB_STORAGE_KEY);
    if (!raw) return null;
    const v = JSON.parse(raw) as SavedTabs;
    return Array.isArray(v.paths)
      ? {
          paths: v.paths.filter((p) => typeof p === 'string'),
          active: typeof v.active === 'string' ? v.active : null,
        }
      : null;
  } catch {
    return null;
  }
}

/** Creates the editor store over `documents`, talking to the server through `client`. */
export function createEditorStore(
  client: PaigeClient,
  documents: Documents,
  notifications: NotificationStore,
): EditorStore {
  const store = createStore<EditorState>({
    tabs: [],
    active: null,
    highlights: new Map(),
    decorations: new Map(),
    reveal: null,
    confirmClose: null,
    conflict: null,
    saving: new Set(),
  });
  let revealSeq = 0;

  const patchTab = (path: string, patch: Partial<TabView>) =>
    store.set((s) => {
      const tab = s.tabs.find((t) => t.path === path);
      if (!tab || Object.entries(patch).every(([k, v]) => tab[k as keyof TabView] === v)) return s;
      return { ...s, tabs: s.tabs.map((t) => (t.path === path ? { ...t, ...patch } : t)) };
    });

  const persistTabs = () => {
    const { tabs, active } = store.get();
    try {
      sessionStorage.setItem(
        TAB_STORAGE_KEY,
        JSON.stringify({ paths: tabs.map((t) => t.path), active } satisfies SavedTabs),
      );
    } catch {
      // storage full or disabled: tabs are view state only
    }
  };

  const activate = (path: string) => {
    const from = store.get().active;
    if (from === path) return;
    store.set({ active: path });
    client.send('editor:tab_switch', { fromPath: from, toPath: path });
    persistTabs();
  };

  const addTab = (path: string, language: string, loading: boolean) => {
    store.set((s) =>
      s.tabs.some((t) => t.path === path)
        ? s
        : { ...s, tabs: [...s.tabs, { path, name: baseName(path), language, dirty: false, loading }] },
    );
    persistTabs();
  };

  const revealLine = (path: string, line: number) => store.set({ reveal: { path, line, seq: ++revealSeq } });

  const receive = async (file: IncomingFile) => {
    addTab(file.path, file.language, true);
    await documents.load(file);
    patchTab(file.path, { loading: false, language: file.language, dirty: documents.isDirty(file.path) });
  };

  /**
   * Requests a file's content (`file:open` -> `fs:content`): the server's unsaved buffer when it has one, or with
   * `discardBuffer` the disk text (reload after a save conflict).
   */
  const fetchFile = async (path: string, discardBuffer = false): Promise<boolean> => {
    try {
      const reply = await client.request('file:open', discardBuffer ? { path, discardBuffer } : { path }, {
        timeoutMs: FILE_REQUEST_TIMEOUT_MS,
      });
      if (reply.type === 'fs:content') {
        await receive(reply.payload);
        return true;
      }
      const message = reply.payload.message;
      notifications.notify('error', `Could not open ${path}: ${message}`);
    } catch (err) {
      notifications.notify(
        'error',
        `Could not open ${path}: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
    return false;
  };

  const removeTab = (path: string) => {
    documents.close(path);
    store.set((s) => {
      const index = s.tabs.findIndex((t) => t.path === path);
      if (index === -1) return s;
      const tabs = s.tabs.filter((t) => t.path !== path);
      const active = s.active === path ? (tabs[index]?.path ?? tabs[index - 1]?.path ?? null) : s.active;
      return { ...s, tabs, active, confirmClose: s.confirmClose === path ? null : s.confirmClose };
    });
    client.send('file:close', { path });
    persistTabs();
  };

  const save = async (path: string, opts: { force?: boolean } = {}): Promise<boolean> => {
    if (!documents.has(path)) return false;
    const content = documents.text(path) ?? '';
    const version = documents.version(path);
    const baseHash = opts.force ? undefined : documents.savedHash(path);
    documents.flush(path);
    store.set((s) => ({ ...s, saving: new Set([...s.saving, path]) }));
    try {
      const reply = await client.request(
        'file:save',
        baseHash ? { path, content, baseHash } : { path, content },
        { timeoutMs: FILE_REQUEST_TIMEOUT_MS },
      );
      if (reply.type === 'fs:save_ack') {
        documents.markSaved(path, reply.payload.hash, version);
        patchTab(path, { dirty: documents.isDirty(path) });
        notifications.notify('success', `Saved ${baseName(path)}`, 2500);
        return true;
      }
      if (reply.type === 'fs:save_error' && reply.payload.code === 'CONFLICT') {
        store.set({ conflict: { path, message: reply.payload.error } });
        return false;
      }
      const message = reply.type === 'fs:save_error' ? reply.payload.error : reply.payload.message;
      notifications.notify('error', `Could not save ${baseName(path)}: ${message}`);
      return false;
    } catch (err) {
      notifications.notify(
        'error',
        `Could not save ${baseName(path)}: ${err instanceof Error ? err.message : String(err)}`,
      );
      return false;
    } finally {
      store.set((s) => {
        const saving = new Set(s.saving);
        saving.delete(path);
        return { ...s, saving };
      });
    }
  };

  const offDirty = documents.onDirtyChange((path, dirty) => patchTab(path, { dirty }));

  const offs = [
    offDirty,
    // Paige opened a file (paige_open_file): open or focus its tab, show its first highlight if it has one.
    client.on('editor:open_file', async (p) => {
      if (!documents.has(p.path)) await receive(p);
      activate(p.path);
      const first = store.get().highlights.get(p.path)?.[0];
      revealLine(p.path, first?.startLine ?? 1);
    }),
    client.on('editor:highlight_lines', ({ path, highlights }) =>
      store.set((s) => {
        const map = new Map(s.highlights);
        const list = (map.get(path) ?? []).filter(
          (h) =>
            !highlights.some(
              (n) => n.startLine === h.startLine && n.endLine === h.endLine && n.style === h.style,
            ),
        );
        map.set(path, [...list, ...highlights]);
        return { ...s, highlights: map };
      }),
    ),
    client.on('editor:clear_highlights', ({ path }) =>
      store.set((s) => {
        if (path === undefined) return { ...s, highlights: new Map() };
        const map = new Map(s.highlights);
        map.delete(path);
        return { ...s, highlights: map };
      }),
    ),
    // Each `editor:decorations` replaces the file's squiggles (the Story 6 catalog: the set Paige wants shown).
    client.on('editor:decorations', ({ path, decorations }) =>
      store.set((s) => {
        const map = new Map(s.decorations);
        map.set(path, decorations);
        return { ...s, decorations: map };
      }),
    ),
    client.on('editor:clear_decorations', ({ path }) =>
      store.set((s) => {
        if (path === undefined) return { ...s, decorations: new Map() };
        const map = new Map(s.decorations);
        map.delete(path);
        return { ...s, decorations: map };
      }),
    ),
    // The file changed on disk: a tab without unsaved edits follows it.
    client.on('fs:tree_update', ({ action, path }) => {
      if (action === 'change' && documents.has(path) && !documents.isDirty(path)) void fetchFile(path);
      if (action === 'unlink' && documents.has(path))
        notifications.notify(
          'warning',
          `${baseName(path)} was deleted on disk; saving will create it again.`,
        );
    }),
    // After a (re)connect the server resends the active highlights; drop ours first.
    client.onResync(() => store.set({ highlights: new Map(), decorations: new Map() })),
  ];

  // After a page reload, reopen the tabs this window had (view state kept in sessionStorage) once connected.
  let restored = false;
  const restore = () => {
    if (restored) return;
    restored = true;
    const saved = readSavedTabs();
    if (!saved || store.get().tabs.length > 0) return;
    void (async () => {
      for (const path of saved.paths) await fetchFile(path);
      const active =
        saved.active && store.get().tabs.some((t) => t.path === saved.active)
          ? saved.active
          : store.get().tabs[0]?.path;
      if (active) store.set({ active });
    })();
  };
  const offInit = client.onState((state) => {
    if (state === 'open') restore();
  });
  if (client.state === 'open') restore();

  return {
    store,
    documents,
    async open(path, line) {
      if (!store.get().tabs.some((t) => t.path === path)) {
        addTab(path, 'plaintext', true);
        activate(path);
        const ok = await fetchFile(path);
        if (!ok) {
          store.set((s) => ({
            ...s,
            tabs: s.tabs.filter((t) => t.path !== path),
            active: s.active === path ? (s.tabs.find((t) => t.path !== path)?.path ?? null) : s.active,
          }));
          persistTabs();
          return;
        }
      } else {
        activate(path);
      }
      if (line !== undefined) revealLine(path, line);
    },
    select: activate,
    close(path) {
      if (documents.isDirty(path)) store.set({ confirmClose: path });
      else removeTab(path);
    },
    async answerClose(answer) {
      const path = store.get().confirmClose;
      store.set({ confirmClose: null });
      if (!path || answer === 'cancel') return;
      if (answer === 'save' && !(await save(path))) return;
      removeTab(path);
    },
    save(path) {
      const target = path ?? store.get().active;
      return target ? save(target) : Promise.resolve(false);
    },
    async resolveConflict(answer) {
      const conflict = store.get().conflict;
      store.set({ conflict: null });
      if (!conflict || answer === 'cancel') return;
      if (answer === 'overwrite') await save(conflict.path, { force: true });
      else await fetchFile(conflict.path, true);
    },
    dispose() {
      for (const off of offs) off();
      offInit();
    },
  };
}
