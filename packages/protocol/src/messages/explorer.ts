/** The file explorer: directory toggles and Paige's file glows (Stories 5 and 6). */
import { z } from 'zod';
import { LIMITS, RelativePathSchema } from '../common.js';
import { FileHintStyleSchema } from '../enums.js';

export const explorerClientMessages = {
  /** Directory expanded (Story 5; logged as `explorer_expand_dir`, issue 4). */
  'explorer:expand_dir': z.object({ path: RelativePathSchema }),
  /** Directory collapsed (Story 5; logged as `explorer_collapse_dir`, issue 4). */
  'explorer:collapse_dir': z.object({ path: RelativePathSchema }),
} as const;

export const explorerServerMessages = {
  /**
   * Make files glow in the tree (Story 6 AS-11, primary spec: `{ paths, style }`). Hints accumulate until
   * `explorer:clear_hints`; Electron also marks the parent directories of each path.
   */
  'explorer:hint_files': z.object({
    paths: z.array(RelativePathSchema).min(1).max(LIMITS.list),
    style: FileHintStyleSchema,
  }),
  /** Remove every file glow (Story 6 AS-12). */
  'explorer:clear_hints': z.object({}),
} as const;
