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
  .refine((p) => !p.includes('\0'), 'path must not contain NUL bytes');
export type RelativePath = z.infer<typeof RelativePathSchema>;

/** 1-based line number (Monaco convention). */
export const LineNumberSchema = z.number().int().positive();
/** 1-based column number (Monaco convention). */
export const ColumnSchema = z.number().int().positive();

/** Cursor position, 1-based `{ line, column }`. */
export const PositionSchema = z.object({ line: LineNumberSchema, column: ColumnSchema });
export type Position = z.infer<typeof PositionSchema>;

/** A range in a file, 1-based and inclusive of `startLine`/`endLine`. */
export const RangeSchema = z.object({
  startLine: LineNumberSchema,
  startColumn: ColumnSchema,
  endLine: LineNumberSchema,
  endColumn: ColumnSchema,
});
export type Range = z.infer<typeof RangeSchema>;

/** ISO 8601 timestamp string, e.g. `2026-02-11T10:00:00.000Z`. */
export const IsoTimestampSchema = z.iso.datetime({ offset: true });
export type IsoTimestamp = z.infer<typeof IsoTimestampSchema>;
