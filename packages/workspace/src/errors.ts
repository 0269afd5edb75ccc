/** The one error class of `@paige/workspace`, with a string `code` the server maps to wire errors. */

import { WorkspaceErrorCodeSchema, type BufferSyncErrorCode, type WorkspaceErrorCode } from '@paige/protocol';

/**
 * Error codes raised by the workspace: `@paige/protocol`'s `WorkspaceErrorCode` (the list is defined once, in the
 * protocol; issue 25 item 5).
 *
 * - `PATH_OUTSIDE_PROJECT`: the path escapes the project root (`..`, absolute elsewhere, symlink out, NUL, empty).
 * - `FILE_NOT_FOUND`: nothing exists at the path.
 * - `NOT_A_FILE`: the path is a directory or another non-regular file.
 * - `BINARY_FILE`: the file is not valid UTF-8 text (NUL bytes or invalid sequences).
 * - `FILE_TOO_LARGE`: the file is larger than `maxFileBytes`.
 * - `PERMISSION_DENIED`: the OS refused access (`EACCES`, `EPERM`, `EROFS`).
 * - `DISK_FULL`: no space left (`ENOSPC`, `EDQUOT`).
 * - `CONFLICT`: `baseHash` no longer matches the file on disk (it changed outside the editor).
 * - `PARENT_NOT_FOUND`: a new file's directory does not exist.
 * - `BUFFER_CACHE_FULL`: the buffer cache is full of unsaved (dirty) buffers.
 * - `IO_ERROR`: any other I/O failure (symlink loop, ...).
 * - `VERSION_MISMATCH`, `BAD_RANGE`, `NO_BUFFER` (`BufferSyncErrorCode`): an incremental buffer edit was refused
 *   ({@link BufferSyncError}, issue 16 item 2). `VERSION_MISMATCH`: the edit's `baseVersion` is not the buffer's
 *   version (or an update's `version` is not above it). `BAD_RANGE`: a change lies outside the text or splits a
 *   surrogate pair. `NO_BUFFER`: the text at that version is not known here (never opened in this run, saved with
 *   other text, evicted, or the file changed on disk before the first edit).
 */
export type { BufferSyncErrorCode, WorkspaceErrorCode };

/** All workspace error codes, for exhaustive mapping by the server (`WorkspaceErrorCodeSchema.options`). */
export const WORKSPACE_ERROR_CODES: readonly WorkspaceErrorCode[] = WorkspaceErrorCodeSchema.options;

/**
 * Error thrown by every workspace operation. `message` names the project-relative path only (safe to send to a
 * client); `path` is that relative path when known; `cause` may hold the original Node error (logs only).
 */
export class WorkspaceError extends Error {
  override readonly name: string = 'WorkspaceError';
  readonly code: WorkspaceErrorCode;
  /** Project-relative path the error is about, when known. */
  readonly path: string | undefined;

  constructor(code: WorkspaceErrorCode, message: string, options: { path?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.path = options.path;
  }
}

/**
 * Thrown before any file content is read or written when a path escapes the project root.
 * @see Story 3 AS-9, EC-10, EC-11
 */
export class PathOutsideProjectError extends WorkspaceError {
  override readonly name: string = 'PathOutsideProjectError';

  constructor(message: string, options: { path?: string; cause?: unknown } = {}) {
    super('PATH_OUTSIDE_PROJECT', message, options);
  }
}

/**
 * A refused incremental edit (issue 16 item 2). `expectedVersion` is the buffer's current version for the path when
 * there is one: a client re-sending the whole text picks a `version` above it.
 */
export class BufferSyncError extends WorkspaceError {
  override readonly name: string = 'BufferSyncError';
  declare readonly code: BufferSyncErrorCode;
  /** The server's version of the buffer (the highest assigned for the path in this run), when known. */
  readonly expectedVersion: number | undefined;

  constructor(
    code: BufferSyncErrorCode,
    message: string,
    options: { path?: string; expectedVersion?: number } = {},
  ) {
    super(code, message, options.path === undefined ? {} : { path: options.path });
    this.expectedVersion = options.expectedVersion;
  }
}

/** Short, client-safe rendering of a path the client sent (never an absolute path, never very long). */
export function displayPath(input: string): string {
  if (input.startsWith('/') || /^[A-Za-z]:[\\/]/.test(input)) return '<absolute path>';
  const clean = input.replace(/\0/g, '\\0');
  return clean.length > 200 ? `${clean.slice(0, 200)}…` : clean;
}

/** Map a Node `fs` error to a `WorkspaceError` with a relative-path message. */
export function fromNodeError(err: unknown, relPath: string, action: string): WorkspaceError {
  if (err instanceof WorkspaceError) return err;
  const code =
    typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : '';
  const shown = relPath === '' ? 'the project root' : `'${relPath}'`;
  switch (code) {
    case 'ENOENT':
      return new WorkspaceError('FILE_NOT_FOUND', `File not found: ${shown}`, { path: relPath, cause: err });
    case 'EISDIR':
      return new WorkspaceError('NOT_A_FILE', `Not a file: ${shown}`, { path: relPath, cause: err });
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return new WorkspaceError('PERMISSION_DENIED', `Permission denied while trying to ${action} ${shown}`, {
        path: relPath,
        cause: err,
      });
    case 'ENOSPC':
    case 'EDQUOT':
      return new WorkspaceError('DISK_FULL', `Disk full while trying to ${action} ${shown}`, {
        path: relPath,
        cause: err,
      });
    case 'ELOOP':
      return new WorkspaceError('IO_ERROR', `Symbolic link loop at ${shown}`, { path: relPath, cause: err });
    default:
      return new WorkspaceError('IO_ERROR', `Could not ${action} ${shown}${code ? ` (${code})` : ''}`, {
        path: relPath,
        cause: err,
      });
  }
}
