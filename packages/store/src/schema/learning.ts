/** `dreyfus_assessments`, `knowledge_gaps`, `kata_specs`: cross-session learning state (Story 2, Story 9). */
import type { DreyfusStage, KataLanguage, KataTests, Severity } from '@paige/protocol';
import { sql } from 'drizzle-orm';
import { check, index, integer, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import type { KataAttempt, KataConstraint } from '../json.js';
import { DREYFUS_STAGES, SEVERITIES, sqlValueList } from './enums.js';
import { sessions } from './sessions.js';

/** `dreyfus_assessments`: global, one row per skill area (UNIQUE). @see Story 2 AS-6 */
export const dreyfusAssessments = sqliteTable(
  'dreyfus_assessments',
  {
    id: text('id').primaryKey(),
    skillArea: text('skill_area').notNull().unique('dreyfus_assessments_skill_area_unique'),
    stage: text('stage').$type<DreyfusStage>().notNull(),
    confidence: real('confidence').notNull(),
    evidence: text('evidence').notNull(),
    assessedAt: text('assessed_at').notNull(),
  },
  (t) => [
    check('dreyfus_assessments_stage_check', sql`${t.stage} IN (${sqlValueList(DREYFUS_STAGES)})`),
    check('dreyfus_assessments_confidence_check', sql`${t.confidence} >= 0 AND ${t.confidence} <= 1`),
  ],
);

/** `knowledge_gaps`: topics the user struggled with. @see Story 2 AS-7 */
export const knowledgeGaps = sqliteTable(
  'knowledge_gaps',
  {
    id: text('id').primaryKey(),
    /** Gaps outlive the session that found them (cross-session learning): SET NULL on session delete. */
    sessionId: text('session_id').references(() => sessions.id, { onDelete: 'set null' }),
    topic: text('topic').notNull(),
    severity: text('severity').$type<Severity>().notNull(),
    evidence: text('evidence').notNull(),
    relatedConcepts: text('related_concepts', { mode: 'json' })
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'`),
    frequency: integer('frequency').notNull().default(1),
    lastEncounteredAt: text('last_encountered_at').notNull(),
    addressed: integer('addressed', { mode: 'boolean' }).notNull().default(false),
    /** When the gap was marked addressed (ISO 8601), `null` while open. @see issue 20 item 1 */
    addressedAt: text('addressed_at'),
  },
  (t) => [
    check('knowledge_gaps_severity_check', sql`${t.severity} IN (${sqlValueList(SEVERITIES)})`),
    check('knowledge_gaps_frequency_check', sql`${t.frequency} >= 1`),
    index('knowledge_gaps_session_id_idx').on(t.sessionId),
    index('knowledge_gaps_addressed_severity_idx').on(t.addressed, t.severity),
    index('knowledge_gaps_last_encountered_at_idx').on(t.lastEncounteredAt),
    index('knowledge_gaps_addressed_at_idx').on(t.addressedAt),
  ],
);

/**
 * `learning_materials`: the web-searched resources found for one knowledge gap (issue 20 item 1: cached per gap, so
 * a dashboard load pays for the search once per gap and TTL, not on every load). One row per gap; `materials` is
 * the JSON of the recommendation as sent on the wire. Deleted with its gap.
 */
export const learningMaterials = sqliteTable(
  'learning_materials',
  {
    knowledgeGapId: text('knowledge_gap_id')
      .primaryKey()
      .references(() => knowledgeGaps.id, { onDelete: 'cascade' }),
    materials: text('materials', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [
    check(
      'learning_materials_json_check',
      sql`json_valid(${t.materials}) AND json_type(${t.materials}) = 'object'`,
    ),
  ],
);

/** `kata_specs`: practice katas with JSON `constraints` and `user_attempts`. @see Story 2 AS-8, AS-9 */
export const kataSpecs = sqliteTable(
  'kata_specs',
  {
    id: text('id').primaryKey(),
    knowledgeGapId: text('knowledge_gap_id')
      .notNull()
      .references(() => knowledgeGaps.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    description: text('description').notNull(),
    scaffoldingCode: text('scaffolding_code').notNull(),
    instructorNotes: text('instructor_notes').notNull(),
    constraints: text('constraints', { mode: 'json' })
      .$type<KataConstraint[]>()
      .notNull()
      .default(sql`'[]'`),
    userAttempts: text('user_attempts', { mode: 'json' })
      .$type<KataAttempt[]>()
      .notNull()
      .default(sql`'[]'`),
    createdAt: text('created_at').notNull(),
    /** The language of the runnable tests (issue 24); null for a kata stored with its tests in words only. */
    language: text('language').$type<KataLanguage>(),
    /**
     * The runnable tests `{ language, preamble, cases }` (issue 24 item 1); null: no runnable tests. Validated by the
     * repository (an added column cannot carry a table CHECK without rebuilding the table).
     */
    tests: text('tests', { mode: 'json' }).$type<KataTests>(),
  },
  (t) => [
    check(
      'kata_specs_constraints_json_check',
      sql`json_valid(${t.constraints}) AND json_type(${t.constraints}) = 'array'`,
    ),
    check(
      'kata_specs_user_attempts_json_check',
      sql`json_valid(${t.userAttempts}) AND json_type(${t.userAttempts}) = 'array'`,
    ),
    index('kata_specs_knowledge_gap_id_idx').on(t.knowledgeGapId),
    index('kata_specs_created_at_idx').on(t.createdAt),
  ],
);
