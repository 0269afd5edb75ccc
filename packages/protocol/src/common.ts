/** Shared value schemas: ids, project-relative paths, positions and ranges. */
import { z } from 'zod';

/** Entity id (UUID v4 text) or log id rendered as a string; on the wire every id is a string (DESIGN section 3). */
export const IdSchema = z.string().min(1).max(128);
export type Id = z.infer<typeof IdSchema>;

/** Maximum length of a project-relative path, in UTF-16 code units. */
export const MAX_PATH_LENGTH = 4096;

/**
 * A path relative to `PROJECT_DIR`, with `/` separators. The schema rejects the empty string and NUL bytes;
 * confinement to the project root (symlinks included) is enforced by `@paige/workspace` before any I/O.
 */
export const RelativePathSchema = z
  .string()
  .min(1, 'path must not be empty')
  .max(MAX_PATH_LENGTH)
  .regex(/^[^\0]*$/, 'path must not contain NUL bytes');
export type RelativePath = z.infer<typeof RelativePathSchema>;

/** 1-based line number (Monaco convention). */
export const LineNumberSchema = z.number().int().positive();
/** 1-based column number (Monaco convention). */
export const ColumnSchema = z.number().int().positive();

/** Cursor position, 1-based `{ line, column }`. */
export const PositionSchema = z.object({ line: LineNumberSchema, column: ColumnSchema });
export type Position = z.infer<typeof PositionSchema>;

/**
 * A range in a file, 1-based and inclusive of `startLine`/`endLine` (Monaco's `IRange`). The end must
 * not precede the start.
 */
export const RangeSchema = z
  .object({
    startLine: LineNumberSchema,
    startColumn: ColumnSchema,
    endLine: LineNumberSchema,
    endColumn: ColumnSchema,
  })
  .refine((r) => r.endLine > r.startLine || (r.endLine === r.startLine && r.endColumn >= r.startColumn), {
    message: 'range end must not precede its start',
    path: ['endLine'],
  });
export type Range = z.infer<typeof RangeSchema>;

/** ISO 8601 timestamp string, e.g. `2026-02-11T10:00:00.000Z`. */
export const IsoTimestampSchema = z.iso.datetime({ offset: true });
export type IsoTimestamp = z.infer<typeof IsoTimestampSchema>;

/** One KiB and one MiB, in bytes/characters, for the limits below. */
const KIB = 1024;
const MIB = 1024 * KIB;

/**
 * Size limits of the wire contract. String limits are counted in UTF-16 code units (JavaScript string
 * length), which never undercounts UTF-8 bytes by more than 3x; the WebSocket frame cap (`maxPayload`,
 * default 16 MiB, DESIGN section 7) bounds bytes on the wire.
 */
export const LIMITS = {
  /** Whole-file content in `file:save`, `buffer:update`, `fs:content`, `BufferEntry` (16 MiB). */
  fileContent: 16 * MIB,
  /** Selected text and surrounding context of `user:explain`, explanation text (100 KiB). */
  text: 100 * KIB,
  /** A practice solution in `practice:submit_solution` (1 MiB). */
  code: 1 * MIB,
  /** Short labels: titles, language ids, names, versions (512). */
  label: 512,
  /** Coaching prose: messages, descriptions, summaries, reviews (20 KiB). */
  prose: 20 * KIB,
  /** A plan from Claude Code's Plan Agent (`paige_run_coaching_pipeline.planText`, 200 KiB). */
  plan: 200 * KIB,
  /** A condensed session transcript (`paige_end_session.sessionTranscript`, 2 MiB). */
  transcript: 2 * MIB,
  /** A unified diff (16 MiB: a diff of a whole file can exceed the file). */
  diff: 16 * MIB,
  /** Terminal stdin chunk (64 KiB). */
  terminalInput: 64 * KIB,
  /** Items in a list of paths, highlights or selections (10,000). */
  list: 10_000,
  /** Error messages (4 KiB). */
  errorMessage: 4 * KIB,
} as const;

/** Short label text (1..512 chars). */
export const LabelSchema = z.string().min(1).max(LIMITS.label);
/** Coaching prose (0..20 KiB). */
export const ProseSchema = z.string().max(LIMITS.prose);
/** A human-readable error message for a toast (1..4 KiB). */
export const ErrorMessageSchema = z.string().min(1).max(LIMITS.errorMessage);

/** SHA-256 of a file's content as 64 lowercase hex characters (issue 4: `fs:content.hash`, `file:save.baseHash`). */
export const ContentHashSchema = z
  .string()
  .regex(/^[0-9a-f]{64}$/, 'hash must be 64 lowercase hex characters (SHA-256)');
export type ContentHash = z.infer<typeof ContentHashSchema>;

/** Non-negative integer (counts, sizes). */
export const CountSchema = z.number().int().nonnegative();

/** A confidence or probability in [0, 1]. */
export const ConfidenceSchema = z.number().min(0).max(1);

/** A practice level assigned by the reviewer, integer 1..10 (primary clarification, Story 11). */
export const KataLevelSchema = z.number().int().min(1).max(10);

/** An http(s) URL. */
export const HttpUrlSchema = z.url({ protocol: /^https?$/ }).max(4096);

/**
 * A whole-line range `{ startLine, endLine }`, 1-based, inclusive, `endLine >= startLine`
 * (Story 6 `paige_highlight_lines` `start`/`end`).
 */
export const LineRangeSchema = z
  .object({ startLine: LineNumberSchema, endLine: LineNumberSchema })
  .refine((r) => r.endLine >= r.startLine, { message: 'endLine must be >= startLine', path: ['endLine'] });
export type LineRange = z.infer<typeof LineRangeSchema>;
