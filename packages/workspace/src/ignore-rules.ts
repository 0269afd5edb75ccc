/** Exclusion rules shared by the project tree and the watcher: noise directories plus `.gitignore` files. */
import ignore from 'ignore';
import type { Ignore } from 'ignore';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Directory names never shown or watched, at any depth.
 * @see Story 3 AS-6; discovery spec FR-034 (adds `.next`, `.cache`)
 */
export const DEFAULT_IGNORE_DIRS: readonly string[] = [
  'node_modules',
  '.git',
  'dist',
  'build',
  'coverage',
  '.next',
  '.cache',
];

/** Name pattern of the temporary files `writeFile` creates next to the target before renaming. */
export const TEMP_FILE_PATTERN = /^\..+\.paige-[0-9a-f]{12}\.tmp$/;

/** Parsed `.gitignore` rules plus a memo used when every rule only looks at the last path segment. */
export interface GitignoreRules {
  rules: Ignore;
  /** True when no pattern contains a `/` other than a trailing one: the verdict then depends on the name only. */
  basenameOnly: boolean;
  /** `name` (files) or `name/` (directories) -> ignored / unignored verdict, when `basenameOnly`. */
  memo: Map<string, { ignored: boolean; unignored: boolean }>;
}

/** A parsed `.gitignore` of one directory (`dir` is project-relative, `''` for the root). */
export interface GitignoreLayer {
  dir: string;
  rules: GitignoreRules;
}

/** Largest memo kept per `.gitignore` (distinct names); it is cleared when full. */
const MEMO_LIMIT = 20_000;

/** True when the pattern matches by name at any depth (git: a pattern with no slash except a trailing one). */
function isBasenamePattern(line: string): boolean {
  let p = line.trim();
  if (p === '' || p.startsWith('#')) return true;
  if (p.includes('\\')) return false;
  if (p.startsWith('!')) p = p.slice(1);
  if (p.endsWith('/')) p = p.slice(0, -1);
  return !p.includes('/');
}

/** Parse `.gitignore` text (git's syntax, via the `ignore` package). */
export function parseGitignore(text: string): GitignoreRules {
  return {
    rules: ignore().add(text),
    basenameOnly: text.split(/\r?\n/).every(isBasenamePattern),
    memo: new Map(),
  };
}

function testLayer(
  layer: GitignoreRules,
  sub: string,
  isDir: boolean,
): { ignored: boolean; unignored: boolean } {
  if (!layer.basenameOnly) return layer.rules.test(isDir ? `${sub}/` : sub);
  const slash = sub.lastIndexOf('/');
  const name = slash === -1 ? sub : sub.slice(slash + 1);
  const key = isDir ? `${name}/` : name;
  let hit = layer.memo.get(key);
  if (!hit) {
    // Parents are never excluded here (scans stop at excluded directories), so testing the name alone is exact.
    hit = layer.rules.test(key);
    if (layer.memo.size >= MEMO_LIMIT) layer.memo.clear();
    layer.memo.set(key, hit);
  }
  return hit;
}

/**
 * Decide whether `rel` (project-relative, `/`-separated) is excluded by the layers of its ancestors, applied from the
 * root down as git does: a deeper file's negation (`!x`) can re-include what a shallower one excluded.
 */
export function isIgnoredByLayers(layers: readonly GitignoreLayer[], rel: string, isDir: boolean): boolean {
  let ignored = false;
  for (const layer of layers) {
    const sub = layer.dir === '' ? rel : rel.slice(layer.dir.length + 1);
    if (sub === '') continue;
    const result = testLayer(layer.rules, sub, isDir);
    if (result.ignored) ignored = true;
    else if (result.unignored) ignored = false;
  }
  return ignored;
}

/** Read and parse `dir/.gitignore` (absolute `dir`), or `null` when there is none or it cannot be read. */
export async function loadGitignore(absDir: string): Promise<GitignoreRules | null> {
  try {
    return parseGitignore(await readFile(path.join(absDir, '.gitignore'), 'utf8'));
  } catch {
    return null;
  }
}

/**
 * Synchronous, cached matcher for the watcher (chokidar's `ignored` callback is synchronous). `.gitignore` files are
 * read on first use per directory; call `invalidate(dir)` when one changes.
 */
export interface IgnoreMatcher {
  /** True when `rel` is excluded (noise directory, our temp file, or `.gitignore`). */
  isIgnored(rel: string, isDir: boolean | undefined): boolean;
  /** Forget the cached `.gitignore` of the project-relative directory `dir`. */
  invalidate(dir: string): void;
}

/** Create an `IgnoreMatcher` rooted at the absolute real root. */
export function createIgnoreMatcher(realRoot: string, ignoreDirs: ReadonlySet<string>): IgnoreMatcher {
  const cache = new Map<string, GitignoreRules | null>();
  const layerOf = (dir: string): GitignoreRules | null => {
    let hit = cache.get(dir);
    if (hit === undefined) {
      try {
        hit = parseGitignore(readFileSync(path.join(realRoot, dir, '.gitignore'), 'utf8'));
      } catch {
        hit = null;
      }
      cache.set(dir, hit);
    }
    return hit;
  };
  const isIgnored = (rel: string, isDir: boolean | undefined): boolean => {
    if (rel === '') return false;
    const parts = rel.split('/');
    const last = parts.length - 1;
    for (let i = 0; i < last; i++) if (ignoreDirs.has(parts[i] ?? '')) return true;
    const name = parts[last] ?? '';
    if (isDir !== false && ignoreDirs.has(name)) return true;
    if (isDir !== true && TEMP_FILE_PATTERN.test(name)) return true;
    const layers: GitignoreLayer[] = [];
    let dir = '';
    for (let i = 0; i < parts.length; i++) {
      const rules = layerOf(dir);
      if (rules) layers.push({ dir, rules });
      if (i < last) {
        dir = dir === '' ? (parts[i] ?? '') : `${dir}/${parts[i] ?? ''}`;
        // An excluded ancestor directory excludes everything below it (git does not descend into it).
        if (isIgnoredByLayers(layers, dir, true)) return true;
      }
    }
    if (isDir === undefined)
      return isIgnoredByLayers(layers, rel, false) || isIgnoredByLayers(layers, rel, true);
    return isIgnoredByLayers(layers, rel, isDir);
  };
  return { isIgnored, invalidate: (dir) => cache.delete(dir) };
}
