/** `session_wrap_up_errors` (primary Story 9 "Wrap-Up Error Handling & Recovery"). */
import { WrapUpAgentSchema } from '@paige/protocol';
import type { WrapUpAgent } from '@paige/protocol';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { PaigeDatabase } from '../database.js';
import { sessionWrapUpErrors } from '../schema/index.js';
import { newId, nowIso, parseInput } from '../util.js';

/** One failed wrap-up agent run. */
export interface WrapUpError {
  id: string;
  sessionId: string;
  agentName: WrapUpAgent;
  errorMessage: string;
  createdAt: string;
}

/**
 * Records a wrap-up agent failure with `created_at` now.
 * @see primary Story 9 "Error Tracking"
 * @throws {StoreError} `INVALID_INPUT`; `SQLITE_CONSTRAINT_FOREIGNKEY` for an unknown session
 */
export function recordWrapUpError(
  database: PaigeDatabase,
  input: { sessionId: string; agentName: WrapUpAgent; errorMessage: string },
): WrapUpError {
  const agentName = parseInput(WrapUpAgentSchema, input.agentName, 'wrap-up agent');
  return database.db
    .insert(sessionWrapUpErrors)
    .values({
      id: newId(),
      sessionId: input.sessionId,
      agentName,
      errorMessage: input.errorMessage,
      createdAt: nowIso(database),
    })
    .returning()
    .get();
}

/** Wrap-up errors of a session, oldest first. @see primary Story 9 `paige_retry_wrap_up` */
export function listWrapUpErrors(database: PaigeDatabase, sessionId: string): WrapUpError[] {
  return database.db
    .select()
    .from(sessionWrapUpErrors)
    .where(eq(sessionWrapUpErrors.sessionId, sessionId))
    .orderBy(asc(sessionWrapUpErrors.createdAt), asc(sql`${sessionWrapUpErrors}.rowid`))
    .all();
}

/**
 * Deletes a session's recorded errors (of one agent, or all) after a successful retry.
 * @returns the number of rows deleted.
 */
export function clearWrapUpErrors(
  database: PaigeDatabase,
  input: { sessionId: string; agentName?: WrapUpAgent },
): number {
  const where =
    input.agentName === undefined
      ? eq(sessionWrapUpErrors.sessionId, input.sessionId)
      : and(
          eq(sessionWrapUpErrors.sessionId, input.sessionId),
          eq(sessionWrapUpErrors.agentName, input.agentName),
        );
  return database.db.delete(sessionWrapUpErrors).where(where).run().changes;
}
