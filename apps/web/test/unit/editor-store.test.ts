/**
 * Issue 25 item 3: the editor store against a fake `/ws` and an in-memory stand-in for the Monaco documents (Monaco
 * needs a browser; the page's browser tests drive the real one): opening a file asks `file:open` and adds one tab,
 * a failed open says why and leaves no tab, Paige's highlights accumulate per file and clear, a save sends the
 * hash the file was opened with, and a conflict is asked about, not overwritten.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Documents, IncomingFile } from '../../src/editor/documents.js';
import { createEditorStore, type EditorStore } from '../../src/state/editor-store.js';
import { createNotificationStore, type NotificationStore } from '../../src/state/notifications-store.js';
import { fakeServer, settle, type FakeServer } from './support/fake-server.js';

const HASH = 'a'.repeat(64);

/** Documents without Monaco: text per path, a saved hash, a dirty flag the test sets. */
function memoryDocuments() {
  const docs = new Map<string, { text: string; hash: string | undefined; dirty: boolean; version: number }>();
  const dirtyListeners = new Set<(path: string, dirty: boolean) => void>();
  const api: Documents & { edit(path: string, text: string): void } = {
    async load(file: IncomingFile) {
      docs.set(file.path, { text: file.content, hash: file.hash, dirty: file.dirty ?? false, version: 1 });
    },
    model: () => undefined,
    has: (p) => docs.has(p),
    text: (p) => docs.get(p)?.text,
    savedHash: (p) => docs.get(p)?.hash,
    isDirty: (p) => docs.get(p)?.dirty ?? false,
    markSaved(p, hash, version) {
      const d = docs.get(p);
      if (!d) return;
      d.hash = hash;
      if (d.version === version) d.dirty = false;
    },
    version: (p) => docs.get(p)?.version ?? 0,
    flush: () => undefined,
    setCursor: () => undefined,
    syncStats: { edits: 0, fullUpdates: 0, syncErrors: 0 },
    close: (p) => void docs.delete(p),
    onDirtyChange(l) {
      dirtyListeners.add(l);
      return () => void dirtyListeners.delete(l);
    },
    dispose: () => docs.clear(),
    edit(p, text) {
      const d = docs.get(p)!;
      d.text = text;
      d.dirty = true;
      d.version += 1;
      for (const l of dirtyListeners) l(p, true);
    },
  };
  return api;
}

let server: FakeServer;
let editor: EditorStore;
let notes: NotificationStore;
afterEach(() => {
  editor?.dispose();
  server?.client.close();
});

async function setup() {
  server = await fakeServer();
  notes = createNotificationStore();
  const documents = memoryDocuments();
  editor = createEditorStore(server.client, documents, notes);
  return documents;
}

const content = (path: string, text = 'export const a = 1;\n') => ({
  path,
  content: text,
  language: 'typescript',
  lineCount: text.split('\n').length,
  hash: HASH,
});

describe('Issue 25 item 3: the editor store', () => {
  it('opens a file in one tab (again: the same tab), tells the server about the tab switch, reveals a line', async () => {
    await setup();
    const opened = editor.open('src/a.ts', 3);
    expect(editor.store.get().tabs).toEqual([
      { path: 'src/a.ts', name: 'a.ts', language: 'plaintext', dirty: false, loading: true },
    ]);
    server.push('fs:content', content('src/a.ts'), server.lastRequest('file:open').id);
    await opened;
    await editor.open('src/a.ts');
    const s = editor.store.get();
    expect(s.tabs).toEqual([
      { path: 'src/a.ts', name: 'a.ts', language: 'typescript', dirty: false, loading: false },
    ]);
    expect(s.active).toBe('src/a.ts');
    expect(s.reveal).toMatchObject({ path: 'src/a.ts', line: 3 });
    expect(server.sent('file:open')).toHaveLength(1);
    expect(server.sent('editor:tab_switch')).toEqual([
      { type: 'editor:tab_switch', payload: { fromPath: null, toPath: 'src/a.ts' } },
    ]);
  });

  it('a failed open says why and leaves no tab', async () => {
    await setup();
    const opened = editor.open('src/nope.ts');
    server.push(
      'connection:error',
      { code: 'FILE_NOT_FOUND', message: 'no such file' },
      server.lastRequest('file:open').id,
    );
    await opened;
    expect(editor.store.get()).toMatchObject({ tabs: [], active: null });
    expect(notes.store.get().toasts.at(-1)).toMatchObject({
      kind: 'error',
      text: expect.stringContaining('no such file') as string,
    });
  });

  it('highlights accumulate per file without duplicates, and clear per file or all', async () => {
    await setup();
    const h = (startLine: number, style: 'hint' | 'error' = 'hint') => ({
      startLine,
      endLine: startLine,
      style,
    });
    server.push('editor:highlight_lines', { path: 'a.ts', highlights: [h(1), h(2)] });
    server.push('editor:highlight_lines', { path: 'a.ts', highlights: [h(2), h(3, 'error')] });
    server.push('editor:highlight_lines', { path: 'b.ts', highlights: [h(9)] });
    expect(
      editor.store
        .get()
        .highlights.get('a.ts')
        ?.map((x) => x.startLine),
    ).toEqual([1, 2, 3]);
    server.push('editor:clear_highlights', { path: 'a.ts' });
    expect([...editor.store.get().highlights.keys()]).toEqual(['b.ts']);
    server.push('editor:clear_highlights', {});
    expect(editor.store.get().highlights.size).toBe(0);
  });

  it('saves with the opened hash; a CONFLICT is asked about, and reload takes the disk text', async () => {
    const documents = await setup();
    const opened = editor.open('src/a.ts');
    server.push('fs:content', content('src/a.ts'), server.lastRequest('file:open').id);
    await opened;
    documents.edit('src/a.ts', 'export const a = 2;\n');
    expect(editor.store.get().tabs[0]?.dirty).toBe(true);
    const saved = editor.save();
    expect(server.lastRequest('file:save').payload).toEqual({
      path: 'src/a.ts',
      content: 'export const a = 2;\n',
      baseHash: HASH,
    });
    server.push(
      'fs:save_error',
      { path: 'src/a.ts', error: 'changed on disk', code: 'CONFLICT' },
      server.lastRequest('file:save').id,
    );
    expect(await saved).toBe(false);
    expect(editor.store.get().conflict).toEqual({ path: 'src/a.ts', message: 'changed on disk' });
    const resolved = editor.resolveConflict('reload');
    expect(server.lastRequest('file:open').payload).toEqual({ path: 'src/a.ts', discardBuffer: true });
    server.push(
      'fs:content',
      content('src/a.ts', 'export const a = 3;\n'),
      server.lastRequest('file:open').id,
    );
    await resolved;
    await settle();
    expect(documents.text('src/a.ts')).toBe('export const a = 3;\n');
    expect(editor.store.get().conflict).toBeNull();
  });
});
