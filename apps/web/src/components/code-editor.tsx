/**
 * The Monaco pane: shows the active tab's model (each tab keeps its scroll and cursor), paints Paige's guidance at
 * the learner's hint level (issue 23 item 1: `medium` = line highlights, class `paige-highlight-<style>`, with
 * gutter markers and Paige's squiggles as Monaco markers; `high` = plus the hover text of highlighted lines; `off`
 * and `low` = nothing in the editor), reveals lines on request (also for a file that is still loading), saves with
 * Ctrl+S / Cmd+S, reports selections (`editor:selection`) and offers "Explain this" for a selection (a floating
 * button, the context menu, or Ctrl+Shift+E). Monaco itself is loaded lazily.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { editor as MonacoEditor } from 'monaco-editor/editor';
import type { ClientPayload, HintLevel, LineHighlight } from '@paige/protocol';
import type { PaigeDecoration } from '../state/editor-store.js';
import { hintLevelShows } from '../state/session-store.js';
import { loadMonaco, type LoadedMonaco } from '../editor/load-monaco.js';
import type { Documents } from '../editor/documents.js';

export interface CodeEditorProps {
  documents: Documents;
  /** Active file, or `null` when no tab is open. */
  path: string | null;
  /** Whether the active file's model is ready. */
  ready: boolean;
  highlights: readonly LineHighlight[];
  /** Paige's squiggles in the active file. */
  decorations: readonly PaigeDecoration[];
  /** The learner's hint level: what of the above is shown. */
  hintLevel: HintLevel;
  reveal: { path: string; line: number; seq: number } | null;
  onSave(): void;
  onSelection(payload: ClientPayload<'editor:selection'>): void;
  onExplain(payload: ClientPayload<'user:explain'>): void;
}

/** Lines of context sent around an explained selection. */
const CONTEXT_LINES = 20;
/** Largest selection sent for explanation (the protocol's text limit is 100 KiB). */
const MAX_EXPLAIN_CHARS = 100 * 1024;

interface ExplainAnchor {
  top: number;
  left: number;
}

