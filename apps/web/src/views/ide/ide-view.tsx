/**
 * The IDE view (`/ide`): file tree, editor tabs + Monaco, a bottom dock (the terminal pane and explanations), and the coaching sidebar (the page's header is shared by every view, see `app-header.tsx`). Each region is a
 * component fed by one store; the stores belong to the page (`app-stores.ts`), so they live on while another view
 * shows.
 */
import { useEffect, type CSSProperties } from 'react';
import { useAppStores } from '../../client/app-stores.js';
import { CodeEditor } from '../../components/code-editor.js';
import { CoachingSidebar } from '../../components/coaching-sidebar.js';
import { ConfirmDialog } from '../../components/confirm-dialog.js';
import { EditorTabs, tabDomId } from '../../components/editor-tabs.js';
import { ExplainPanel } from '../../components/explain-panel.js';
import { FileTree } from '../../components/file-tree.js';
import { ObserverPanel } from '../../components/observer-panel.js';
import { TerminalPane } from '../../components/terminal-pane.js';
import { Toasts } from '../../components/toasts.js';
import { useStore } from '../../state/store.js';
import { baseName } from '../../state/tree-ops.js';
import { useViewActive } from '../view-context.js';
import type { IdeStores } from './ide-stores.js';
import { DockResizer, EDITOR_MIN_PX } from '../../components/dock-resizer.js';
import { setDockPx } from './ide-stores.js';

const EDITOR_PANEL_ID = 'editor-panel';

function TreePane({ stores }: { stores: IdeStores }) {
  const root = useStore(stores.tree.store, (s) => s.root);
  const expanded = useStore(stores.tree.store, (s) => s.expanded);
  const hints = useStore(stores.tree.store, (s) => s.hints);
  const hintedFolders = useStore(stores.tree.store, (s) => s.hintedFolders);
  const active = useStore(stores.editor.store, (s) => s.active);
  return (
    <nav className="tree-pane" aria-labelledby="explorer-heading">
      <h2 id="explorer-heading" className="panel-title">
        Explorer
      </h2>
      <FileTree
        root={root}
        expanded={expanded}
        hints={hints}
        hintedFolders={hintedFolders}
        activePath={active}
        onToggle={stores.tree.toggle}
        onOpen={(path) => void stores.editor.open(path)}
      />
    </nav>
  );
}

function EditorArea({ stores }: { stores: IdeStores }) {
  const { editor, explain, client, documents } = stores;
  const tabs = useStore(editor.store, (s) => s.tabs);
  const active = useStore(editor.store, (s) => s.active);
  const highlights = useStore(editor.store, (s) => s.highlights);
  const reveal = useStore(editor.store, (s) => s.reveal);
  const activeTab = tabs.find((t) => t.path === active);

  // Keep the tree showing the active file.
  useEffect(() => {
    if (active) stores.tree.reveal(active);
  }, [active, stores.tree]);

  return (
    <section className="editor-area" aria-label="Editor">
      <EditorTabs tabs={tabs} active={active} panelId={EDITOR_PANEL_ID} onSelect={editor.select} onClose={editor.close} />
      <div
        id={EDITOR_PANEL_ID}
        className="editor-panel"
        role={activeTab ? 'tabpanel' : undefined}
        aria-labelledby={activeTab ? tabDomId(activeTab.path) : undefined}
      >
        {!activeTab && (
          <div className="editor-welcome">
            <h2>Open a file from the Explorer</h2>
            <p>Paige watches your editor (never writes to it) and coaches you in the sidebar. Save with Ctrl+S / Cmd+S.</p>
          </div>
        )}
        <CodeEditor
          documents={documents}
          path={active}
          ready={Boolean(activeTab && !activeTab.loading)}
          highlights={(active && highlights.get(active)) || []}
          reveal={reveal}
          onSave={() => void editor.save()}
          onSelection={(p) => client.send('editor:selection', p)}
          onExplain={(p) => {
            stores.ui.set({ dock: 'explain' });
            void explain.explain(p);
          }}
        />
      </div>
    </section>
  );
}

