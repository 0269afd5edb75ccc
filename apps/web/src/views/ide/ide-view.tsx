/**
 * The IDE view (`/ide`): file tree, editor tabs + Monaco, a bottom dock (the terminal pane and explanations), and the coaching sidebar (the page's header is shared by every view, see `app-header.tsx`). Each region is a
 * component fed by one store; the stores belong to the page (`app-stores.ts`), so they live on while another view
 * shows.
 */
import { useEffect, useRef, useState, type CSSProperties } from 'react';
import { useNavigate } from 'react-router';
import type { HintLevel } from '@paige/protocol';
import { useAppStores } from '../../client/app-stores.js';
import { CodeEditor } from '../../components/code-editor.js';
import { CoachingSidebar } from '../../components/coaching-sidebar.js';
import { ConfirmDialog } from '../../components/confirm-dialog.js';
import { EditorTabs, tabDomId } from '../../components/editor-tabs.js';
import { ExplainPanel } from '../../components/explain-panel.js';
import { FileTree } from '../../components/file-tree.js';
import { ObserverPanel } from '../../components/observer-panel.js';
import { TerminalPane } from '../../components/terminal-pane.js';
import { SHORTCUTS } from '../../components/shortcuts.js';
import { hintLevelShows, type SessionStore } from '../../state/session-store.js';
import { useStore } from '../../state/store.js';
import { baseName } from '../../state/tree-ops.js';
import { useViewActive } from '../view-context.js';
import type { IdeStores } from './ide-stores.js';
import { DockResizer, EDITOR_MIN_PX } from '../../components/dock-resizer.js';
import { setDockPx } from './ide-stores.js';
import { wrapUpPath } from '../routes.js';

const NO_HINTS = new Map<string, never>();

/** The hint level that applies to what the page shows: the session's; without a session Paige's tools show all. */
function useHintLevel(session: SessionStore): HintLevel {
  const active = useStore(session.store, (s) => s.status === 'active');
  const level = useStore(session.store, (s) => s.hintLevel);
  return active ? level : 'high';
}

const EDITOR_PANEL_ID = 'editor-panel';

function TreePane({ stores, session }: { stores: IdeStores; session: SessionStore }) {
  // `low` and up: hinted files glow and their folders show a path indicator; `off`: nothing (the hints are kept).
  const showFiles = hintLevelShows(useHintLevel(session), 'low');
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
        hints={showFiles ? hints : NO_HINTS}
        hintedFolders={showFiles ? hintedFolders : NO_HINTS}
        activePath={active}
        onToggle={stores.tree.toggle}
        onOpen={(path) => void stores.editor.open(path)}
      />
    </nav>
  );
}

function EditorArea({ stores, session }: { stores: IdeStores; session: SessionStore }) {
  const { editor, explain, client, documents } = stores;
  const hintLevel = useHintLevel(session);
  const decorations = useStore(editor.store, (s) => s.decorations);
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
      <EditorTabs
        tabs={tabs}
        active={active}
        panelId={EDITOR_PANEL_ID}
        onSelect={editor.select}
        onClose={editor.close}
      />
      <div
        id={EDITOR_PANEL_ID}
        className="editor-panel"
        role={activeTab ? 'tabpanel' : undefined}
        aria-labelledby={activeTab ? tabDomId(activeTab.path) : undefined}
      >
        {!activeTab && (
          <div className="editor-welcome">
            <h2>Open a file from the Explorer</h2>
            <p>
              Paige watches your editor (never writes to it) and coaches you in the sidebar. Save with Ctrl+S
              / Cmd+S, close a tab with Alt+W, ask for a review with Alt+Shift+R.
            </p>
          </div>
        )}
        <CodeEditor
          documents={documents}
          path={active}
          ready={Boolean(activeTab && !activeTab.loading)}
          highlights={(active && highlights.get(active)) || []}
          decorations={(active && decorations.get(active)) || []}
          hintLevel={hintLevel}
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
        <button
          type="button"
          role="tab"
          id="dock-tab-terminal"
          aria-selected={dock === 'terminal'}
          aria-controls="dock-terminal"
          className="dock-tab"
          onClick={() => stores.ui.set({ dock: 'terminal' })}
        >
          Terminal
        </button>
        <button
          type="button"
          role="tab"
          id="dock-tab-explain"
          aria-selected={dock === 'explain'}
          aria-controls="dock-explain"
          className="dock-tab"
          onClick={() => stores.ui.set({ dock: 'explain' })}
        >
          Explanations{pending > 0 ? ` (${pending} pending)` : entries.length ? ` (${entries.length})` : ''}
        </button>
      </div>
      <div
        id="dock-terminal"
        role="tabpanel"
        aria-labelledby="dock-tab-terminal"
        hidden={dock !== 'terminal'}
        className="dock-panel"
      >
        <TerminalPane terminal={stores.terminal} />
      </div>
      <div
        id="dock-explain"
        role="tabpanel"
        aria-labelledby="dock-tab-explain"
        hidden={dock !== 'explain'}
        className="dock-panel"
      >
        <ExplainPanel
          entries={entries}
          onRemove={stores.explain.remove}
          onOpen={(path, line) => void stores.editor.open(path, line)}
        />
      </div>
    </section>
  );
}

