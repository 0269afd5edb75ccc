/** Small lookups shared by the feature modules. */
import type { ServerPayload } from '@paige/protocol';
import { getActivePlan, type PaigeDatabase } from '@paige/store';
import type { OpenFileResult } from '@paige/workspace';

/** The active phase of the session's active plan, or null. */
export function activePhase(db: PaigeDatabase, sessionId: string) {
  const plan = getActivePlan(db, sessionId);
  return plan?.phases.find((p) => p.status === 'active') ?? null;
}

/**
 * A file opened by the workspace as the page receives it: `fs:content` (the learner's `file:open`) and
 * `editor:open_file` (Claude Code's `paige_open_file`) carry the same fields (Story 5).
 */
export function openedFilePayload(file: OpenFileResult): ServerPayload<'fs:content'> {
  return {
    path: file.path,
    content: file.content,
    language: file.language,
    lineCount: file.lineCount,
    hash: file.hash,
    ...(file.dirty ? { dirty: true } : {}),
    version: file.version,
  };
}
