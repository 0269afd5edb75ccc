/**
 * Monaco, bundled from the `monaco-editor` package (no CDN: the page works offline). This module is loaded
 * lazily by the editor pane, so the tree, the sidebar and `/ws` come up before the ~1 MB editor arrives.
 *
 * What it brings: the core editor API, the editor features a learner uses (find, hover, folding, comments,
 * bracket matching, multi-cursor, line operations, go to line), the syntax colouring of every language Monaco
 * ships (each language's tokenizer is its own chunk, loaded the first time a file of that language opens), the
 * core editor worker, and Paige's warm dark theme. No language services (TypeScript, JSON, CSS workers): they
 * would flag errors in a partial project and cost megabytes.
 */
import * as monaco from 'monaco-editor/editor';
import 'monaco-editor/features/codicon/register';
import 'monaco-editor/features/bracketMatching/register';
import 'monaco-editor/features/clipboard/register';
import 'monaco-editor/features/comment/register';
import 'monaco-editor/features/contextmenu/register';
import 'monaco-editor/features/cursorUndo/register';
import 'monaco-editor/features/find/register';
import 'monaco-editor/features/folding/register';
import 'monaco-editor/features/hover/register';
import 'monaco-editor/features/indentation/register';
import 'monaco-editor/features/linesOperations/register';
import 'monaco-editor/features/multicursor/register';
import 'monaco-editor/features/wordHighlighter/register';
import 'monaco-editor/features/wordOperations/register';
import 'monaco-editor/features/smartSelect/register';
import 'monaco-editor/features/gotoLine/register';
import 'monaco-editor/languages/definitions/register.all';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';

/** Name of Paige's Monaco theme. */
export const PAIGE_THEME = 'paige-warm-dark';

/**
 * The options every Paige editor shares (the IDE's and the practice view's): the theme, the font, no minimap.
 * Each editor adds its own `ariaLabel` and behaviour.
 */
export const PAIGE_EDITOR_OPTIONS: monaco.editor.IStandaloneEditorConstructionOptions = {
  model: null,
  theme: PAIGE_THEME,
  automaticLayout: true,
  fontFamily: "'DejaVu Sans Mono', 'Liberation Mono', Menlo, Consolas, monospace",
  fontSize: 13,
  lineHeight: 20,
  minimap: { enabled: false },
  scrollBeyondLastLine: false,
  tabSize: 2,
  padding: { top: 8 },
};

declare global {
  interface Window {
    MonacoEnvironment?: monaco.Environment;
  }
}

// Monaco asks for a worker by label; every label gets the core editor worker (no language service workers).
self.MonacoEnvironment = {
  getWorker: () => new EditorWorker(),
};

// JSON has no Monarch tokenizer of its own in Monaco (only a language service): colour it with JavaScript's.
if (!monaco.languages.getLanguages().some((l) => l.id === 'json')) {
  monaco.languages.register({
    id: 'json',
    extensions: ['.json', '.jsonc', '.json5'],
    aliases: ['JSON', 'json'],
  });
  monaco.languages.registerTokensProviderFactory('json', {
    create: async () => (await import('monaco-editor/languages/definitions/javascript/javascript')).language,
  });
}

monaco.editor.defineTheme(PAIGE_THEME, {
  base: 'vs-dark',
  inherit: true,
  rules: [
    { token: 'comment', foreground: '9c8d7e', fontStyle: 'italic' },
    { token: 'keyword', foreground: 'f0a35e' },
    { token: 'string', foreground: 'b5cf8a' },
    { token: 'number', foreground: 'e9c46a' },
    { token: 'regexp', foreground: 'e9a07a' },
    { token: 'type', foreground: '8fb8de' },
    { token: 'identifier', foreground: 'efe6dc' },
    { token: 'delimiter', foreground: 'c8b9a9' },
  ],
  colors: {
    'editor.background': '#1b1714',
    'editor.foreground': '#efe6dc',
    'editorLineNumber.foreground': '#a89a8b',
    'editorLineNumber.activeForeground': '#efe6dc',
    'editor.lineHighlightBackground': '#2a241f',
    'editor.selectionBackground': '#5a4535',
    'editor.inactiveSelectionBackground': '#3d342d',
    'editorCursor.foreground': '#ffb976',
    'editorWhitespace.foreground': '#3d342d',
    'editorIndentGuide.background1': '#2f2823',
    'editorHoverWidget.background': '#2a241f',
    'editorHoverWidget.border': '#5a4c41',
    'editorWidget.background': '#2a241f',
    'editorGutter.background': '#1b1714',
    'scrollbarSlider.background': '#433931aa',
  },
});

export { monaco };
export type Monaco = typeof monaco;
