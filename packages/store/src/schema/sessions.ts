/** `sessions`: one coaching session per issue the user works on (Story 2, DESIGN section 3). */
import type { HintLevel, SessionStatus } from '@paige/protocol';
import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { HINT_LEVELS, SESSION_STATUSES, sqlValueList } from './enums.js';

/** `sessions`: id, project_dir, issue_number, issue_title, issue_summary, status, hint_level, hint_level_chosen, summary, transcript, started_at, ended_at. @see Story 2 AS-3 */
export const sessions = sqliteTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    projectDir: text('project_dir').notNull(),
    issueNumber: integer('issue_number'),
    issueTitle: text('issue_title'),
    issueSummary: text('issue_summary'),
    status: text('status').$type<SessionStatus>().notNull().default('active'),
    hintLevel: text('hint_level').$type<HintLevel>().notNull().default('medium'),
    /**
     * True once the learner picked a hint level in this session (issue 23 item 1): until then `hint_level` follows the
     * active phase's suggestion; afterwards the learner's choice stays.
     */
    hintLevelChosen: integer('hint_level_chosen', { mode: 'boolean' }).notNull().default(false),
    /** A short summary of what the session did (wrap-up screen, issue 23 item 4), or null until the session ended. */
    summary: text('summary'),
    /** Condensed transcript from the Stop hook, kept so a failed wrap-up can be retried (Story 9). */
    transcript: text('transcript'),
    startedAt: text('started_at').notNull(),
    endedAt: text('ended_at'),
  },
  (t) => [
    check('sessions_status_check', sql`${t.status} IN (${sqlValueList(SESSION_STATUSES)})`),
    check('sessions_hint_level_check', sql`${t.hintLevel} IN (${sqlValueList(HINT_LEVELS)})`),
    index('sessions_status_started_at_idx').on(t.status, t.startedAt),
    index('sessions_status_ended_at_idx').on(t.status, t.endedAt),
    index('sessions_started_at_idx').on(t.startedAt),
  ],
);