function Sidebar({ stores, session, onEnd }: { stores: IdeStores; session: SessionStore; onEnd(): void }) {
  const coaching = useStore(stores.coaching.store, (s) => s);
  const observer = useStore(stores.observer.store, (s) => s);
  const sessionState = useStore(session.store, (s) => s);
  const navigate = useNavigate();
  const say = (r: { ok: boolean; error?: string }) => {
    if (!r.ok && 'error' in r && r.error) stores.notifications.notify('warning', r.error);
  };
  return (
    <aside className="sidebar" aria-label="Coaching">
      <ObserverPanel state={observer} onMute={stores.observer.setMuted} />
      <CoachingSidebar
        state={coaching}
        session={{ ...sessionState, active: sessionState.status === 'active' }}
        onHintLevel={(level) => say(session.setHintLevel(level))}
        onOpenAnchor={(path, line) => void stores.editor.open(path, line)}
        onReview={() => say(session.requestReview())}
        onEndSession={onEnd}
        onShowWrapUp={(id) => void navigate(wrapUpPath(id))}
      />
    </aside>
  );
}

function Dialogs({
  stores,
  session,
  confirmEnd,
  onEndAnswer,
}: {
  stores: IdeStores;
  session: SessionStore;
  confirmEnd: boolean;
  onEndAnswer(end: boolean): void;
}) {
  const issue = useStore(session.store, (s) => s.issue);
  const confirmClose = useStore(stores.editor.store, (s) => s.confirmClose);
  const conflict = useStore(stores.editor.store, (s) => s.conflict);
  return (
    <>
      <ConfirmDialog
        open={confirmEnd}
        title="End this coaching session?"
        choices={[
          { value: 'cancel', label: 'Keep working' },
          { value: 'end', label: 'End session', primary: true },
        ]}
        cancelValue="cancel"
        onAnswer={(a) => onEndAnswer(a === 'end')}
      >
        <p>
          Paige wraps up {issue?.title ? `“${issue.title}”` : 'the session'}: what you learned, the knowledge
          gaps it found and katas to practise them. Your files stay as they are.
        </p>
      </ConfirmDialog>
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
          {conflict?.path} was changed outside the editor since you opened it. Overwrite it with your version,
          or reload the version on disk (your edits are dropped)?
        </p>
      </ConfirmDialog>
    </>
  );
}

