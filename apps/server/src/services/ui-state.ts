/**
 * In-memory editor decoration state controlled by Paige (Story 6, D28: highlights are ephemeral and
 * accumulate; they are not persisted). Kept so a reconnecting Electron window is resynced (DESIGN section 3).
 */
import type { FileHintStyle, HighlightStyle } from '@paige/protocol';

/** One line-range highlight, 1-based inclusive lines. */
export interface Highlight {
  start: number;
  end: number;
  style: HighlightStyle;
  hoverText?: string | undefined;
}

/** A set of explorer file hints applied by one call. */
export interface FileHintSet {
  paths: string[];
  style: FileHintStyle;
}

/** Decorations and hints currently shown in the editor. */
export class UiState {
  private readonly highlights = new Map<string, Highlight[]>();
  private fileHints: FileHintSet[] = [];

  /** Adds highlights to `path` (accumulating, Story 6 AS-9); returns the file's total count. */
  addHighlights(path: string, items: Highlight[]): number {
    const list = this.highlights.get(path) ?? [];
    list.push(...items);
    this.highlights.set(path, list);
    return list.length;
  }

  /** Clears one file's highlights, or all when `path` is undefined (Story 6 AS-10). Returns how many were removed. */
  clearHighlights(path?: string): number {
    if (path === undefined) {
      let n = 0;
      for (const l of this.highlights.values()) n += l.length;
      this.highlights.clear();
      return n;
    }
    const n = this.highlights.get(path)?.length ?? 0;
    this.highlights.delete(path);
    return n;
  }

  /** Every file with highlights. */
  allHighlights(): Array<{ path: string; highlights: Highlight[] }> {
    return [...this.highlights.entries()].map(([path, highlights]) => ({ path, highlights: [...highlights] }));
  }

  addFileHints(set: FileHintSet): void {
    this.fileHints.push({ paths: [...set.paths], style: set.style });
  }

  clearFileHints(): void {
    this.fileHints = [];
  }

  allFileHints(): FileHintSet[] {
    return this.fileHints.map((s) => ({ paths: [...s.paths], style: s.style }));
  }

  /** Forgets everything (session end). */
  reset(): void {
    this.highlights.clear();
    this.fileHints = [];
  }
}
