/**
 * Incremental buffer sync, client side (issue 16 item 2; LSP's incremental `textDocument/didChange` is the anchor).
 * Framework-agnostic: feed it Monaco's `IModelContentChangedEvent`s (or any `{ rangeOffset, rangeLength, text }`
 * changes) and it sends debounced `buffer:edit` batches with versions, so a keystroke in a 200 KB file costs a
 * couple of hundred bytes instead of the whole file. On `buffer:sync_error`, after a reconnect's resync, or when a
 * change cannot be expressed incrementally, it sends the whole text with a versioned `buffer:update`.
 */
import type { Position, Range, TextChange } from '@paige/protocol';
import type { PaigeClient } from './client.js';

/** One text change as Monaco's `IModelContentChange` has it (its `range` is ignored). Offsets are UTF-16 units. */
export interface TextChangeLike {
  readonly rangeOffset: number;
  readonly rangeLength: number;
  readonly text: string;
}

/** The parts of Monaco's `IModelContentChangedEvent` the sync reads. */
export interface ContentChangeEventLike {
  /** Ordered from the end of the document to the beginning (Monaco), i.e. safe to apply in sequence. */
  readonly changes: readonly TextChangeLike[];
  /** `setValue`: the model was reset; sent as the whole text. */
  readonly isFlush?: boolean;
  /** Line endings changed (no `changes`); sent as the whole text. */
  readonly isEolChange?: boolean;
}

/** How the editor's state is read when a batch is sent. */
export interface TrackDocumentOptions {
  /** The editor's whole text now (`model.getValue()`); read only for a full update or a large batch. */
  getText: () => string;
  /**
   * The server's version of the text the editor starts from: `fs:content.version` / `editor:open_file.version`.
   * `undefined` (an older server, or unknown): the first sync sends the whole text.
   */
  version: number | undefined;
  /**
   * The text the server sent with `version` (`fs:content.content`). When the editor's text differs from it (Monaco
   * normalises mixed line endings, for example), offsets would not match: the first sync then sends the whole text.
   */
  content?: string;
  /** 1-based cursor position sent with each batch (Monaco: `{ line: p.lineNumber, column: p.column }`). Default 1:1. */
  getCursorPosition?: () => Position;
  /** Selections sent with each batch (1-based, inclusive). Default none. */
  getSelections?: () => Range[];
  /**
   * Whether the editor holds unsaved changes (the tab's dirty marker). After a reconnect a dirty document's whole
   * text is sent, so a restarted server gets it back. Default: edited since tracking or `markSaved()`.
   */
  isDirty?: () => boolean;
}

/** Something the sync could not do as asked (the editor's text is never lost: the next sync sends it whole). */
export interface BufferSyncIssue {
  path: string;
  /** `buffer:sync_error` code, a `connection:error` code (e.g. `BUFFER_CACHE_FULL`), or `INVALID_MESSAGE`. */
  code: string;
  message: string;
}

/** Options of {@link createBufferSync}. */
export interface BufferSyncOptions {
  /** Quiet time after the last change before a batch is sent, ms (default 300: the brainstorm's "~300ms after last keystroke"). */
  debounceMs?: number;
  /** Longest a change waits while typing goes on, ms (default 2,000), so the Observer and Claude Code keep up. */
  maxWaitMs?: number;
  /** Whole-text updates in a row, caused by refusals without any new change, before the sync gives up until the next change (default 5). */
  maxFullRetries?: number;
  /** Clock in ms (default `Date.now`). */
  now?: () => number;
  /** Told about refusals and failures (default: nothing; the sync recovers by itself). */
  onIssue?: (issue: BufferSyncIssue) => void;
}

/** Counters, for tests, benchmarks and a status bar. */
export interface BufferSyncStats {
  /** `buffer:edit` messages sent. */
  edits: number;
  /** Whole-text `buffer:update` messages sent. */
  fullUpdates: number;
  /** `buffer:sync_error`s received for tracked documents. */
  syncErrors: number;
}

