/**
 * Files, buffers and the editor (Stories 3, 5 and 6; issue 4 adds hashes, save conflicts and tree actions).
 * Every path is relative to `PROJECT_DIR` with `/` separators ({@link RelativePathSchema}).
 */
import { z } from 'zod';
import {
  ContentHashSchema,
  CountSchema,
  ErrorMessageSchema,
  IsoTimestampSchema,
  LIMITS,
  LabelSchema,
  LineRangeSchema,
  MAX_PATH_LENGTH,
  PositionSchema,
  ProseSchema,
  RangeSchema,
  RelativePathSchema,
} from '../common.js';
import { HighlightStyleSchema, TreeUpdateActionSchema } from '../enums.js';
import { WsErrorCodeSchema } from '../envelope.js';

/** Whole-file text (up to 16 MiB). */
export const FileContentSchema = z.string().max(LIMITS.fileContent);

/** Monaco language id, e.g. `typescript`, `plaintext` (Story 3 AS-1). */
export const LanguageIdSchema = LabelSchema;

/**
 * A path inside a tree node: relative to the project root, `''` for the root itself. No NUL bytes.
 */
export const TreeNodePathSchema = z
  .string()
  .max(MAX_PATH_LENGTH)
  .regex(/^[^\0]*$/, 'path must not contain NUL bytes');

/** File-tree node (Story 3 AS-6; issue 4): directories carry `children`, sorted directories first. */
export interface TreeNode {
  name: string;
  path: string;
  type: 'file' | 'directory';
  children?: TreeNode[];
}

/** Recursive `{ name, path, type: 'file'|'directory', children? }` (Story 3 AS-6, `fs:tree`). */
export const TreeNodeSchema: z.ZodType<TreeNode, TreeNode> = z.object({
  name: z.string().max(1024),
  path: TreeNodePathSchema,
  type: z.enum(['file', 'directory']),
  get children() {
    return z.array(TreeNodeSchema).optional();
  },
});

/** One line decoration: whole lines with a style and optional hover text (Story 6 `paige_highlight_lines`). */
export const LineHighlightSchema = z
  .object({
    startLine: z.number().int().positive(),
    endLine: z.number().int().positive(),
    style: HighlightStyleSchema,
    hoverText: ProseSchema.optional(),
  })
  .refine((r) => r.endLine >= r.startLine, { message: 'endLine must be >= startLine', path: ['endLine'] });
export type LineHighlight = z.infer<typeof LineHighlightSchema>;

/** A character-range decoration for `editor:decorations` (Story 6). */
export const DecorationSchema = z.object({
  range: RangeSchema,
  style: HighlightStyleSchema,
  hoverText: ProseSchema.optional(),
});

/**
 * Version of an editor buffer in the incremental sync (issue 16 item 2): a non-negative integer, opaque to the
 * client, increasing per path. The server assigns one when it serves a file (`fs:content.version`); each
 * `buffer:edit` moves it from `baseVersion` to `version`; a full `buffer:update` may re-baseline it.
 */
export const BufferVersionSchema = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
export type BufferVersion = z.infer<typeof BufferVersionSchema>;

/**
 * One text change of a `buffer:edit`, in UTF-16 code units (JavaScript string indexes): replace `rangeLength`
 * units at `rangeOffset` with `text`. Monaco's `IModelContentChange` carries these three fields; its `range` is
 * not needed on the wire.
 */
export const TextChangeSchema = z.object({
  rangeOffset: z.number().int().nonnegative().max(LIMITS.fileContent),
  rangeLength: z.number().int().nonnegative().max(LIMITS.fileContent),
  text: z.string().max(LIMITS.fileContent),
});
export type TextChange = z.infer<typeof TextChangeSchema>;

/** Why the server refused a `buffer:edit` or a versioned `buffer:update` (`buffer:sync_error.code`). */
export const BufferSyncErrorCodeSchema = WsErrorCodeSchema.extract([
  'VERSION_MISMATCH',
  'BAD_RANGE',
  'NO_BUFFER',
]);
export type BufferSyncErrorCode = z.infer<typeof BufferSyncErrorCodeSchema>;

/**
 * The codes of `@paige/workspace`'s errors (files and buffers, Story 3 and issue 4; incremental sync, issue 16): the
 * one list, which the workspace package uses (issue 25 item 5). `fs:save_error.code` carries one of them.
 */
