/**
 * Sends what the learner types to the server, debounced (the brainstorm's ~300 ms). Interim: full-content
 * `buffer:update` until `@paige/client`'s incremental buffer sync lands; the editor talks to this interface only.
 */
import type { PaigeClient } from '@paige/client';

/** One Monaco content change (`IModelContentChange`'s offsets). */
export interface TextChange {
  rangeOffset: number;
  rangeLength: number;
  text: string;
}

/** A document whose edits are synced. */
export interface TrackedDocument {
  /** Records a batch of edits (one Monaco content change event). */
  applyChanges(changes: TextChange[]): void;
  /** The text was replaced wholesale (a reload): resync from `text`. */
  reset(text: string, version?: number): void;
  /** Sends pending edits now. */
  flush(): void;
  dispose(): void;
}

export interface BufferSync {
  track(path: string, opts: { text: string; version?: number | undefined; getText(): string; getCursor?(): { line: number; column: number } }): TrackedDocument;
  dispose(): void;
}

/** Debounce of buffer updates, ms. */
export const BUFFER_DEBOUNCE_MS = 300;

export function createBufferSync(client: PaigeClient): BufferSync {
  const docs = new Set<TrackedDocument>();
  return {
    track(path, opts) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const send = () => {
        timer = undefined;
        client.send('buffer:update', { path, content: opts.getText(), cursorPosition: opts.getCursor?.() ?? { line: 1, column: 1 } });
      };
      const doc: TrackedDocument = {
        applyChanges() {
          clearTimeout(timer);
          timer = setTimeout(send, BUFFER_DEBOUNCE_MS);
        },
        reset() {
          // the next applyChanges sends the full text anyway
        },
        flush() {
          if (timer !== undefined) {
            clearTimeout(timer);
            send();
          }
        },
        dispose() {
          clearTimeout(timer);
          docs.delete(doc);
        },
      };
      docs.add(doc);
      return doc;
    },
    dispose() {
      for (const d of [...docs]) d.dispose();
    },
  };
}
