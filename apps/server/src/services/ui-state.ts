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

/**
 * Most highlights kept per file: beyond it the oldest are dropped, so a long session (or a looping client)
 * cannot make every reconnect's resync grow without bound.
 */
export const MAX_HIGHLIGHTS_PER_FILE = 1000;

/** One squiggly underline (`editor:decorations`, issue 23 item 1): a character range and its hover text. */
export interface ProblemDecoration {
  range: { startLine: number; startColumn: number; endLine: number; endColumn: number };
  style: HighlightStyle;
  hoverText?: string | undefined;
}

/** Decorations and hints currently shown in the editor. */
export class UiState {
  private readonly highlights = new Map<string, Highlight[]>();
  /** Problems per file (`paige_mark_problems`): a new call replaces the file's list. */
  private readonly decorations = new Map<string, ProblemDecoration[]>();
  /**
   * The phase whose stored hints are applied (issue 23 item 2, "hints follow the plan"), or undefined when none was
   * applied by this process (a restart: the resync rebuilds them from the database).
   */
  appliedPhaseId: string | null | undefined;
  /** Hinted paths per style (a path hinted twice is kept once). */
  private readonly fileHints = new Map<FileHintStyle, Set<string>>();

  /**
   * Adds highlights to `path` (accumulating, Story 6 AS-9); returns the file's total count. The same range
   * with the same style is kept once (its hover text updated); at most {@link MAX_HIGHLIGHTS_PER_FILE} per file.
   */
  addHighlights(path: string, items: Highlight[]): number {
    let list = this.highlights.get(path) ?? [];
    for (const item of items) {
      list = list.filter((h) => !(h.start === item.start && h.end === item.end && h.style === item.style));
      list.push(item);
    }
    if (list.length > MAX_HIGHLIGHTS_PER_FILE) list = list.slice(list.length - MAX_HIGHLIGHTS_PER_FILE);
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
    return [...this.highlights.entries()].map(([path, highlights]) => ({
      path,
      highlights: [...highlights],
    }));
  }

  /** Adds explorer hints (they accumulate until cleared, Story 6 AS-11). */
  addFileHints(set: FileHintSet): void {
    const paths = this.fileHints.get(set.style) ?? new Set<string>();
    for (const p of set.paths) paths.add(p);
    this.fileHints.set(set.style, paths);
  }

  clearFileHints(): void {
    this.fileHints.clear();
  }

  /** The active hints, one set per style. */
  allFileHints(): FileHintSet[] {
    return [...this.fileHints.entries()]
      .filter(([, paths]) => paths.size > 0)
      .map(([style, paths]) => ({ paths: [...paths], style }));
  }

  /** Replaces the problems of `path` (at most {@link MAX_HIGHLIGHTS_PER_FILE}); returns how many are kept. */
  setDecorations(path: string, items: ProblemDecoration[]): number {
    const list = items.slice(-MAX_HIGHLIGHTS_PER_FILE);
    this.decorations.set(path, list);
    return list.length;
  }

  /** Clears one file's problems, or all when `path` is undefined. Returns how many were removed. */
  clearDecorations(path?: string): number {
    if (path === undefined) {
      let n = 0;
      for (const l of this.decorations.values()) n += l.length;
      this.decorations.clear();
      return n;
    }
    const n = this.decorations.get(path)?.length ?? 0;
    this.decorations.delete(path);
    return n;
  }

  /** Every file with problems. */
  allDecorations(): Array<{ path: string; decorations: ProblemDecoration[] }> {
    return [...this.decorations.entries()]
      .filter(([, d]) => d.length > 0)
      .map(([path, decorations]) => ({ path, decorations: [...decorations] }));
  }

  /** Forgets everything (session end). */
  reset(): void {
    this.highlights.clear();
    this.fileHints.clear();
    this.decorations.clear();
    this.appliedPhaseId = undefined;
  }
}