export function IdeView() {
  const app = useAppStores();
  const stores = app.ide;
  const session = app.session;
  const active = useViewActive();
  const dockPx = useStore(stores.ui, (s) => s.dockPx);
  const navigate = useNavigate();
  const [confirmEnd, setConfirmEnd] = useState(false);
  const pipelineStage = useStore(session.store, (s) => s.pipeline?.stage ?? null);

  const askEnd = () => {
    const s = session.store.get();
    if (s.ending) stores.notifications.notify('info', 'The session is already ending.');
    else if (s.status !== 'active') stores.notifications.notify('info', 'No coaching session is active.');
    else setConfirmEnd(true);
  };
  const onEndAnswer = (end: boolean) => {
    setConfirmEnd(false);
    if (!end) return;
    void session.endSession().then((r) => {
      if (r.ok && r.sessionId) void navigate(wrapUpPath(r.sessionId));
      else if (!r.ok) stores.notifications.notify('warning', r.error);
    });
  };

  // Keyboard: Ctrl/Cmd+S saves the active file (never the browser's "save page"); Alt+W closes the active tab (Ctrl+W
  // closes the browser's tab); Alt+Shift+= / Alt+Shift+- raise and lower the hint level; Alt+Shift+R asks for a review.
  // Listened to in the capture phase so they work inside Monaco too; only while the IDE is the view on screen.
  useEffect(() => {
    if (!active) return;
    const say = (r: { ok: boolean; error?: string }, done?: string) => {
      if (!r.ok && r.error) stores.notifications.notify('info', r.error);
      else if (r.ok && done) stores.notifications.notify('info', done, 2500);
    };
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 's') {
        e.preventDefault();
        if (!(e.target instanceof HTMLElement && e.target.closest('.monaco-editor')))
          void stores.editor.save();
        return;
      }
      if (document.querySelector('dialog[open]')) return;
      const handled = (fn: () => void) => {
        e.preventDefault();
        e.stopPropagation();
        fn();
      };
      if (SHORTCUTS.closeTab.matches(e)) {
        const current = stores.editor.store.get().active;
        if (current) handled(() => stores.editor.close(current));
      } else if (SHORTCUTS.raiseHints.matches(e))
        handled(() => say(session.stepHintLevel(1), `Hint level: ${levelAfter()}`));
      else if (SHORTCUTS.lowerHints.matches(e))
        handled(() => say(session.stepHintLevel(-1), `Hint level: ${levelAfter()}`));
      else if (SHORTCUTS.review.matches(e))
        handled(() => say(session.requestReview(), 'Paige is reviewing your work.'));
    };
    const levelAfter = () => session.store.get().hintLevel;
    window.addEventListener('keydown', onKey, { capture: true });
    return () => window.removeEventListener('keydown', onKey, { capture: true });
  }, [stores, session, active]);

  // Leaving the page with unsaved files asks first (the browser's own question).
  useEffect(() => {
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      if (stores.editor.store.get().tabs.some((t) => t.dirty)) {
        e.preventDefault();
        e.returnValue = '';
      }
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [stores]);

  // When the coaching starts (the plan is ready), the conversation with Paige is in the terminal: show it and focus it.
  const lastStage = useRef(pipelineStage);
  useEffect(() => {
    const before = lastStage.current;
    lastStage.current = pipelineStage;
    if (pipelineStage !== 'coaching' || before === 'coaching' || !active) return;
    stores.ui.set({ dock: 'terminal' });
    requestAnimationFrame(() =>
      document.querySelector<HTMLElement>('#dock-terminal .xterm textarea')?.focus(),
    );
  }, [pipelineStage, active, stores]);

  return (
    <div className="ide">
      <h1 className="visually-hidden">Editor</h1>
      <div className="ide-body">
        <TreePane stores={stores} session={session} />
        <main
          className="ide-center"
          style={
            dockPx
              ? ({ '--dock-h': `min(${dockPx}px, calc(100% - ${EDITOR_MIN_PX}px))` } as CSSProperties)
              : undefined
          }
        >
          <EditorArea stores={stores} session={session} />
          <Dock stores={stores} />
        </main>
        <Sidebar stores={stores} session={session} onEnd={askEnd} />
      </div>
      <Dialogs stores={stores} session={session} confirmEnd={confirmEnd} onEndAnswer={onEndAnswer} />
    </div>
  );
}