export function CodeEditor(props: CodeEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const [loaded, setLoaded] = useState<{
    monaco: LoadedMonaco;
    editor: MonacoEditor.IStandaloneCodeEditor;
  } | null>(null);
  const [anchor, setAnchor] = useState<ExplainAnchor | null>(null);
  const viewStates = useRef(new Map<string, MonacoEditor.ICodeEditorViewState | null>());
  const shownPath = useRef<string | null>(null);
  const decorations = useRef<MonacoEditor.IEditorDecorationsCollection | null>(null);
  const markedModels = useRef(new Set<MonacoEditor.ITextModel>());
  const appliedReveal = useRef<number | null>(null);
  // Bumped whenever another model is shown, so a waiting reveal runs after it.
  const [shownModel, setShownModel] = useState(0);
  // Latest props for Monaco's callbacks, which are registered once.
  const latest = useRef(props);
  useLayoutEffect(() => {
    latest.current = props;
  });

  // Monaco (about 0.9 MB gzip) is not part of the first render: it is fetched once the page is idle after it (or
  // when a file opens first), so the tree shows at once and the first file opened does not wait for the download.
  useEffect(() => {
    const start = () => void loadMonaco();
    if (typeof requestIdleCallback === 'function') {
      const id = requestIdleCallback(start, { timeout: 1_000 });
      return () => cancelIdleCallback(id);
    }
    const timer = setTimeout(start, 200);
    return () => clearTimeout(timer);
  }, []);
  const needed = props.path !== null;
  const [wanted, setWanted] = useState(false);
  if (needed && !wanted) setWanted(true);

  // Create the editor once Monaco has loaded.
  useEffect(() => {
    if (!wanted) return;
    const states = viewStates.current;
    let disposed = false;
    let editor: MonacoEditor.IStandaloneCodeEditor | undefined;
    void loadMonaco().then((mod) => {
      if (disposed || !host.current) return;
      const { monaco } = mod;
      editor = monaco.editor.create(host.current, {
        ...mod.PAIGE_EDITOR_OPTIONS,
        renderLineHighlight: 'line',
        smoothScrolling: true,
        ariaLabel: 'Code editor',
        hover: { delay: 250 },
      });
      editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyS, () => latest.current.onSave());
      const explainSelection = () => {
        const ed = editor;
        const path = latest.current.path;
        const model = ed?.getModel();
        const sel = ed?.getSelection();
        if (!ed || !model || !sel || sel.isEmpty() || !path) return;
        const selectedText = model.getValueInRange(sel).slice(0, MAX_EXPLAIN_CHARS);
        if (!selectedText.trim()) return;
        const from = Math.max(1, sel.startLineNumber - CONTEXT_LINES);
        const to = Math.min(model.getLineCount(), sel.endLineNumber + CONTEXT_LINES);
        const surroundingContext = model
          .getValueInRange({
            startLineNumber: from,
            startColumn: 1,
            endLineNumber: to,
            endColumn: model.getLineMaxColumn(to),
          })
          .slice(0, MAX_EXPLAIN_CHARS);
        latest.current.onExplain({
          path,
          range: {
            startLine: sel.startLineNumber,
            startColumn: sel.startColumn,
            endLine: sel.endLineNumber,
            endColumn: sel.endColumn,
          },
          selectedText,
          language: model.getLanguageId(),
          surroundingContext,
        });
        setAnchor(null);
      };
      editor.addAction({
        id: 'paige.explain',
        label: 'Explain this (Paige)',
        keybindings: [monaco.KeyMod.CtrlCmd | monaco.KeyMod.Shift | monaco.KeyCode.KeyE],
        contextMenuGroupId: 'navigation',
        contextMenuOrder: 0,
        precondition: 'editorHasSelection',
        run: explainSelection,
      });
      explainRef.current = explainSelection;

      const placeAnchor = () => {
        const sel = editor?.getSelection();
        if (!editor || !sel || sel.isEmpty()) return setAnchor(null);
        const pos = editor.getScrolledVisiblePosition(sel.getStartPosition());
        const layout = editor.getLayoutInfo();
        if (!pos || pos.top < 0 || pos.top > layout.height) return setAnchor(null);
        setAnchor({
          top: Math.max(2, pos.top - 30),
          left: Math.min(Math.max(layout.contentLeft, pos.left), layout.width - 160),
        });
      };
      let selectionTimer: ReturnType<typeof setTimeout> | undefined;
      editor.onDidChangeCursorSelection((e) => {
        placeAnchor();
        clearTimeout(selectionTimer);
        const path = latest.current.path;
        const model = editor?.getModel();
        if (path) {
          const toRange = (r: typeof e.selection) => ({
            startLine: r.startLineNumber,
            startColumn: r.startColumn,
            endLine: r.endLineNumber,
            endColumn: r.endColumn,
          });
          const pos = e.selection.getPosition();
          latest.current.documents.setCursor(
            path,
            { line: pos.lineNumber, column: pos.column },
            [e.selection, ...e.secondarySelections].filter((r) => !r.isEmpty()).map(toRange),
          );
        }
        if (!path || !model || e.selection.isEmpty()) return;
        selectionTimer = setTimeout(() => {
          const s = e.selection;
          latest.current.onSelection({
            path,
            range: {
              startLine: s.startLineNumber,
              startColumn: s.startColumn,
              endLine: s.endLineNumber,
              endColumn: s.endColumn,
            },
            textLength: model.getValueLengthInRange(s),
          });
        }, 400);
      });
      editor.onDidScrollChange(placeAnchor);
      setLoaded({ monaco: mod, editor });
    });
    return () => {
      disposed = true;
      // Cleaned up by a view hidden through <Activity> (or StrictMode's second mount) as well as by an unmount: keep
      // the shown file's view state (cursor, scroll) so the next editor restores it, and forget this editor.
      if (editor && shownPath.current && editor.getModel())
        states.set(shownPath.current, editor.saveViewState());
      shownPath.current = null;
      decorations.current = null;
      editor?.dispose();
      setLoaded(null);
    };
  }, [wanted]);

  const explainRef = useRef<() => void>(() => undefined);

  // Show the active document.
  useEffect(() => {
    if (!loaded) return;
    const { editor } = loaded;
    const model = props.path && props.ready ? props.documents.model(props.path) : undefined;
    const current = shownPath.current;
    if (current && editor.getModel()) viewStates.current.set(current, editor.saveViewState());
    if (!model) {
      if (editor.getModel()) editor.setModel(null);
      shownPath.current = null;
      return;
    }
    if (editor.getModel() !== model) {
      editor.setModel(model);
      const state = viewStates.current.get(props.path!);
      if (state) editor.restoreViewState(state);
      shownPath.current = props.path;
      // the Explain anchor belonged to the previous file's selection (Monaco's change, not React state, drives this)
      // eslint-disable-next-line react-hooks/set-state-in-effect
      setAnchor(null);
      setShownModel((n) => n + 1);
    }
    editor.focus();
  }, [loaded, props.path, props.ready, props.documents]);

  // Paint Paige's highlights and squiggles on the active document, as much as the hint level shows.
  useEffect(() => {
    if (!loaded) return;
    const { editor, monaco } = loaded;
    const M = monaco.monaco;
    decorations.current ??= editor.createDecorationsCollection();
    const model = editor.getModel();
    for (const m of markedModels.current)
      if (!m.isDisposed() && m !== model) M.editor.setModelMarkers(m, 'paige', []);
    markedModels.current.clear();
    if (!model || !props.ready || !hintLevelShows(props.hintLevel, 'medium')) {
      decorations.current.clear();
      if (model) M.editor.setModelMarkers(model, 'paige', []);
      return;
    }
    const withHover = hintLevelShows(props.hintLevel, 'high');
    const lines = model.getLineCount();
    decorations.current.set(
      props.highlights
        .filter((h) => h.startLine <= lines)
        .map((h) => ({
          range: new M.Range(h.startLine, 1, Math.min(h.endLine, lines), 1),
          options: {
            isWholeLine: true,
            className: `paige-highlight paige-highlight-${h.style}`,
            linesDecorationsClassName: `paige-gutter paige-gutter-${h.style}`,
            hoverMessage: withHover && h.hoverText ? { value: h.hoverText } : null,
            overviewRuler: {
              color: h.style === 'error' ? '#ee8a78' : h.style === 'success' ? '#9acb83' : '#e9c46a',
              position: M.editor.OverviewRulerLane.Right,
            },
            stickiness: M.editor.TrackedRangeStickiness.NeverGrowsWhenTypingAtEdges,
          },
        })),
    );
    const severity = {
      error: M.MarkerSeverity.Error,
      hint: M.MarkerSeverity.Warning,
      success: M.MarkerSeverity.Info,
    } as const;
    M.editor.setModelMarkers(
      model,
      'paige',
      props.decorations
        .filter((d) => d.range.startLine <= lines)
        .map((d) => ({
          startLineNumber: d.range.startLine,
          startColumn: d.range.startColumn,
          endLineNumber: Math.min(d.range.endLine, lines),
          endColumn: d.range.endColumn,
          severity: severity[d.style],
          message: withHover
            ? (d.hoverText ?? 'Paige flagged this.')
            : 'Paige flagged this (hint level High shows why).',
        })),
    );
    markedModels.current.add(model);
  }, [loaded, props.highlights, props.decorations, props.hintLevel, props.ready, props.path]);

  // Reveal a requested line once its file's model shows (a file opened by "Go to" may still be loading when asked:
  // the request waits, then applies; a frame later it is applied again, after Monaco's layout of the new model).
  const revealSeq = props.reveal?.seq;
  useEffect(() => {
    if (!loaded || !props.reveal || !props.ready || props.reveal.path !== props.path) return;
    const { editor } = loaded;
    const model = editor.getModel();
    if (
      !model ||
      model !== props.documents.model(props.reveal.path) ||
      appliedReveal.current === props.reveal.seq
    )
      return;
    appliedReveal.current = props.reveal.seq;
    const line = Math.min(props.reveal.line, model.getLineCount());
    const apply = () => {
      if (editor.getModel() !== model) return;
      editor.setPosition({ lineNumber: line, column: 1 });
      editor.revealLineInCenter(line);
    };
    apply();
    editor.focus();
    const frame = requestAnimationFrame(apply);
    return () => cancelAnimationFrame(frame);
    // once per reveal request (its seq), not again for an equal request object made by a later render
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [loaded, revealSeq, props.ready, props.path, shownModel]);

  return (
    <div className="code-editor">
      <div ref={host} className="monaco-host" />
      {!loaded && props.path && <p className="empty editor-loading">Loading the editor…</p>}
      {anchor && (
        <button
          type="button"
          className="btn btn-primary btn-small explain-button"
          style={{ top: anchor.top, left: anchor.left }}
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => explainRef.current()}
        >
          Explain this
        </button>
      )}
    </div>
  );
}
