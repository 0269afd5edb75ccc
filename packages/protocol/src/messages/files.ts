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

/** The payload shape of a read file (`fs:content`, `editor:open_file`). */
const fileContentPayload = {
  path: RelativePathSchema,
  content: FileContentSchema,
  language: LanguageIdSchema,
  lineCount: CountSchema,
};

export const fileClientMessages = {
  /** User opened a file; reply `fs:content` (Story 5 AS-2), logged `file_open`. */
  'file:open': z.object({ path: RelativePathSchema }),
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
  /** Debounced buffer edit; no reply (Story 5 AS-4). `selections` default to none. */
  'buffer:update': z.object({
    path: RelativePathSchema,
    content: FileContentSchema,
    cursorPosition: PositionSchema,
    selections: z.array(RangeSchema).max(LIMITS.list).optional(),
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
  /** File content reply to `file:open` (Story 5 AS-2); `hash` is SHA-256 hex of `content` (issue 4). */
  'fs:content': z.object({ ...fileContentPayload, hash: ContentHashSchema }),
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
  /** MCP-triggered file open (`paige_open_file`, Story 6 AS-8); Electron opens or focuses the tab. */
  'editor:open_file': z.object({ ...fileContentPayload, hash: ContentHashSchema.optional() }),
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
