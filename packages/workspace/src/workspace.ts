/** The workspace: confined file I/O, buffer cache, diffs, tree and watcher for one project directory. */
import { LIMITS, type Position, type Range, type TextChange } from '@paige/protocol';
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, constants as fsConstants, fstatSync, openSync, readFileSync, statSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { lstat, open, readFile as fsReadFile, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { TEXT_LENGTH, createBufferCache } from './buffer-cache.js';
import { applyToChunks, toChunks } from './chunked-text.js';
import type { BufferEntry, BufferUpdate } from './buffer-cache.js';
import { BufferSyncError, WorkspaceError, fromNodeError } from './errors.js';
import { DEFAULT_IGNORE_DIRS, createIgnoreMatcher } from './ignore-rules.js';
import { createLanguageDetector, type LanguageDetector } from './language.js';
import { createProjectRoot, isPlainRelative } from './project-root.js';
import type { ProjectRoot } from './project-root.js';
import { scanTree } from './tree.js';
import { unifiedDiff } from './unified-diff.js';
import type { TreeNode } from './tree.js';
import { startWatcher } from './watcher.js';
import type { WatchEvent, Watcher } from './watcher.js';

/** 5 MiB: default largest file `readFile` returns. */
export const DEFAULT_MAX_FILE_BYTES = 5 * 1024 * 1024;
/** 256 MiB: default bound of the buffer cache (approximate UTF-16 bytes). */
export const DEFAULT_MAX_BUFFER_BYTES = 256 * 1024 * 1024;
/** How long after `writeFile` a watcher event carrying the written content is treated as our own echo, in ms. */
const OWN_WRITE_WINDOW_MS = 5_000;

/** Options of `createWorkspace`. */
export interface CreateWorkspaceOptions {
  /** The project directory (`PROJECT_DIR`); must exist. Its real path becomes the root. */
  projectDir: string;
  /** Largest file `readFile` returns, in bytes (default 5 MiB); larger gives `FILE_TOO_LARGE`. */
  maxFileBytes?: number;
  /** Bound of the buffer cache, in approximate bytes (UTF-16: 2 per code unit; default 256 MiB). */
  maxBufferBytes?: number;
  /** Directory names excluded from tree and watcher at any depth (default `DEFAULT_IGNORE_DIRS`). */
  ignoreDirs?: readonly string[];
  /** Clock for `lastUpdated` and save timestamps (default `() => new Date()`). */
  now?: () => Date;
  /** Delay an unlink waits for a matching add to report a rename, in ms (default 100; 0 disables renames). */
  renameWindowMs?: number;
}

/**
 * Result of `readFile`. `hash` is the SHA-256 (hex) of the file's bytes, to pass back as `baseHash` on save.
 * `lineCount` counts lines as Monaco does (line breaks `\n`, `\r\n`, `\r` plus one). @see Story 3 AS-1
 */
export interface ReadFileResult {
  path: string;
  content: string;
  language: string;
  lineCount: number;
  hash: string;
}

/** Result of `writeFile`: relative path, SHA-256 hex of the written bytes, ISO 8601 time. @see Story 3 AS-2 */
export interface WriteFileResult {
  path: string;
  hash: string;
  timestamp: string;
}

/** Options of `writeFile`. */
export interface WriteFileOptions {
  /** SHA-256 hex of the content the editor started from; a mismatch with the disk gives `CONFLICT`. */
  baseHash?: string;
}

/**
 * Result of `openFile`: what the editor should show. `content` is the unsaved buffer when there is one
 * (`dirty: true`), else the file on disk; `hash` is always the SHA-256 of the file on disk (the save's `baseHash`);
 * `lineCount` counts `content`; `version` is the buffer version of `content` for `applyBufferEdits` (issue 16).
 */
export interface OpenFileResult extends ReadFileResult {
  dirty: boolean;
  version: number;
}

/**
 * An incremental edit (issue 16 item 2; LSP incremental `didChange`): `changes` (UTF-16 offsets) apply in order,
 * each to the text the previous one produced, moving the buffer from `baseVersion` to `version` (> `baseVersion`).
 */
export interface BufferEdit {
  baseVersion: number;
  version: number;
  changes: readonly TextChange[];
  cursorPosition: Position;
  selections?: Range[];
}

/** Result of `applyBufferEdits`: the buffer's path, its new version and its length in UTF-16 units. */
export interface BufferEditResult {
  path: string;
  version: number;
  charCount: number;
}

/** One file's unified diff (disk -> buffer), paths in headers as `a/<path>` and `b/<path>`. @see Story 3 AS-5 */
export interface FileDiff {
  path: string;
  diff: string;
}

/** The workspace API. Every `path` argument is project-relative (or absolute inside the project) and confined. */
export interface Workspace {
  /** The confined root (real path, `resolve`, `toRelative`). */
  readonly root: ProjectRoot;
  /**
   * Read a UTF-8 text file. @see Story 3 AS-1, EC-12
   * @throws WorkspaceError `PATH_OUTSIDE_PROJECT`, `FILE_NOT_FOUND`, `NOT_A_FILE`, `FILE_TOO_LARGE`, `BINARY_FILE`,
   * `PERMISSION_DENIED`, `IO_ERROR`
   */
  readFile(path: string): Promise<ReadFileResult>;
  /**
   * Write atomically (temp file in the same directory, fsync, rename), keeping an existing file's mode; a new file
   * only inside an existing directory. Sets the buffer entry to `dirty: false` (creating a clean one when there is
   * room). Writes to the same file are serialised. Electron only: never expose through MCP. @see Story 3 AS-2, FR-026
   * @throws WorkspaceError `PATH_OUTSIDE_PROJECT`, `CONFLICT`, `PARENT_NOT_FOUND`, `NOT_A_FILE`, `PERMISSION_DENIED`,
   * `DISK_FULL`, `IO_ERROR`
   */
  writeFile(path: string, content: string, options?: WriteFileOptions): Promise<WriteFileResult>;
  /** The buffer entry for a path, or `null`. @see Story 3 AS-4 @throws PathOutsideProjectError */
  getBuffer(path: string): Promise<BufferEntry | null>;
  /**
   * Record an editor update: `{ content, cursorPosition, selections, dirty: true, lastUpdated: now }`. With
   * `update.version` the buffer takes that version (it must be above the current one); without, the version moves
   * on by one, so an incremental edit based on the old text is refused.
   * @see Story 3 AS-3, EC-15 (last update wins); issue 16 item 2
   * @throws PathOutsideProjectError; WorkspaceError `NOT_A_FILE` for a directory, `BUFFER_CACHE_FULL` when only
   * unsaved buffers could make room; BufferSyncError `VERSION_MISMATCH` when `version` is not above the current one
   */
  updateBuffer(path: string, update: BufferUpdate): Promise<BufferEntry>;
  /**
   * Apply an incremental edit to the buffer (issue 16 item 2) and mark it dirty. The base text is the buffer at
   * `baseVersion`: the cached entry, or the file on disk when the version was served from disk and its hash still
   * matches. Every change is validated before anything changes: a refused edit leaves buffer and version as they were.
   * The text is kept in chunks and joined when first read (`getBuffer`, `getDiff`, ...), so an edit of a large file
   * costs about the size of the change, not of the file.
   * @throws PathOutsideProjectError; WorkspaceError `NOT_A_FILE`, `FILE_TOO_LARGE` (result over 16 Mi UTF-16
   * units), `BUFFER_CACHE_FULL`; BufferSyncError `VERSION_MISMATCH` (with `expectedVersion`), `BAD_RANGE`, `NO_BUFFER`
   */
  applyBufferEdits(path: string, edit: BufferEdit): Promise<BufferEditResult>;
  /** The buffer version of a path (the highest assigned in this run), or `null` when none was. */
  getBufferVersion(path: string): Promise<number | null>;
  /**
   * Read a file for the editor and add it to the open-files set: the unsaved buffer when there is one, else the disk
   * text (a clean cached copy that no longer matches the disk is dropped), with its buffer version.
   * With `discardBuffer` the unsaved buffer is dropped first (the editor's "revert", a save conflict's "reload").
   * @see Story 3 AS-1; issue 16 item 2 (a reloaded page gets its unsaved text back)
   * @throws same as `readFile`
   */
  openFile(path: string, options?: { discardBuffer?: boolean }): Promise<OpenFileResult>;
  /** Remove a file from the open set; a clean buffer is dropped, a dirty one kept. @throws PathOutsideProjectError */
  closeFile(path: string): Promise<void>;
  /** The Monaco language id of a path (`plaintext` when unknown), by name and extension; no I/O on the file. */
  detectLanguage(path: string): Promise<string>;
  /** Project-relative paths of open files, in the order they were opened. */
  getOpenFiles(): string[];
  /** Project-relative paths of buffers with unsaved changes. */
  getDirtyPaths(): string[];
  /**
   * Unified diffs of dirty buffers against disk: one file when `path` is given, else every dirty buffer (files whose
   * disk side cannot be read as text are skipped). Empty array when clean or missing; a file not on disk diffs
   * against empty content. @see Story 3 AS-5, FR-031, FR-032
   * @throws (with `path`) PathOutsideProjectError, WorkspaceError `BINARY_FILE`, `FILE_TOO_LARGE`, `PERMISSION_DENIED`
   */
  getDiff(path?: string): Promise<FileDiff[]>;
  /** The project tree without noise directories and `.gitignore`d entries. @see Story 3 AS-6 */
  getTree(): Promise<TreeNode>;
  /**
   * Watch the project (same exclusions as `getTree`); resolves once the initial scan is done. Events caused by this
   * workspace's `writeFile` are not reported. @see Story 3 AS-7, AS-8
   */
  watch(
    onEvent: (event: WatchEvent) => void,
    options?: { onError?: (err: unknown) => void },
  ): Promise<Watcher>;
}

function sha256(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Monaco's line count: number of line breaks (`\r\n`, `\r`, `\n`) plus one. */
export function countLines(text: string): number {
  let n = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) n++;
    else if (c === 13) {
      n++;
      if (text.charCodeAt(i + 1) === 10) i++;
    }
  }
  return n;
}