/** One tracked editor document. */
export interface TrackedDocument {
  readonly path: string;
  /** The version of the text last sent (or the starting version); `undefined` until one is known. */
  readonly version: number | undefined;
  /** Changes waiting for the debounce (after coalescing). */
  readonly pendingChanges: number;
  /**
   * Records the changes of one Monaco content-change event (or a plain array of changes), in the order they came.
   * Sends nothing immediately: a batch goes out after `debounceMs` of quiet (at most `maxWaitMs` after its first
   * change), or on `flush()`.
   */
  applyChanges(changes: ContentChangeEventLike | readonly TextChangeLike[]): void;
  /** Sends what is pending now (call before `file:save`, so the save and the buffer agree). No-op while offline. */
  flush(): void;
  /** Sends the whole text now (or after the next reconnect), with a new version. */
  sendFullText(): void;
  /** The editor now shows the server's text at `version` again (a fresh `fs:content`): pending changes are dropped. */
  rebase(version: number | undefined, content?: string): void;
  /** The editor's text was saved: a reconnect no longer needs to resend it (unless `isDirty` says otherwise). */
  markSaved(): void;
  /** Stops tracking (flushes first). */
  untrack(): void;
}

/** The sync for one client. */
export interface BufferSync {
  /** Tracks `path` (replacing an earlier tracking of the same path). */
  trackDocument(path: string, options: TrackDocumentOptions): TrackedDocument;
  /** The tracked document of `path`, if any. */
  get(path: string): TrackedDocument | undefined;
  /** Flushes one document, or all. */
  flush(path?: string): void;
  readonly stats: Readonly<BufferSyncStats>;
  /** Flushes everything and unsubscribes from the client. */
  dispose(): void;
}

/** Pending changes beyond which a document is sent whole instead. */
const MAX_PENDING_CHANGES = 1000;
/** Sent ids remembered per document to tell a stale refusal from a current one. */
const MAX_REMEMBERED_IDS = 256;

/** Merges `next` into `prev` when it edits only text `prev` inserted (typing, then backspacing, within one batch). */
function coalesce(prev: TextChange, next: TextChange): TextChange | undefined {
  const start = prev.rangeOffset;
  const end = prev.rangeOffset + prev.text.length;
  if (next.rangeOffset < start || next.rangeOffset + next.rangeLength > end) return undefined;
  const at = next.rangeOffset - start;
  return {
    rangeOffset: start,
    rangeLength: prev.rangeLength,
    text: prev.text.slice(0, at) + next.text + prev.text.slice(at + next.rangeLength),
  };
}

function isValidChange(c: TextChangeLike): boolean {
  return (
    Number.isInteger(c.rangeOffset) &&
    c.rangeOffset >= 0 &&
    Number.isInteger(c.rangeLength) &&
    c.rangeLength >= 0 &&
    typeof c.text === 'string'
  );
}

class Document implements TrackedDocument {
  currentVersion: number | undefined;
  pending: TextChange[] = [];
  needsFull: boolean;
  modified = false;
  firstPendingAt: number | undefined;
  timer: ReturnType<typeof setTimeout> | undefined;
  seq = 0;
  lastFullSeq = -1;
  fullRetries = 0;
  readonly sentIds = new Map<string, number>();
  disposed = false;

  constructor(
    readonly path: string,
    readonly options: TrackDocumentOptions,
    private readonly sync: Sync,
  ) {
    this.currentVersion = options.version;
    this.needsFull =
      options.version === undefined ||
      (options.content !== undefined && options.content !== options.getText());
  }

  get version(): number | undefined {
    return this.currentVersion;
  }

  get pendingChanges(): number {
    return this.pending.length;
  }

