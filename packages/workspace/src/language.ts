/**
 * Monaco language ids from GitHub Linguist's language table, generated at build time
 * (`scripts/generate-languages.mjs` -> `language-table.generated.ts`; the mapping rules are documented there), so the
 * `linguist-languages` package is a build-time dependency only and the runtime loads a 20 KB table.
 * @see Story 3 AS-1 (language detected from the file extension)
 */
import path from 'node:path';
import {
  EXTENSIONS_BY_LANGUAGE,
  FILENAMES_BY_LANGUAGE,
  MONACO_LANGUAGE_ID_LIST,
} from './language-table.generated.js';

/** Language ids registered by Monaco Editor (basic languages and language services) plus `plaintext`. */
export const MONACO_LANGUAGE_IDS: ReadonlySet<string> = new Set(MONACO_LANGUAGE_ID_LIST);

/** Language detector: `(relPath) => monaco language id`. */
export type LanguageDetector = (filePath: string) => string;

function invert(groups: Readonly<Record<string, readonly string[]>>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [id, keys] of Object.entries(groups)) for (const key of keys) out.set(key, id);
  return out;
}

/**
 * Create a detector backed by the generated Linguist table (about 1,400 extensions and 600 file names; building the
 * lookup maps takes well under a millisecond). Async for compatibility with callers that awaited the former lazy
 * import of the library.
 * Lookup order: exact file name (`Dockerfile`, `Makefile`, `.bashrc`), then the longest matching extension
 * (`.d.ts`, `.h.in`, then `.ts`), case-insensitive; `plaintext` when unknown.
 */
export async function createLanguageDetector(): Promise<LanguageDetector> {
  return createLanguageDetectorSync();
}

/** {@link createLanguageDetector} without the promise. */
export function createLanguageDetectorSync(): LanguageDetector {
  const byExt = invert(EXTENSIONS_BY_LANGUAGE);
  const byName = invert(FILENAMES_BY_LANGUAGE);
  return (filePath: string): string => {
    const base = path.posix.basename(filePath.replace(/\\/g, '/'));
    const named = byName.get(base);
    if (named) return named;
    const lower = base.toLowerCase();
    // Try every suffix starting at a dot (skipping a leading dot of dotfiles), longest first.
    for (let i = lower.indexOf('.', 1); i !== -1; i = lower.indexOf('.', i + 1)) {
      const hit = byExt.get(lower.slice(i));
      if (hit) return hit;
    }
    if (lower.startsWith('.')) {
      const hit = byExt.get(lower);
      if (hit) return hit;
    }
    return 'plaintext';
  };
}
