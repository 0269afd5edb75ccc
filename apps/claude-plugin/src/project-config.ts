/**
 * The issue to coach on, from the environment or the project's `.paige.json` (SessionStart). Separate from
 * `config.ts` so the SessionEnd bundle does not load zod.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { parseIssue } from './config.js';
import type { HookConfig } from './config.js';

const ProjectConfigSchema = z.object({ issue: z.union([z.number(), z.string()]).optional() });

/**
 * The issue to coach on: `PAIGE_ISSUE` first, else `issue` in `<cwd>/.paige.json`, else `null`.
 * A missing or malformed `.paige.json` is ignored.
 */
export async function resolveIssue(config: HookConfig, cwd: string | undefined): Promise<number | null> {
  if (config.issueFromEnv !== null) return config.issueFromEnv;
  if (cwd === undefined) return null;
  try {
    const parsed = ProjectConfigSchema.safeParse(
      JSON.parse(await readFile(join(cwd, '.paige.json'), 'utf8')),
    );
    return parsed.success ? parseIssue(parsed.data.issue) : null;
  } catch {
    return null;
  }
}