  applyChanges(input: ContentChangeEventLike | readonly TextChangeLike[]): void {
    if (this.disposed) return;
    const event: ContentChangeEventLike = Array.isArray(input)
      ? { changes: input as readonly TextChangeLike[] }
      : (input as ContentChangeEventLike);
    this.fullRetries = 0;
    if (event.isFlush || event.isEolChange) {
      this.needsFull = true;
    } else {
      for (const c of event.changes) {
        if (!isValidChange(c)) {
          this.needsFull = true;
          continue;
        }
        const change: TextChange = { rangeOffset: c.rangeOffset, rangeLength: c.rangeLength, text: c.text };
        const last = this.pending[this.pending.length - 1];
        const merged = last ? coalesce(last, change) : undefined;
        if (merged) this.pending[this.pending.length - 1] = merged;
        else this.pending.push(change);
      }
    }
    if (this.pending.length > MAX_PENDING_CHANGES) {
      // A long offline stretch of scattered edits: the whole text is smaller and simpler.
      this.pending = [];
      this.needsFull = true;
    }
    if (event.changes.length === 0 && !this.needsFull) return;
    this.modified = true;
    this.schedule();
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.disposed || (this.pending.length === 0 && !this.needsFull)) return;
    if (this.sync.client.state !== 'open') return; // kept; the resync sends the whole text
    if (this.needsFull || this.currentVersion === undefined || !this.sync.serverTakesEdits()) {
      this.sendFull();
      return;
    }
    const changes = this.pending;
    const changedChars = changes.reduce((n, c) => n + c.text.length, 0);
    if (changedChars > 4096 && changedChars >= this.options.getText().length) {
      this.sendFull(); // a paste bigger than the file: the whole text is smaller
      return;
    }
    const baseVersion = this.currentVersion;
    const id = this.remember();
    const selections = this.options.getSelections?.();
    try {
      this.sync.client.send(
        'buffer:edit',
        {
          path: this.path,
          baseVersion,
          version: baseVersion + 1,
          changes,
          cursorPosition: this.cursor(),
          ...(selections && selections.length > 0 ? { selections } : {}),
        },
        { id },
      );
    } catch (err) {
      this.needsFull = true;
      this.pending = [];
      this.sync.report({
        path: this.path,
        code: (err as { code?: string }).code ?? 'INVALID_MESSAGE',
        message: (err as Error).message,
      });
      return;
    }
    this.sync.stats.edits += 1;
    this.currentVersion = baseVersion + 1;
    this.pending = [];
    this.firstPendingAt = undefined;
  }

  sendFullText(): void {
    if (this.disposed) return;
    this.needsFull = true;
    this.flush();
  }

  /** Sends the whole text now with a version above `atLeast` (the server's expected version, when known). */
  sendFull(atLeast?: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const version = Math.max(this.currentVersion ?? 0, atLeast ?? 0) + 1;
    const id = this.remember();
    const selections = this.options.getSelections?.();
    try {
      this.sync.client.send(
        'buffer:update',
        {
          path: this.path,
          content: this.options.getText(),
          cursorPosition: this.cursor(),
          ...(selections && selections.length > 0 ? { selections } : {}),
          version,
        },
        { id },
      );
    } catch (err) {
      this.sync.report({
        path: this.path,
        code: (err as { code?: string }).code ?? 'INVALID_MESSAGE',
        message: (err as Error).message,
      });
      return;
    }
    this.sync.stats.fullUpdates += 1;
    this.lastFullSeq = this.seq;
    this.currentVersion = version;
    this.needsFull = false;
    this.pending = [];
    this.firstPendingAt = undefined;
  }

  rebase(version: number | undefined, content?: string): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = [];
    this.firstPendingAt = undefined;
    this.currentVersion = version;
    this.needsFull = version === undefined || (content !== undefined && content !== this.options.getText());
    this.modified = false;
    this.lastFullSeq = this.seq; // refusals of what was sent before are stale now
  }

  markSaved(): void {
    this.modified = false;
  }

  untrack(): void {
    this.flush();
    this.dispose();
    this.sync.forget(this);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.disposed = true;
  }

  /** A refusal of a message this document sent. */
  onRefused(id: string | undefined, expectedVersion: number | undefined): void {
    const seq = id === undefined ? undefined : this.sentIds.get(id);
    if (id !== undefined && seq === undefined) return; // not ours
    if (seq !== undefined && seq < this.lastFullSeq) return; // before our last whole-text update: already repaired
    if (this.fullRetries >= this.sync.maxFullRetries) {
      this.needsFull = true; // try again after the next change
      return;
    }
    this.fullRetries += 1;
    if (this.sync.client.state === 'open') this.sendFull(expectedVersion);
    else this.needsFull = true;
  }

  /** After a reconnect: a document with unsaved or unsent text is sent whole (the server may have restarted). */
  onResync(): void {
    if (this.disposed) return;
    const dirty = this.options.isDirty ? this.options.isDirty() : this.modified;
    if (dirty || this.pending.length > 0 || this.needsFull) this.sendFull();
  }

  private schedule(): void {
    const now = this.sync.now();
    this.firstPendingAt ??= now;
    if (this.timer) clearTimeout(this.timer);
    const delay = Math.max(
      0,
      Math.min(this.sync.debounceMs, this.firstPendingAt + this.sync.maxWaitMs - now),
    );
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, delay);
  }

  private remember(): string {
    const id = this.sync.client.nextId();
    this.seq += 1;
    this.sentIds.set(id, this.seq);
    if (this.sentIds.size > MAX_REMEMBERED_IDS) {
      const oldest = this.sentIds.keys().next().value;
      if (oldest !== undefined) this.sentIds.delete(oldest);
    }
    return id;
  }

  private cursor(): Position {
    return this.options.getCursorPosition?.() ?? { line: 1, column: 1 };
  }
}

