/** `plans`, `phases`, `phase_hints`, `progress_events`: the coaching plan hierarchy (Story 2, Story 9). */
import type { HintLevel, HintType, PhaseStatus } from '@paige/protocol';
import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import {
  FILE_HINT_STYLES,
  HINT_LEVELS,
  HINT_TYPES,
  LINE_HINT_STYLES,
  PHASE_STATUSES,
  sqlValueList,
} from './enums.js';
import { sessions } from './sessions.js';

/** `plans`: a plan version of a session; `is_active` marks the current one. @see Story 2 AS-4, primary Story 9 AS-1 */
export const plans = sqliteTable(
  'plans',
  {
    id: text('id').primaryKey(),
    sessionId: text('session_id')
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    title: text('title'),
    summary: text('summary'),
    rawPlanText: text('raw_plan_text'),
    memoryConnection: text('memory_connection'),
    estimatedDifficulty: text('estimated_difficulty'),
    /** Only the newest plan of a session is active; older versions are kept for analytics (Story 9 AS-1). */
    isActive: integer('is_active', { mode: 'boolean' }).notNull().default(true),
    createdAt: text('created_at').notNull(),
  },
  (t) => [
    index('plans_session_id_created_at_idx').on(t.sessionId, t.createdAt),
    uniqueIndex('plans_one_active_per_session_idx')
      .on(t.sessionId)
      .where(sql`${t.isActive} = 1`),
  ],
);

/** `phases`: numbered steps of a plan with lifecycle `pending -> active -> complete`. @see Story 2 AS-4, Story 6 */
export const phases = sqliteTable(
  'phases',
  {
    id: text('id').primaryKey(),
    planId: text('plan_id')
      .notNull()
      .references(() => plans.id, { onDelete: 'cascade' }),
    number: integer('number').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull(),
    status: text('status').$type<PhaseStatus>().notNull().default('pending'),
    hintLevel: text('hint_level').$type<HintLevel>(),
    expectedFiles: text('expected_files', { mode: 'json' })
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'`),
    startedAt: text('started_at'),
    completedAt: text('completed_at'),
  },
  (t) => [
    check('phases_status_check', sql`${t.status} IN (${sqlValueList(PHASE_STATUSES)})`),
    check(
      'phases_hint_level_check',
      sql`${t.hintLevel} IS NULL OR ${t.hintLevel} IN (${sqlValueList(HINT_LEVELS)})`,
    ),
    check('phases_number_check', sql`${t.number} >= 1`),
    uniqueIndex('phases_plan_id_number_idx').on(t.planId, t.number),
    uniqueIndex('phases_one_active_per_plan_idx')
      .on(t.planId)
      .where(sql`${t.status} = 'active'`),
  ],
);

/** `phase_hints`: file glows (`suggested|required`) and line highlights (`hint|error|success`). @see Story 2 AS-5 */
export const phaseHints = sqliteTable(
  'phase_hints',
  {
    id: text('id').primaryKey(),
    phaseId: text('phase_id')
      .notNull()
      .references(() => phases.id, { onDelete: 'cascade' }),
    type: text('type').$type<HintType>().notNull(),
    path: text('path').notNull(),
    startLine: integer('start_line'),
    endLine: integer('end_line'),
    style: text('style').notNull(),
    hoverText: text('hover_text'),
  },
  (t) => [
    check('phase_hints_type_check', sql`${t.type} IN (${sqlValueList(HINT_TYPES)})`),
    check(
      'phase_hints_style_check',
      sql`(${t.type} = 'file' AND ${t.style} IN (${sqlValueList(FILE_HINT_STYLES)})) OR (${t.type} = 'line' AND ${t.style} IN (${sqlValueList(LINE_HINT_STYLES)}))`,
    ),
    check(
      'phase_hints_lines_check',
      sql`${t.type} = 'file' OR (${t.startLine} >= 1 AND ${t.endLine} >= ${t.startLine})`,
    ),
    index('phase_hints_phase_id_type_idx').on(t.phaseId, t.type),
  ],
);

/** `progress_events`: hint_used, hint_escalated, review_requested, review_passed, ... per phase. @see Story 2 AS-10 */
export const progressEvents = sqliteTable(
  'progress_events',
  {
    id: text('id').primaryKey(),
    phaseId: text('phase_id')
      .notNull()
      .references(() => phases.id, { onDelete: 'cascade' }),
    eventType: text('event_type').notNull(),
    data: text('data', { mode: 'json' }).$type<Record<string, unknown>>(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [
    index('progress_events_phase_id_created_at_idx').on(t.phaseId, t.createdAt),
    index('progress_events_event_type_idx').on(t.eventType, t.phaseId),
  ],
);