function Dock({ stores }: { stores: IdeStores }) {
  const dock = useStore(stores.ui, (s) => s.dock);
  const entries = useStore(stores.explain.store, (s) => s.entries);
  const pending = entries.filter((e) => e.status === 'pending').length;
  return (
    <section className="dock" aria-label="Panels" id="dock">
      <DockResizer controls="dock" onResize={(px) => setDockPx(stores.ui, px)} />
      <div role="tablist" aria-label="Panels" className="dock-tabs">
        <button type="button" role="tab" id="dock-tab-terminal" aria-selected={dock === 'terminal'} aria-controls="dock-terminal" className="dock-tab" onClick={() => stores.ui.set({ dock: 'terminal' })}>
          Terminal
        </button>
        <button type="button" role="tab" id="dock-tab-explain" aria-selected={dock === 'explain'} aria-controls="dock-explain" className="dock-tab" onClick={() => stores.ui.set({ dock: 'explain' })}>
          Explanations{pending > 0 ? ` (${pending} pending)` : entries.length ? ` (${entries.length})` : ''}
        </button>
      </div>
      <div id="dock-terminal" role="tabpanel" aria-labelledby="dock-tab-terminal" hidden={dock !== 'terminal'} className="dock-panel">
        <TerminalPane terminal={stores.terminal} />
      </div>
      <div id="dock-explain" role="tabpanel" aria-labelledby="dock-tab-explain" hidden={dock !== 'explain'} className="dock-panel">
        <ExplainPanel entries={entries} onRemove={stores.explain.remove} onOpen={(path, line) => void stores.editor.open(path, line)} />
      </div>
    </section>
  );
}

function Sidebar({ stores }: { stores: IdeStores }) {
  const coaching = useStore(stores.coaching.store, (s) => s);
  const observer = useStore(stores.observer.store, (s) => s);
  return (
    <aside className="sidebar" aria-label="Coaching">
      <ObserverPanel state={observer} onMute={stores.observer.setMuted} />
      <CoachingSidebar state={coaching} onHintLevel={stores.coaching.setHintLevel} onOpenAnchor={(path, line) => void stores.editor.open(path, line)} />
    </aside>
  );
}

function Dialogs({ stores }: { stores: IdeStores }) {
  const confirmClose = useStore(stores.editor.store, (s) => s.confirmClose);
  const conflict = useStore(stores.editor.store, (s) => s.conflict);
  return (
    <>
      <ConfirmDialog
        open={confirmClose !== null}
        title={`Save changes to ${confirmClose ? baseName(confirmClose) : ''}?`}
        choices={[
          { value: 'cancel', label: 'Cancel' },
          { value: 'discard', label: "Don't save" },
          { value: 'save', label: 'Save', primary: true },
        ]}
        cancelValue="cancel"
        onAnswer={(a) => void stores.editor.answerClose(a)}
      >
        <p>Your changes to {confirmClose} are not saved. Closing without saving keeps them nowhere.</p>
      </ConfirmDialog>
      <ConfirmDialog
        open={conflict !== null}
        title={`${conflict ? baseName(conflict.path) : ''} changed on disk`}
        choices={[
          { value: 'cancel', label: 'Keep editing' },
          { value: 'reload', label: 'Reload from disk' },
          { value: 'overwrite', label: 'Overwrite', primary: true },
        ]}
        cancelValue="cancel"
        onAnswer={(a) => void stores.editor.resolveConflict(a)}
      >
        <p>
          {conflict?.path} was changed outside the editor since you opened it. Overwrite it with your version, or reload
          the version on disk (your edits are dropped)?
        </p>
      </ConfirmDialog>
    </>
  );
}

function Notifications({ stores }: { stores: IdeStores }) {
  const toasts = useStore(stores.notifications.store, (s) => s.toasts);
  return <Toasts toasts={toasts} onDismiss={stores.notifications.dismiss} />;
}

export function IdeView() {
  const stores = useAppStores().ide;
  const active = useViewActive();
  const dockPx = useStore(stores.ui, (s) => s.dockPx);

  // Ctrl/Cmd+S anywhere on the page saves the active file (and never opens the browser's "save page"), while the IDE
  // is the view on screen.
  useEffect(() => {
    if (!active) return;
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 's') {
        e.preventDefault();
        if (!(e.target instanceof HTMLElement && e.target.closest('.monaco-editor'))) void stores.editor.save();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [stores, active]);

  return (
    <div className="ide">
      <h1 className="visually-hidden">Editor</h1>
      <div className="ide-body">
        <TreePane stores={stores} />
        <main className="ide-center" style={dockPx ? ({ '--dock-h': `min(${dockPx}px, calc(100% - ${EDITOR_MIN_PX}px))` } as CSSProperties) : undefined}>
          <EditorArea stores={stores} />
          <Dock stores={stores} />
        </main>
        <Sidebar stores={stores} />
      </div>
      <Dialogs stores={stores} />
      <Notifications stores={stores} />
    </div>
  );
}
