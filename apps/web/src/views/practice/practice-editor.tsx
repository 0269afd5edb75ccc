/**
 * The practice view's Monaco editor (the IDE's lazily loaded Monaco, its warm dark theme): one model per kata, so
 * each kata keeps its own draft, undo history and cursor while the learner moves between katas and views. Ctrl/Cmd+S
 * keeps the draft (it is kept anyway) instead of the browser's "save page"; Ctrl/Cmd+Enter submits.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { editor as MonacoEditor } from 'monaco-editor/editor';
import { loadMonaco, type LoadedMonaco } from '../../editor/load-monaco.js';

export interface PracticeEditorProps {
  kataId: string;
  /** The draft to start a kata's model with. */
  initialCode: string;
  /** Changes when the draft was reset: the model takes `initialCode` again. */
  resets: number;
  language: string;
  onChange(kataId: string, code: string): void;
  onSubmit(): void;
}

/** Models of the katas opened in this page, by kata id (kept for the page's life). */
const models = new Map<string, MonacoEditor.ITextModel>();

export function PracticeEditor({
  kataId,
  initialCode,
  resets,
  language,
  onChange,
  onSubmit,
}: PracticeEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const [loaded, setLoaded] = useState<{
    monaco: LoadedMonaco;
    editor: MonacoEditor.IStandaloneCodeEditor;
  } | null>(null);
  const latest = useRef({ onChange, onSubmit, kataId });
  useLayoutEffect(() => {
    latest.current = { onChange, onSubmit, kataId };
  });
  const viewStates = useRef(new Map<string, MonacoEditor.ICodeEditorViewState | null>());

  useEffect(() => {
    let disposed = false;
    let editor: MonacoEditor.IStandaloneCodeEditor | undefined;
    void loadMonaco().then((mod) => {
      if (disposed || !host.current) return;
      const { monaco } = mod;
      editor = monaco.editor.create(host.current, {
        ...mod.PAIGE_EDITOR_OPTIONS,
        ariaLabel: 'Your solution',
      });
      editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyS, () => undefined);
      editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, () => latest.current.onSubmit());
      setLoaded({ monaco: mod, editor });
    });
    return () => {
      disposed = true;
      editor?.dispose();
      setLoaded(null); // hidden by <Activity> or StrictMode's second mount: the next run makes a new editor
    };
  }, []);

  // Show the kata's model (created on first show from its draft).
  useEffect(() => {
    if (!loaded) return;
    const { monaco, editor } = loaded;
    let model = models.get(kataId);
    if (!model || model.isDisposed()) {
      model = monaco.monaco.editor.createModel(initialCode, language);
      const m = model;
      m.onDidChangeContent(() => latest.current.onChange(kataId, m.getValue()));
      models.set(kataId, m);
    }
    const previous = editor.getModel();
    if (previous !== model) {
      const previousKata = [...models.entries()].find(([, m]) => m === previous)?.[0];
      if (previousKata) viewStates.current.set(previousKata, editor.saveViewState());
      editor.setModel(model);
      const state = viewStates.current.get(kataId);
      if (state) editor.restoreViewState(state);
    }
    // `initialCode` only seeds a new model; later changes come from the learner.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- see above
  }, [loaded, kataId, language]);

  // "Start over": the model takes the scaffolding again (one undoable edit). Reset counts are per kata.
  const seenResets = useRef(new Map<string, number>());
  useEffect(() => {
    if (!loaded) return;
    const seen = seenResets.current.get(kataId);
    seenResets.current.set(kataId, resets);
    if (seen === undefined || seen === resets) return;
    const model = models.get(kataId);
    if (model && model.getValue() !== initialCode) {
      model.pushEditOperations([], [{ range: model.getFullModelRange(), text: initialCode }], () => null);
    }
  }, [resets, loaded, kataId, initialCode]);

  return (
    <div className="practice-editor">
      <div ref={host} className="monaco-host" />
      {!loaded && <p className="empty editor-loading">Loading the editor…</p>}
    </div>
  );
}
