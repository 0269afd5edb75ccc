/**
 * The Monaco pane: shows the active tab's model (each tab keeps its scroll and cursor), paints Paige's line
 * highlights (class `paige-highlight-<style>`, hover text on the lines), reveals lines on request, saves with
 * Ctrl+S / Cmd+S, reports selections (`editor:selection`) and offers "Explain this" for a selection (a floating
 * button, the context menu, or Ctrl+Shift+E). Monaco itself is loaded lazily.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { editor as MonacoEditor } from 'monaco-editor/editor';
import type { ClientPayload, LineHighlight } from '@paige/protocol';
import { loadMonaco, type LoadedMonaco } from '../editor/load-monaco.js';
import type { Documents } from '../editor/documents.js';

export interface CodeEditorProps {
  documents: Documents;
  /** Active file, or `null` when no tab is open. */
  path: string | null;
  /** Whether the active file's model is ready. */
  ready: boolean;
  highlights: readonly LineHighlight[];
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
  const [loaded, setLoaded] = useState<{ monaco: LoadedMonaco; editor: MonacoEditor.IStandaloneCodeEditor } | null>(null);
  const [anchor, setAnchor] = useState<ExplainAnchor | null>(null);
  const viewStates = useRef(new Map<string, MonacoEditor.ICodeEditorViewState | null>());
  const shownPath = useRef<string | null>(null);
  const decorations = useRef<MonacoEditor.IEditorDecorationsCollection | null>(null);
  // Latest props for Monaco's callbacks, which are registered once.
  const latest = useRef(props);
  useLayoutEffect(() => {
    latest.current = props;
  });

  // Monaco (about 0.9 MB gzip) is fetched when the first file opens, not before: the first render stays light.
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
        const surroundingContext = model.getValueInRange({ startLineNumber: from, startColumn: 1, endLineNumber: to, endColumn: model.getLineMaxColumn(to) }).slice(0, MAX_EXPLAIN_CHARS);
        latest.current.onExplain({
          path,
          range: { startLine: sel.startLineNumber, startColumn: sel.startColumn, endLine: sel.endLineNumber, endColumn: sel.endColumn },
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
        setAnchor({ top: Math.max(2, pos.top - 30), left: Math.min(Math.max(layout.contentLeft, pos.left), layout.width - 160) });
      };
      let selectionTimer: ReturnType<typeof setTimeout> | undefined;
      editor.onDidChangeCursorSelection((e) => {
        placeAnchor();
        clearTimeout(selectionTimer);
        const path = latest.current.path;
        const model = editor?.getModel();
        if (path) {
          const toRange = (r: typeof e.selection) => ({ startLine: r.startLineNumber, startColumn: r.startColumn, endLine: r.endLineNumber, endColumn: r.endColumn });
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
            range: { startLine: s.startLineNumber, startColumn: s.startColumn, endLine: s.endLineNumber, endColumn: s.endColumn },
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
      if (editor && shownPath.current && editor.getModel()) states.set(shownPath.current, editor.saveViewState());
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
    }
    editor.focus();
  }, [loaded, props.path, props.ready, props.documents]);

  // Paint Paige's highlights on the active document.
  useEffect(() => {
    if (!loaded) return;
    const { editor, monaco } = loaded;
    decorations.current ??= editor.createDecorationsCollection();
    const model = editor.getModel();
    if (!model || !props.ready) {
      decorations.current.clear();
      return;
    }
    const lines = model.getLineCount();
    decorations.current.set(
      props.highlights
        .filter((h) => h.startLine <= lines)
        .map((h) => ({
          range: new monaco.monaco.Range(h.startLine, 1, Math.min(h.endLine, lines), 1),
          options: {
            isWholeLine: true,
            className: `paige-highlight paige-highlight-${h.style}`,
            linesDecorationsClassName: `paige-gutter paige-gutter-${h.style}`,
            hoverMessage: h.hoverText ? { value: h.hoverText } : null,
            overviewRuler: { color: h.style === 'error' ? '#ee8a78' : h.style === 'success' ? '#9acb83' : '#e9c46a', position: monaco.monaco.editor.OverviewRulerLane.Right },
            stickiness: monaco.monaco.editor.TrackedRangeStickiness.NeverGrowsWhenTypingAtEdges,
          },
        })),
    );
  }, [loaded, props.highlights, props.ready, props.path]);

  // Reveal a requested line.
  const revealSeq = props.reveal?.seq;
  useEffect(() => {
    if (!loaded || !props.reveal || !props.ready || props.reveal.path !== props.path) return;
    const { editor } = loaded;
    const line = Math.min(props.reveal.line, editor.getModel()?.getLineCount() ?? 1);
    editor.revealLineInCenter(line);
    editor.setPosition({ lineNumber: line, column: 1 });
    // once per reveal request (its seq), not again for an equal request object made by a later render
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [loaded, revealSeq, props.ready, props.path]);

  return (
    <div className="code-editor">
      <div ref={host} className="monaco-host" />
      {!loaded && props.path && <p className="empty editor-loading">Loading the editor…</p>}
      {anchor && (
        <button type="button" className="btn btn-primary btn-small explain-button" style={{ top: anchor.top, left: anchor.left }} onMouseDown={(e) => e.preventDefault()} onClick={() => explainRef.current()}>
          Explain this
        </button>
      )}
    </div>
  );
}