class Sync implements BufferSync {
  readonly stats: BufferSyncStats = { edits: 0, fullUpdates: 0, syncErrors: 0 };
  readonly debounceMs: number;
  readonly maxWaitMs: number;
  readonly maxFullRetries: number;
  readonly now: () => number;
  private readonly docs = new Map<string, Document>();
  private readonly unsubscribe: Array<() => void>;
  private readonly onIssue: ((issue: BufferSyncIssue) => void) | undefined;

  constructor(
    readonly client: PaigeClient,
    options: BufferSyncOptions,
  ) {
    this.debounceMs = Math.max(0, options.debounceMs ?? 300);
    this.maxWaitMs = Math.max(this.debounceMs, options.maxWaitMs ?? 2000);
    this.maxFullRetries = Math.max(1, options.maxFullRetries ?? 5);
    this.now = options.now ?? Date.now;
    this.onIssue = options.onIssue;
    this.unsubscribe = [
      client.on('buffer:sync_error', (payload, message) => {
        const doc = this.docs.get(payload.path);
        if (!doc) return;
        this.stats.syncErrors += 1;
        this.report({ path: payload.path, code: payload.code, message: payload.message });
        doc.onRefused(message.id, payload.expectedVersion);
      }),
      client.on('connection:error', (payload, message) => {
        if (message.id === undefined) return;
        for (const doc of this.docs.values()) {
          if (!doc.sentIds.has(message.id)) continue;
          // The edit was not applied (e.g. BUFFER_CACHE_FULL): the next change sends the whole text.
          doc.needsFull = true;
          this.report({ path: doc.path, code: payload.code, message: payload.message });
        }
      }),
      client.onResync(() => {
        for (const doc of this.docs.values()) doc.onResync();
      }),
      client.onState((state) => {
        if (state === 'open') for (const doc of this.docs.values()) doc.flush();
      }),
    ];
  }

  trackDocument(path: string, options: TrackDocumentOptions): TrackedDocument {
    this.docs.get(path)?.dispose();
    const doc = new Document(path, options, this);
    this.docs.set(path, doc);
    return doc;
  }

  get(path: string): TrackedDocument | undefined {
    return this.docs.get(path);
  }

  flush(path?: string): void {
    if (path !== undefined) this.docs.get(path)?.flush();
    else for (const doc of this.docs.values()) doc.flush();
  }

  dispose(): void {
    this.flush();
    for (const doc of this.docs.values()) doc.dispose();
    this.docs.clear();
    for (const off of this.unsubscribe) off();
  }

  /** False when the server's `connection:init` lists its client messages without `buffer:edit` (an older server). */
  serverTakesEdits(): boolean {
    return this.client.init?.capabilities.clientMessages?.includes('buffer:edit') ?? true;
  }

  forget(doc: Document): void {
    if (this.docs.get(doc.path) === doc) this.docs.delete(doc.path);
  }

  report(issue: BufferSyncIssue): void {
    try {
      this.onIssue?.(issue);
    } catch {
      // a failing reporter must not stop the sync
    }
  }
}

/**
 * Creates the incremental buffer sync for `client`.
 * @example
 * const sync = createBufferSync(client);
 * const reply = await client.request('file:open', { path });
 * if (reply.type !== 'fs:content') return;
 * const model = monaco.editor.createModel(reply.payload.content, reply.payload.language);
 * const doc = sync.trackDocument(path, {
 *   getText: () => model.getValue(),
 *   version: reply.payload.version,
 *   content: reply.payload.content,
 *   getCursorPosition: () => { const p = editor.getPosition(); return { line: p?.lineNumber ?? 1, column: p?.column ?? 1 }; },
 * });
 * model.onDidChangeContent((event) => doc.applyChanges(event));
 * // on Ctrl+S: doc.flush(); then client.request('file:save', { path, content: model.getValue(), baseHash })
 */
export function createBufferSync(client: PaigeClient, options: BufferSyncOptions = {}): BufferSync {
  return new Sync(client, options);
}