export const WorkspaceErrorCodeSchema = WsErrorCodeSchema.extract([
  'PATH_OUTSIDE_PROJECT',
  'FILE_NOT_FOUND',
  'NOT_A_FILE',
  'BINARY_FILE',
  'FILE_TOO_LARGE',
  'PERMISSION_DENIED',
  'DISK_FULL',
  'CONFLICT',
  'PARENT_NOT_FOUND',
  'BUFFER_CACHE_FULL',
  'IO_ERROR',
  ...BufferSyncErrorCodeSchema.options,
]);
export type WorkspaceErrorCode = z.infer<typeof WorkspaceErrorCodeSchema>;

/** The payload shape of a read file (`fs:content`, `editor:open_file`). */
const fileContentPayload = {
  path: RelativePathSchema,
  content: FileContentSchema,
  language: LanguageIdSchema,
  lineCount: CountSchema,
};

export const fileClientMessages = {
  /**
   * User opened a file; reply `fs:content` (Story 5 AS-2), logged `file_open`. `discardBuffer: true` (issue 16)
   * drops the unsaved buffer first and answers with the file on disk: the editor's "revert" and the save
   * conflict's "reload" choice.
   */
  'file:open': z.object({ path: RelativePathSchema, discardBuffer: z.boolean().optional() }),
  /**
   * Save (Electron only, Story 3 AS-2, Story 5 AS-3). `baseHash` is the `hash` of the content the editor
   * started from: when the disk no longer matches, the save is refused with `fs:save_error` code
   * `CONFLICT` (issue 4).
   */
  'file:save': z.object({
    path: RelativePathSchema,
    content: FileContentSchema,
    baseHash: ContentHashSchema.optional(),
  }),
  /** User closed a tab (removes it from the open-files set, Story 6 D29). */
  'file:close': z.object({ path: RelativePathSchema }),
  /**
   * Debounced buffer edit with the whole text; no reply (Story 5 AS-4). `selections` default to none. With
   * `version` (issue 16) it also re-baselines the incremental sync: later `buffer:edit`s start from it. A
   * `version` not above the server's current one for the path is refused with `buffer:sync_error`
   * `VERSION_MISMATCH` (nothing changes).
   */
  'buffer:update': z.object({
    path: RelativePathSchema,
    content: FileContentSchema,
    cursorPosition: PositionSchema,
    selections: z.array(RangeSchema).max(LIMITS.list).optional(),
    version: BufferVersionSchema.optional(),
  }),
  /**
   * Incremental buffer edit (issue 16 item 2; LSP `textDocument/didChange` with incremental sync): the editor's
   * text changes since `baseVersion`, which become `version` (> `baseVersion`). `changes` apply in order, each to
   * the text the previous one produced (Monaco's `IModelContentChangedEvent.changes` are ordered from the end of
   * the document to the beginning, so an event's changes can be appended as they come, and consecutive events
   * concatenated). No reply on success; on a version gap, a range outside the text or a missing buffer the server
   * answers `buffer:sync_error` (echoing `id`) and changes nothing, and the client sends the whole text with
   * `buffer:update` and a new `version`.
   */
  'buffer:edit': z
    .object({
      path: RelativePathSchema,
      baseVersion: BufferVersionSchema,
      version: BufferVersionSchema,
      changes: z.array(TextChangeSchema).min(1).max(LIMITS.list),
      cursorPosition: PositionSchema,
      selections: z.array(RangeSchema).max(LIMITS.list).optional(),
    })
    .refine((e) => e.version > e.baseVersion, {
      message: 'version must be greater than baseVersion',
      path: ['version'],
    }),
  /**
   * Tab switched (Story 4 `editor_tab_switch`). `fromPath` is `null` when no tab was active before.
   */
  'editor:tab_switch': z.object({
    fromPath: RelativePathSchema.nullable(),
    toPath: RelativePathSchema,
  }),
  /** Selection changed (Story 4 `selection`); `textLength` in characters. */
  'editor:selection': z.object({
    path: RelativePathSchema,
    range: RangeSchema,
    textLength: CountSchema,
  }),
  /**
   * Editor scrolled: the visible line range (Story 5 handler table, a no-op handler; not logged). Payload
   * designed here: the discovery spec names the type without a payload.
   */
  'editor:scroll': z.object({
    path: RelativePathSchema,
    visibleRange: LineRangeSchema,
  }),
} as const;