function errCode(err: unknown): string {
  return typeof err === 'object' && err !== null && 'code' in err
    ? String((err as { code: unknown }).code)
    : '';
}

function isDirectorySync(abs: string): boolean {
  try {
    return statSync(abs).isDirectory();
  } catch {
    return false;
  }
}

const DEFAULT_CURSOR: Position = { line: 1, column: 1 };

/**
 * Sync state of one path (issue 16 item 2). `version` is the highest version assigned for the path in this run
 * (versions are never reused, so a stale client can never match a newer text). `base` says where the text at
 * `version` lives: the cache entry when one exists, else the disk file when its SHA-256 is `base.hash`; `null`
 * when it is unknown (the client must send the whole text).
 */
interface DocSync {
  version: number;
  base: { hash?: string } | null;
}

const TEXT_CHUNKS: unique symbol = Symbol('paige.textChunks');
type ChunkedEntry = BufferEntry & { [TEXT_CHUNKS]: readonly string[]; [TEXT_LENGTH]: number };

const isChunked = (entry: BufferEntry): entry is ChunkedEntry => TEXT_CHUNKS in entry;

/** A buffer entry whose text stays in chunks until it is read (see chunked-text.ts); `content` joins on access. */
function chunkedEntry(
  fields: Omit<BufferEntry, 'content'>,
  chunks: readonly string[],
  length: number,
): BufferEntry {
  const entry = { ...fields, [TEXT_CHUNKS]: chunks, [TEXT_LENGTH]: length } as ChunkedEntry;
  Object.defineProperty(entry, 'content', { enumerable: true, get: () => chunks.join('') });
  return entry;
}

