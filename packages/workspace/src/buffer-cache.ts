/** Bounded buffer cache of editor contents, keyed by project-relative path. */
import type { BufferEntry, Position, Range } from '@paige/protocol';
import { WorkspaceError } from './errors.js';

/**
 * What the editor holds for one file: `@paige/protocol`'s `BufferEntry` (`path` is the tidy project-relative
 * key; `cursorPosition` and `selections` are 1-based).
 * @see Story 3 AS-3, discovery spec FR-027
 */
export type { BufferEntry };

/** Input of `updateBuffer` (`selections` defaults to `[]`; `version` re-baselines the incremental sync, issue 16). */
export interface BufferUpdate {
  content: string;
  cursorPosition: Position;
  selections?: Range[];
  version?: number;
}

/** Approximate memory of an entry: UTF-16 code units times 2 bytes. */
export function entryBytes(content: string): number {
  return content.length * 2;
}

/**
 * Set on an entry whose `content` is kept as chunks (an incremental edit, issue 16) and joined on first read: the
 * text's length, so the cache can account for it without joining.
 */
export const TEXT_LENGTH: unique symbol = Symbol('paige.textLength');

/** Approximate memory of a cached entry (chunked or not). */
function sizeOf(entry: BufferEntry): number {
  const lazy = (entry as { [TEXT_LENGTH]?: number })[TEXT_LENGTH];
  return (typeof lazy === 'number' ? lazy : entry.content.length) * 2;
}

/** The cache itself (the workspace confines paths before calling it). */
export interface BufferCache {
  get(key: string): BufferEntry | null;
  /** Store an entry; evicts clean entries least-recently-used first. @throws WorkspaceError `BUFFER_CACHE_FULL` */
  set(key: string, entry: BufferEntry, opts?: { optional?: boolean }): boolean;
  delete(key: string): void;
  /** Keys of dirty entries, least recently used first. */
  dirtyKeys(): string[];
  /** Total approximate bytes held. */
  totalBytes(): number;
  size(): number;
}

/**
 * Create a cache bounded to `maxBytes` (approximate UTF-16 bytes of contents). A dirty entry is never evicted: when
 * an update could only fit by dropping unsaved data it is refused with `BUFFER_CACHE_FULL` and the cache is unchanged.
 */
export function createBufferCache(maxBytes: number): BufferCache {
  const entries = new Map<string, BufferEntry>(); // insertion order = LRU order (oldest first)
  let total = 0;

  const get = (key: string): BufferEntry | null => {
    const hit = entries.get(key);
    if (!hit) return null;
    entries.delete(key);
    entries.set(key, hit);
    return hit;
  };

  const set = (key: string, entry: BufferEntry, opts: { optional?: boolean } = {}): boolean => {
    const prev = entries.get(key);
    const newTotal = total - (prev ? sizeOf(prev) : 0) + sizeOf(entry);
    if (newTotal > maxBytes) {
      let reclaimable = 0;
      for (const [k, e] of entries) if (k !== key && !e.dirty) reclaimable += sizeOf(e);
      if (newTotal - reclaimable > maxBytes) {
        if (opts.optional) return false;
        throw new WorkspaceError(
          'BUFFER_CACHE_FULL',
          `Buffer cache is full of unsaved changes; save or close files before editing '${key}'`,
          { path: key },
        );
      }
      let over = newTotal - maxBytes;
      for (const [k, e] of entries) {
        if (over <= 0) break;
        if (k === key || e.dirty) continue;
        entries.delete(k);
        const b = sizeOf(e);
        total -= b;
        over -= b;
      }
    }
    if (prev) {
      total -= sizeOf(prev);
      entries.delete(key);
    }
    entries.set(key, entry);
    total += sizeOf(entry);
    return true;
  };

  return {
    get,
    set,
    delete: (key) => {
      const prev = entries.get(key);
      if (prev) {
        total -= sizeOf(prev);
        entries.delete(key);
      }
    },
    dirtyKeys: () => [...entries].filter(([, e]) => e.dirty).map(([k]) => k),
    totalBytes: () => total,
    size: () => entries.size,
  };
}
