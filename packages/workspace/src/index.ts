/**
 * `@paige/workspace`: the backend's file layer for the user's project (Story 3, file parts of Story 5).
 * @packageDocumentation
 */
export { WorkspaceError, PathOutsideProjectError, BufferSyncError, WORKSPACE_ERROR_CODES } from './errors.js';
export type { WorkspaceErrorCode, BufferSyncErrorCode } from './errors.js';
export { createProjectRoot } from './project-root.js';
export type { ProjectRoot } from './project-root.js';
export {
  createWorkspace,
  countLines,
  DEFAULT_MAX_FILE_BYTES,
  DEFAULT_MAX_BUFFER_BYTES,
} from './workspace.js';
export type {
  CreateWorkspaceOptions,
  Workspace,
  ReadFileResult,
  WriteFileResult,
  WriteFileOptions,
  FileDiff,
  OpenFileResult,
  BufferEdit,
  BufferEditResult,
} from './workspace.js';
export type { BufferEntry, BufferUpdate } from './buffer-cache.js';
export type { TreeNode } from './tree.js';
export type { WatchEvent, Watcher } from './watcher.js';
export { DEFAULT_IGNORE_DIRS } from './ignore-rules.js';
export { createLanguageDetector, createLanguageDetectorSync, MONACO_LANGUAGE_IDS } from './language.js';
export { LINGUIST_VERSION } from './language-table.generated.js';
export type { LanguageDetector } from './language.js';
