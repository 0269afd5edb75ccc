/** Path confinement: every client path is resolved against the real path of the project directory. */
import { lstatSync, readlinkSync, realpathSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { lstat, realpath } from 'node:fs/promises';
import path from 'node:path';
import { PathOutsideProjectError, WorkspaceError, displayPath, fromNodeError } from './errors.js';

/** Maximum number of symbolic links followed while resolving one path (same order as the kernel's limit). */
const MAX_SYMLINK_HOPS = 40;

/**
 * The confined project root.
 * @see Story 3 AS-9, EC-10, EC-11
 */
export interface ProjectRoot {
  /** Real (symlink-free) absolute path of the project directory. */
  readonly realRoot: string;
  /**
   * Resolve a client path (relative to the root, or absolute inside it) to an absolute real path inside the root.
   * Symlinks are resolved; for a path that does not exist yet, the nearest existing ancestor is resolved and checked
   * (a dangling symlink is followed to its target). Only `lstat`/`readlink`/`realpath` run here, never a read or a
   * write of content; lexical escapes (`..`, absolute paths elsewhere), NUL bytes and the empty path are rejected with
   * no I/O at all.
   * @throws PathOutsideProjectError (`PATH_OUTSIDE_PROJECT`) when the path, or what it links to, is outside the root
   * @throws WorkspaceError `PERMISSION_DENIED` / `IO_ERROR` (symlink loop) from resolution
   */
  resolve(relPath: string): Promise<string>;
  /**
   * Like `resolve`, also returning `rel`: the request's lexically normalised project-relative path (`src/./a.ts` ->
   * `src/a.ts`), i.e. the name the client uses (a symlink inside the project keeps its own name).
   * @throws same as `resolve`
   */
  resolveBoth(relPath: string): Promise<{ abs: string; rel: string }>;
  /**
   * Project-relative, `/`-separated form of an absolute path inside the real root (`''` for the root itself).
   * @throws PathOutsideProjectError when `abs` is outside the real root
   */
  toRelative(abs: string): string;
  /** True when the absolute path is the real root or inside it (purely lexical). */
  contains(abs: string): boolean;
}

/** A POSIX path that `path.normalize` would change: `//`, a `.` or `..` segment, or a trailing `/`. */
const NOT_NORMAL_POSIX = /\/\/|(?:^|\/)\.\.?(?:\/|$)|\/$/;

/**
 * True for a plain project-relative path as the protocol writes them (`src/a.ts`): not empty, not absolute, no NUL,
 * no `.`/`..` segment, no `//`, no trailing `/`. Such a path names the same entry lexically as after `path.resolve`.
 */
export function isPlainRelative(p: string): boolean {
  return p.length > 0 && !p.startsWith('/') && !p.includes('\0') && !NOT_NORMAL_POSIX.test(p);
}

function isInside(root: string, candidate: string): boolean {
  if (candidate === root) return true;
  const prefix = root.endsWith(path.sep) ? root : root + path.sep;
  return candidate.startsWith(prefix);
}

function lstatOrNull(abs: string): Stats | null {
  try {
    return lstatSync(abs);
  } catch {
    return null;
  }
}

function errCode(err: unknown): string {
  return typeof err === 'object' && err !== null && 'code' in err
    ? String((err as { code: unknown }).code)
    : '';
}

/**
 * Create the confined root for `projectDir` (which must exist and be a directory).
 * @throws WorkspaceError `FILE_NOT_FOUND` / `NOT_A_FILE` / `PERMISSION_DENIED` when `projectDir` is unusable
 */
export async function createProjectRoot(projectDir: string): Promise<ProjectRoot> {
  let realRoot: string;
  try {
    realRoot = await realpath(path.resolve(projectDir));
  } catch (err) {
    throw fromNodeError(err, '', 'open');
  }
  const st = await lstat(realRoot).catch((err: unknown) => {
    throw fromNodeError(err, '', 'open');
  });
  if (!st.isDirectory()) throw new WorkspaceError('NOT_A_FILE', 'The project directory is not a directory');
  // The directory as given (may differ from the real path when it contains symlinks); absolute client paths under it
  // are accepted lexically and then confined by their real path like everything else.
  const givenRoot = path.resolve(projectDir);

  const outside = (input: string): PathOutsideProjectError =>
    new PathOutsideProjectError(`Path '${displayPath(input)}' is outside the project directory`, {
      path: displayPath(input),
    });

  const rootPrefix = realRoot.endsWith(path.sep) ? realRoot : realRoot + path.sep;
  const toRelative = (abs: string): string => {
    // Fast path (the watcher calls this for every file it sees): an already normal POSIX path below the root is its
    // own suffix; `path.resolve` + `path.relative` would allocate a few KB of strings per call.
    if (path.sep === '/' && abs.startsWith(rootPrefix)) {
      const rel = abs.slice(rootPrefix.length);
      if (isPlainRelative(rel)) return rel;
    }
    const normal = path.resolve(abs);
    if (!isInside(realRoot, normal)) throw outside(abs);
    const rel = path.relative(realRoot, normal);
    return path.sep === '/' ? rel : rel.split(path.sep).join('/');
  };

  /**
   * Real path of `abs`, following symlinks, accepting a missing tail. Synchronous metadata calls (microseconds on a
   * local disk) keep a thread-pool round trip off every request (`buffer:update` p99).
   */
  const realOf = (abs: string, hops: number, input: string): string => {
    if (hops > MAX_SYMLINK_HOPS) {
      throw new WorkspaceError('IO_ERROR', `Too many symbolic links while resolving '${displayPath(input)}'`);
    }
    try {
      return realpathSync.native(abs);
    } catch (err) {
      const code = errCode(err);
      if (code === 'ELOOP') {
        throw new WorkspaceError('IO_ERROR', `Symbolic link loop at '${displayPath(input)}'`, { cause: err });
      }
      if (code === 'EACCES' || code === 'EPERM') throw fromNodeError(err, displayPath(input), 'resolve');
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw fromNodeError(err, displayPath(input), 'resolve');
    }
    const parent = path.dirname(abs);
    if (parent === abs) return abs;
    // The last component may be a dangling symlink: follow it to where a write would land.
    if (lstatOrNull(abs)?.isSymbolicLink()) {
      const target = readlinkSync(abs);
      return realOf(path.resolve(parent, target), hops + 1, input);
    }
    const realParent = realOf(parent, hops, input);
    return path.join(realParent, path.basename(abs));
  };

  const resolveBoth = async (relPath: string): Promise<{ abs: string; rel: string }> => {
    if (typeof relPath !== 'string' || relPath.length === 0) {
      throw new PathOutsideProjectError('Path must not be empty', { path: '' });
    }
    if (relPath.includes('\0')) throw new PathOutsideProjectError('Path must not contain NUL bytes');
    const lexical = path.isAbsolute(relPath) ? path.resolve(relPath) : path.resolve(realRoot, relPath);
    if (!isInside(realRoot, lexical) && !isInside(givenRoot, lexical)) throw outside(relPath);
    const real = realOf(lexical, 0, relPath);
    if (!isInside(realRoot, real)) throw outside(relPath);
    const base = isInside(realRoot, lexical) ? realRoot : givenRoot;
    const rel = path.relative(base, lexical);
    return { abs: real, rel: path.sep === '/' ? rel : rel.split(path.sep).join('/') };
  };
  const resolve = async (relPath: string): Promise<string> => (await resolveBoth(relPath)).abs;

  return {
    realRoot,
    resolve,
    resolveBoth,
    toRelative,
    contains: (abs) => isInside(realRoot, path.resolve(abs)),
  };
}
