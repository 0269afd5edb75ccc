/**
 * The open documents of the IDE view: one Monaco text model per open file, its saved state (hash of what is on
 * disk, Monaco's alternative version id at the last save) and its buffer sync to the server (incremental
 * `buffer:edit` messages through `@paige/client`'s buffer sync, DESIGN section 11). Content arriving before Monaco
 * has loaded waits here. Not React: the editor store and the editor pane both use it.
 */
import type { editor as MonacoEditor, IDisposable } from 'monaco-editor/editor';
import {
  createBufferSync,
  type BufferSync,
  type BufferSyncIssue,
  type PaigeClient,
  type TrackedDocument,
} from '@paige/client';
import type { Position, Range } from '@paige/protocol';
import { loadMonaco } from './load-monaco.js';

/** A file's content as the server sent it (`fs:content` or `editor:open_file`). */
export interface IncomingFile {
  path: string;
  content: string;
  language: string;
  hash?: string | undefined;
  /** The server holds unsaved edits for this file (after a reload): the content is that buffer. */
  dirty?: boolean | undefined;
  /** The server's buffer version of `content`, when it tracks one. */
  version?: number | undefined;
}

interface Doc {
  path: string;
  language: string;
  model: MonacoEditor.ITextModel;
  /** SHA-256 of the content on disk the editor started from (sent as `baseHash` on save). */
  savedHash: string | undefined;
  /** `model.getAlternativeVersionId()` when the text equalled the disk; `-1` = never (unsaved from the start). */
  savedVersion: number;
  tracked: TrackedDocument;
  listener: IDisposable;
  /** The editor's cursor and selections in this document (sent with each sync batch). */
  cursor: Position;
  selections: Range[];
}

export interface Documents {
  /** Creates or replaces the model of `file.path` (waits for Monaco). Resolves when the model exists. */
  load(file: IncomingFile): Promise<void>;
  /** The model of an open file, once loaded. */
  model(path: string): MonacoEditor.ITextModel | undefined;
  has(path: string): boolean;
  text(path: string): string | undefined;
  savedHash(path: string): string | undefined;
  isDirty(path: string): boolean;
  /** Records a save of the model's text as of `version` (the alternative version id read when the save started). */
  markSaved(path: string, hash: string, version: number): void;
  /** Current alternative version id (to pass back to {@link markSaved}). */
  version(path: string): number;
  /** Sends pending edits now (before a save). */
  flush(path?: string): void;
  /** The editor's cursor and selections in `path`, sent with the next sync batch. */
  setCursor(path: string, cursor: Position, selections: Range[]): void;
  /** The sync's counters (`buffer:edit` messages, whole-text updates, sync errors). */
  readonly syncStats: { edits: number; fullUpdates: number; syncErrors: number };
  close(path: string): void;
  /** Called with `(path, dirty)` whenever a document's dirty state may have changed. */
  onDirtyChange(listener: (path: string, dirty: boolean) => void): () => void;
  dispose(): void;
}

/**
 * Creates the document registry; edits are synced to the server through `client` (debounced `buffer:edit` batches,
 * whole text after a sync error or a reconnect: `@paige/client`'s `createBufferSync`).
 */
export function createDocuments(client: PaigeClient, onIssue?: (issue: BufferSyncIssue) => void): Documents {
  const docs = new Map<string, Doc>();
  const loading = new Map<string, Promise<void>>();
  const listeners = new Set<(path: string, dirty: boolean) => void>();
  const sync: BufferSync = createBufferSync(client, onIssue ? { onIssue } : {});

  const isDirty = (doc: Doc) => doc.model.getAlternativeVersionId() !== doc.savedVersion;
  const emit = (doc: Doc) => {
    const dirty = isDirty(doc);
    for (const l of listeners) l(doc.path, dirty);
  };

  const load = async (file: IncomingFile) => {
    const { monaco } = await loadMonaco();
    const existing = docs.get(file.path);
    if (existing) {
      existing.savedHash = file.hash ?? existing.savedHash;
      if (existing.model.getValue() !== file.content) {
        // An undoable replacement; its change event is dropped by the rebase right after (same tick).
        existing.model.pushEditOperations(
          [],
          [{ range: existing.model.getFullModelRange(), text: file.content }],
          () => null,
        );
      }
      existing.tracked.rebase(file.version, file.content);
      if (!file.dirty) existing.tracked.markSaved();
      if (existing.language !== file.language) monaco.editor.setModelLanguage(existing.model, file.language);
      existing.language = file.language;
      existing.savedVersion = file.dirty ? -1 : existing.model.getAlternativeVersionId();
      emit(existing);
      return;
    }
    const uri = monaco.Uri.from({ scheme: 'paige', path: '/' + file.path });
    const model = monaco.editor.getModel(uri) ?? monaco.editor.createModel(file.content, file.language, uri);
    // eslint-disable-next-line prefer-const -- assigned right below; the callbacks read it later
    let doc: Doc;
    const tracked = sync.trackDocument(file.path, {
      getText: () => model.getValue(),
      version: file.version,
      content: file.content,
      getCursorPosition: () => doc.cursor,
      getSelections: () => doc.selections,
      isDirty: () => isDirty(doc),
    });
    doc = {
      path: file.path,
      language: file.language,
      model,
      savedHash: file.hash,
      savedVersion: file.dirty ? -1 : model.getAlternativeVersionId(),
      tracked,
      cursor: { line: 1, column: 1 },
      selections: [],
      listener: model.onDidChangeContent((e) => {
        if (docs.get(file.path) !== doc) return;
        tracked.applyChanges(e);
        emit(doc);
      }),
    };
    docs.set(file.path, doc);
    emit(doc);
  };

  return {
    load(file) {
      const prev = loading.get(file.path) ?? Promise.resolve();
      const next = prev.then(() => load(file));
      loading.set(
        file.path,
        next.catch(() => undefined),
      );
      return next;
    },
    model: (path) => docs.get(path)?.model,
    has: (path) => docs.has(path),
    text: (path) => docs.get(path)?.model.getValue(),
    savedHash: (path) => docs.get(path)?.savedHash,
    isDirty: (path) => {
      const doc = docs.get(path);
      return doc ? isDirty(doc) : false;
    },
    version: (path) => docs.get(path)?.model.getAlternativeVersionId() ?? -1,
    markSaved(path, hash, version) {
      const doc = docs.get(path);
      if (!doc) return;
      doc.savedHash = hash;
      doc.savedVersion = version;
      if (!isDirty(doc)) doc.tracked.markSaved();
      emit(doc);
    },
    flush(path) {
      sync.flush(path);
    },
    setCursor(path, cursor, selections) {
      const doc = docs.get(path);
      if (!doc) return;
      doc.cursor = cursor;
      doc.selections = selections;
    },
    get syncStats() {
      return sync.stats;
    },
    close(path) {
      const doc = docs.get(path);
      if (!doc) return;
      docs.delete(path);
      doc.listener.dispose();
      doc.tracked.untrack();
      doc.model.dispose();
    },
    onDirtyChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dispose() {
      for (const path of [...docs.keys()]) this.close(path);
      sync.dispose();
    },
  };
}
