/// <reference types="vite/client" />

/** Monaco's JavaScript Monarch grammar (no .d.ts ships for the language definition files). */
declare module 'monaco-editor/languages/definitions/javascript/javascript' {
  import type { languages } from 'monaco-editor/editor';
  export const language: languages.IMonarchLanguage;
  export const conf: languages.LanguageConfiguration;
}