/**
 * Create the workspace for `projectDir`.
 * @throws WorkspaceError when the project directory does not exist or is not a directory
 */
export async function createWorkspace(options: CreateWorkspaceOptions): Promise<Workspace> {
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const maxBufferBytes = options.maxBufferBytes ?? DEFAULT_MAX_BUFFER_BYTES;
  const ignoreDirs = new Set(options.ignoreDirs ?? DEFAULT_IGNORE_DIRS);
  const now = options.now ?? (() => new Date());
  const renameWindowMs = options.renameWindowMs ?? 100;
  const root = await createProjectRoot(options.projectDir);
  let detector: Promise<LanguageDetector> | undefined;
  const detectLanguage = async (rel: string): Promise<string> =>
    (await (detector ??= createLanguageDetector()))(rel);
  const cache = createBufferCache(maxBufferBytes);
  /** The cached entry of `rel` with its text joined: a chunked entry is replaced by its plain form once. */
  const entryOf = (rel: string): BufferEntry | null => {
    const e = cache.get(rel);
    if (!e || !isChunked(e)) return e;
    const plain: BufferEntry = {
      path: e.path,
      content: e[TEXT_CHUNKS].join(''),
      cursorPosition: e.cursorPosition,
      selections: e.selections,
      dirty: e.dirty,
      lastUpdated: e.lastUpdated,
    };
    cache.set(rel, plain, { optional: true }); // the same size: it always fits
    return plain;
  };
  const openFiles = new Set<string>();
  // Incremental sync state per real-relative path; one small record per path touched in this run (never removed,
  // so versions stay monotonic).
  const docs = new Map<string, DocSync>();
  /** Next version for a path: one above its last, or the clock in ms for a path new to this run (above any earlier run's). */
  const nextVersion = (doc: DocSync | undefined): number =>
    doc ? doc.version + 1 : Math.max(0, Math.floor(now().getTime()));
  // real-relative path -> identity of the file our last write produced (inode, size, mtime) and until when it counts
  const ownWrites = new Map<string, { ino: number; size: number; mtimeMs: number; until: number }>();
  const writeChains = new Map<string, Promise<unknown>>();
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

  /** Read the bytes of a regular file at a confined real path, enforcing the size limit. */
  /**
   * Read the bytes of a regular file at a confined real path, enforcing the size limit. Synchronous syscalls: a read
   * is bounded by `maxFileBytes` (a few ms at 5 MiB) and avoids thread-pool round trips that dominate tail latency.
   * `O_NOFOLLOW` refuses a final component swapped for a symlink after confinement; `O_NONBLOCK` keeps a FIFO from
   * blocking the open.
   */
  const readBytes = async (abs: string, rel: string): Promise<Buffer> => {
    let fd: number;
    try {
      fd = openSync(abs, fsConstants.O_RDONLY | fsConstants.O_NOFOLLOW | fsConstants.O_NONBLOCK);
    } catch (err) {
      throw fromNodeError(err, rel, 'read');
    }
    try {
      const st = fstatSync(fd);
      if (!st.isFile()) throw new WorkspaceError('NOT_A_FILE', `Not a file: '${rel}'`, { path: rel });
      if (st.size > maxFileBytes) {
        throw new WorkspaceError(
          'FILE_TOO_LARGE',
          `File '${rel}' is ${st.size} bytes, over the ${maxFileBytes}-byte limit`,
          { path: rel },
        );
      }
      return readFileSync(fd);
    } catch (err) {
      throw fromNodeError(err, rel, 'read');
    } finally {
      closeSync(fd);
    }
  };

  const decodeText = (buf: Buffer, rel: string): string => {
    if (buf.includes(0)) throw new WorkspaceError('BINARY_FILE', `File '${rel}' is binary`, { path: rel });
    try {
      return decoder.decode(buf);
    } catch (err) {
      throw new WorkspaceError('BINARY_FILE', `File '${rel}' is not UTF-8 text`, { path: rel, cause: err });
    }
  };

  const readFile = async (p: string): Promise<ReadFileResult> => {
    const { abs, rel } = await root.resolveBoth(p);
    const buf = await readBytes(abs, rel);
    const content = decodeText(buf, rel);
    return {
      path: rel,
      content,
      language: await detectLanguage(rel),
      lineCount: countLines(content),
      hash: sha256(buf),
    };
  };

  const serialize = <T>(key: string, task: () => Promise<T>): Promise<T> => {
    const prev = writeChains.get(key) ?? Promise.resolve();
    const next = prev.then(task, task);
    const settled = next.then(
      () => undefined,
      () => undefined,
    );
    writeChains.set(key, settled);
    void settled.then(() => {
      if (writeChains.get(key) === settled) writeChains.delete(key);
    });
    return next;
  };

  const writeFile = async (
    p: string,
    content: string,
    opts: WriteFileOptions = {},
  ): Promise<WriteFileResult> => {
    const { abs, rel } = await root.resolveBoth(p);
    return serialize(abs, async () => {
      const dir = path.dirname(abs);
      const dirStat = await stat(dir).catch(() => null);
      if (!dirStat?.isDirectory()) {
        const parentRel = path.posix.dirname(rel);
        throw new WorkspaceError('PARENT_NOT_FOUND', `Directory '${parentRel}' does not exist`, {
          path: rel,
        });
      }
      let existing = null;
      try {
        existing = await lstat(abs);
      } catch (err) {
        if (errCode(err) !== 'ENOENT') throw fromNodeError(err, rel, 'save');
      }
      if (existing && !existing.isFile())
        throw new WorkspaceError('NOT_A_FILE', `Not a file: '${rel}'`, { path: rel });
      if (opts.baseHash !== undefined) {
        const current = existing
          ? sha256(
              await fsReadFile(abs).catch((e: unknown) => {
                throw fromNodeError(e, rel, 'read');
              }),
            )
          : null;
        if (current !== opts.baseHash) {
          throw new WorkspaceError(
            'CONFLICT',
            existing
              ? `File '${rel}' changed on disk since it was opened; nothing was written`
              : `File '${rel}' was deleted on disk since it was opened; nothing was written`,
            { path: rel },
          );
        }
      }
      const data = Buffer.from(content, 'utf8');
      const hash = sha256(data);
      const base = path.basename(abs).slice(0, 100);
      const tmp = path.join(dir, `.${base}.paige-${randomBytes(6).toString('hex')}.tmp`);
      const mode = existing ? existing.mode & 0o7777 : 0o666;
      try {
        const handle = await open(tmp, 'wx', mode);
        try {
          await handle.writeFile(data);
          if (existing) await handle.chmod(mode);
          await handle.sync();
          // Recorded before the rename so the watcher's event can never arrive first; rename keeps inode and mtime.
          const written = await handle.stat();
          ownWrites.set(root.toRelative(abs), {
            ino: written.ino,
            size: written.size,
            mtimeMs: written.mtimeMs,
            until: Date.now() + OWN_WRITE_WINDOW_MS,
          });
        } finally {
          await handle.close();
        }
        await rename(tmp, abs);
      } catch (err) {
        await unlink(tmp).catch(() => undefined);
        throw fromNodeError(err, rel, 'save');
      }
      const timestamp = now().toISOString();
      const prev = entryOf(rel);
      const doc = docs.get(rel);
      // Is the saved text the editor's text at the current version? Then edits keep flowing from that version.
      const sameText = doc?.base ? (prev ? prev.content === content : doc.base.hash === hash) : false;
      cache.set(
        rel,
        {
          path: rel,
          content,
          cursorPosition: prev?.cursorPosition ?? DEFAULT_CURSOR,
          selections: prev?.selections ?? [],
          dirty: false,
          lastUpdated: timestamp,
        },
        { optional: true },
      );
      if (doc) doc.base = sameText ? { hash } : null;
      return { path: rel, hash, timestamp };
    });
  };

  const isOwnWrite = (realRel: string, st: Stats): boolean => {
    const rec = ownWrites.get(realRel);
    if (!rec) return false;
    if (Date.now() > rec.until) {
      ownWrites.delete(realRel);
      return false;
    }
    return st.ino === rec.ino && st.size === rec.size && st.mtimeMs === rec.mtimeMs;
  };

  const resolveBufferPath = async (p: string): Promise<string> => {
    const { abs, rel } = await root.resolveBoth(p);
    if (rel === '' || isDirectorySync(abs)) {
      throw new WorkspaceError('NOT_A_FILE', `Not a file: '${rel === '' ? '.' : rel}'`, { path: rel });
    }
    return rel;
  };

  const updateBuffer = async (p: string, update: BufferUpdate): Promise<BufferEntry> => {
    const rel = await resolveBufferPath(p);
    const doc = docs.get(rel);
    if (update.version !== undefined && doc && update.version <= doc.version) {
      throw new BufferSyncError(
        'VERSION_MISMATCH',
        `Version ${update.version} of '${rel}' is not above the buffer's version ${doc.version}; nothing was changed`,
        {
          path: rel,
          expectedVersion: doc.version,
        },
      );
    }
    const entry: BufferEntry = {
      path: rel,
      content: update.content,
      cursorPosition: update.cursorPosition,
      selections: update.selections ?? ([] as Range[]),
      dirty: true,
      lastUpdated: now().toISOString(),
    };
    cache.set(rel, entry);
    docs.set(rel, { version: update.version ?? nextVersion(doc), base: {} });
    return entry;
  };

  const applyBufferEdits = async (p: string, edit: BufferEdit): Promise<BufferEditResult> => {
    const rel = await resolveBufferPath(p);
    const doc = docs.get(rel);
    const expected = doc === undefined ? {} : { expectedVersion: doc.version };
    if (!doc?.base) {
      throw new BufferSyncError(
        'NO_BUFFER',
        `No buffer of '${rel}' to apply the edit to; send the whole text`,
        { path: rel, ...expected },
      );
    }
    if (edit.baseVersion !== doc.version) {
      throw new BufferSyncError(
        'VERSION_MISMATCH',
        `The edit of '${rel}' is based on version ${edit.baseVersion}, the buffer is at version ${doc.version}; nothing was changed`,
        {
          path: rel,
          ...expected,
        },
      );
    }
    if (edit.version <= doc.version) {
      throw new BufferSyncError(
        'VERSION_MISMATCH',
        `The edit's version ${edit.version} of '${rel}' is not above ${doc.version}; nothing was changed`,
        { path: rel, ...expected },
      );
    }
    const cached = cache.get(rel);
    let base: { chunks: readonly string[]; length: number } | undefined = cached
      ? isChunked(cached)
        ? { chunks: cached[TEXT_CHUNKS], length: cached[TEXT_LENGTH] }
        : { chunks: toChunks(cached.content), length: cached.content.length }
      : undefined;
    if (base === undefined && doc.base.hash !== undefined) {
      // The version was served from disk and nothing is cached: the disk still holds that text if its hash matches.
      const { abs } = await root.resolveBoth(rel);
      const bytes = await readBytes(abs, rel).catch(() => null);
      if (bytes && sha256(bytes) === doc.base.hash) {
        const text = decodeText(bytes, rel);
        base = { chunks: toChunks(text), length: text.length };
      }
    }
    if (base === undefined) {
      doc.base = null;
      throw new BufferSyncError(
        'NO_BUFFER',
        `The text of '${rel}' at version ${doc.version} is no longer known here; send the whole text`,
        { path: rel, ...expected },
      );
    }
    const applied = applyToChunks(base.chunks, base.length, edit.changes);
    if (!applied.ok) {
      const { index, reason, length } = applied.failure;
      const c = edit.changes[index] as TextChange;
      const which = `Change ${index + 1} of ${edit.changes.length}`;
      throw new BufferSyncError(
        'BAD_RANGE',
        reason === 'outside'
          ? `${which} replaces ${c.rangeOffset}..${c.rangeOffset + c.rangeLength} but '${rel}' has ${length} characters; nothing was changed`
          : `${which} splits a surrogate pair in '${rel}'; nothing was changed`,
        { path: rel },
      );
    }
    if (applied.length > LIMITS.fileContent) {
      throw new WorkspaceError(
        'FILE_TOO_LARGE',
        `The edited buffer of '${rel}' would exceed ${LIMITS.fileContent} characters; nothing was changed`,
        { path: rel },
      );
    }
    const fields = {
      path: rel,
      cursorPosition: edit.cursorPosition,
      selections: edit.selections ?? ([] as Range[]),
      dirty: true,
      lastUpdated: now().toISOString(),
    };
    cache.set(rel, chunkedEntry(fields, applied.chunks, applied.length));
    docs.set(rel, { version: edit.version, base: {} });
    return { path: rel, version: edit.version, charCount: applied.length };
  };

  const openFile = async (p: string, opts: { discardBuffer?: boolean } = {}): Promise<OpenFileResult> => {
    const { abs, rel } = await root.resolveBoth(p);
    const buf = await readBytes(abs, rel);
    const disk = decodeText(buf, rel);
    const hash = sha256(buf);
    const language = await detectLanguage(rel);
    openFiles.add(rel);
    if (opts.discardBuffer && cache.get(rel)?.dirty) cache.delete(rel);
    const entry = entryOf(rel);
    let doc = docs.get(rel);
    if (entry?.dirty) {
      if (!doc?.base) {
        doc = { version: nextVersion(doc), base: {} };
        docs.set(rel, doc);
      }
      return {
        path: rel,
        content: entry.content,
        language,
        lineCount: countLines(entry.content),
        hash,
        dirty: true,
        version: doc.version,
      };
    }
    const current = doc?.base ? (entry ? entry.content === disk : doc.base.hash === hash) : false;
    if (!doc || !current) {
      // A clean cached copy that differs from the disk is stale: the disk is the truth for clean text.
      if (entry && entry.content !== disk) cache.delete(rel);
      doc = { version: nextVersion(doc), base: { hash } };
      docs.set(rel, doc);
    } else if (doc.base) {
      doc.base.hash = hash;
    }
    return {
      path: rel,
      content: disk,
      language,
      lineCount: countLines(disk),
      hash,
      dirty: false,
      version: doc.version,
    };
  };

  const diffOne = async (abs: string, rel: string, entry: BufferEntry): Promise<FileDiff | null> => {
    let disk = '';
    try {
      disk = decodeText(await readBytes(abs, rel), rel);
    } catch (err) {
      if (!(err instanceof WorkspaceError && err.code === 'FILE_NOT_FOUND')) throw err;
    }
    const diff = unifiedDiff(`a/${rel}`, `b/${rel}`, disk, entry.content, 3);
    return diff === '' ? null : { path: rel, diff };
  };

  const getDiff = async (p?: string): Promise<FileDiff[]> => {
    if (p !== undefined) {
      const { abs, rel } = await root.resolveBoth(p);
      const entry = entryOf(rel);
      if (!entry?.dirty) return [];
      const d = await diffOne(abs, rel, entry);
      return d ? [d] : [];
    }
    const out: FileDiff[] = [];
    for (const rel of cache.dirtyKeys()) {
      const entry = entryOf(rel);
      if (!entry) continue;
      try {
        const abs = await root.resolve(rel);
        const d = await diffOne(abs, rel, entry);
        if (d) out.push(d);
      } catch (err) {
        if (!(err instanceof WorkspaceError)) throw err;
      }
    }
    return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  };

  return {
    root,
    readFile,
    writeFile,
    getBuffer: async (p) => {
      // A buffer holds only what the editor sent for a confined path, and reading it touches no file: a request that
      // names a cached path exactly is answered without resolving symlinks (the MCP round trip, DESIGN section 8).
      if (path.sep === '/' && isPlainRelative(p)) {
        const hit = entryOf(p);
        if (hit) return hit;
      }
      return entryOf((await root.resolveBoth(p)).rel);
    },
    updateBuffer,
    applyBufferEdits,
    getBufferVersion: async (p) => docs.get((await root.resolveBoth(p)).rel)?.version ?? null,
    openFile,
    closeFile: async (p) => {
      const { rel } = await root.resolveBoth(p);
      openFiles.delete(rel);
      const entry = cache.get(rel);
      if (entry && !entry.dirty) cache.delete(rel);
    },
    detectLanguage,
    getOpenFiles: () => [...openFiles],
    getDirtyPaths: () => cache.dirtyKeys(),
    getDiff,
    getTree: () => scanTree({ realRoot: root.realRoot, ignoreDirs }),
    watch: (onEvent, watchOpts = {}) =>
      startWatcher({
        realRoot: root.realRoot,
        matcher: createIgnoreMatcher(root.realRoot, ignoreDirs),
        toRelative: root.toRelative,
        onEvent,
        isOwnWrite,
        renameWindowMs,
        ...(watchOpts.onError ? { onError: watchOpts.onError } : {}),
      }),
  };
}