export const fileServerMessages = {
  /** Full project tree (Story 5 catalog), sent on connection and session start (issue 4). */
  'fs:tree': z.object({ root: TreeNodeSchema }),
  /**
   * Incremental tree change from the watcher (Story 5 AS-6). `newPath` is set only for `rename`.
   */
  'fs:tree_update': z
    .object({
      action: TreeUpdateActionSchema,
      path: RelativePathSchema,
      newPath: RelativePathSchema.optional(),
    })
    .refine((p) => (p.action === 'rename') === (p.newPath !== undefined), {
      message: 'newPath is required for rename and only for rename',
      path: ['newPath'],
    }),
  /**
   * File content reply to `file:open` (Story 5 AS-2). `content` is the editor's text the server holds: the
   * unsaved buffer when there is one (`dirty: true`, issue 16: a reloaded page gets its unsaved text back), else
   * the file on disk. `hash` is always the SHA-256 hex of the file on disk (the `baseHash` of a later save,
   * issue 4). `version` is the buffer version of `content` for `buffer:edit` (issue 16).
   */
  'fs:content': z.object({
    ...fileContentPayload,
    hash: ContentHashSchema,
    dirty: z.boolean().optional(),
    version: BufferVersionSchema.optional(),
  }),
  /** Save succeeded (Story 5 AS-3); `hash` of what is now on disk (issue 4). */
  'fs:save_ack': z.object({
    path: RelativePathSchema,
    success: z.literal(true),
    timestamp: IsoTimestampSchema,
    hash: ContentHashSchema,
  }),
  /** Save failed (Story 5 AS-3, EC-27); nothing was written. */
  'fs:save_error': z.object({
    path: RelativePathSchema,
    error: ErrorMessageSchema,
    code: WsErrorCodeSchema,
  }),
  /** Paige-controlled character-range decorations (Story 6 catalog). */
  'editor:decorations': z.object({
    path: RelativePathSchema,
    decorations: z.array(DecorationSchema).max(LIMITS.list),
  }),
  /** Remove decorations of one file, or of all files when `path` is absent (Story 6 catalog). */
  'editor:clear_decorations': z.object({ path: RelativePathSchema.optional() }),
  /** Hover popover content for a range (Story 6 catalog). */
  'editor:hover_hint': z.object({
    path: RelativePathSchema,
    range: RangeSchema,
    hintText: ProseSchema.min(1),
  }),
  /**
   * MCP-triggered file open (`paige_open_file`, Story 6 AS-8); Electron opens or focuses the tab. Same content
   * rules as `fs:content` (the unsaved buffer when `dirty`; `hash` of the disk file; `version` for `buffer:edit`).
   */
  'editor:open_file': z.object({
    ...fileContentPayload,
    hash: ContentHashSchema.optional(),
    dirty: z.boolean().optional(),
    version: BufferVersionSchema.optional(),
  }),
  /**
   * A `buffer:edit` (or a versioned `buffer:update`) was refused and nothing changed (issue 16 item 2); echoes the
   * message's `id`. `VERSION_MISMATCH`: `baseVersion` is not the server's version (`expectedVersion`), or an
   * update's `version` is not above it. `BAD_RANGE`: a change falls outside the text (or splits a surrogate
   * pair). `NO_BUFFER`: the server holds no text for the path at that version (a restart, a save of other text,
   * an evicted clean buffer, the file changed on disk before the first edit). The client answers with the whole
   * text in `buffer:update` with a `version` above `expectedVersion`.
   */
  'buffer:sync_error': z.object({
    path: RelativePathSchema,
    code: BufferSyncErrorCodeSchema,
    expectedVersion: BufferVersionSchema.optional(),
    message: ErrorMessageSchema,
  }),
  /**
   * Line highlights to add to a file (they accumulate, Story 6 AS-9). One message may carry several
   * highlights: a `paige_highlight_lines` call sends one, a resync after reconnect sends all of a file's
   * active highlights (DESIGN section 3).
   */
  'editor:highlight_lines': z.object({
    path: RelativePathSchema,
    highlights: z.array(LineHighlightSchema).min(1).max(LIMITS.list),
  }),
  /** Clear highlights of one file, or all when `path` is absent (Story 6 AS-10). */
  'editor:clear_highlights': z.object({ path: RelativePathSchema.optional() }),
} as const;
