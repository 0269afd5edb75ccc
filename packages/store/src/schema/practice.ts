/** `kata_runs`, `practice_challenges`: practice that runs and challenges that are not code (issue 24). */
import type { KataRunResult } from '@paige/protocol';
import { sql } from 'drizzle-orm';
import { check, index, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { kataSpecs, knowledgeGaps } from './learning.js';
import { sessions } from './sessions.js';

/** `kata_runs`: every run of a kata's tests, from the Run button (`run`) or before a review (`submit`). */
export const kataRuns = sqliteTable(
  'kata_runs',
  {
    id: text('id').primaryKey(),
    kataId: text('kata_id')
      .notNull()
      .references(() => kataSpecs.id, { onDelete: 'cascade' }),
    sessionId: text('session_id').references(() => sessions.id, { onDelete: 'set null' }),
    trigger: text('trigger').$type<'run' | 'submit'>().notNull(),
    status: text('status').notNull(),
    result: text('result', { mode: 'json' }).$type<KataRunResult>().notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [
    check('kata_runs_trigger_check', sql`${t.trigger} IN ('run', 'submit')`),
    check('kata_runs_result_json_check', sql`json_valid(${t.result}) AND json_type(${t.result}) = 'object'`),
    index('kata_runs_kata_id_created_at_idx').on(t.kataId, t.createdAt),
  ],
);

/**
 * `practice_challenges`: quizzes and explain-it-back challenges (issue 24 item 5). `content` holds the questions
 * (quiz) or the prompt and rubric (explain_back); `attempts` the learner's answers and grades; `passed_at` the first
 * pass.
 */
export const practiceChallenges = sqliteTable(
  'practice_challenges',
  {
    id: text('id').primaryKey(),
    knowledgeGapId: text('knowledge_gap_id').references(() => knowledgeGaps.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<'quiz' | 'explain_back'>().notNull(),
    title: text('title').notNull(),
    topic: text('topic'),
    content: text('content', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    attempts: text('attempts', { mode: 'json' })
      .$type<Record<string, unknown>[]>()
      .notNull()
      .default(sql`'[]'`),
    passedAt: text('passed_at'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [
    check('practice_challenges_kind_check', sql`${t.kind} IN ('quiz', 'explain_back')`),
    check(
      'practice_challenges_content_json_check',
      sql`json_valid(${t.content}) AND json_type(${t.content}) = 'object'`,
    ),
    check(
      'practice_challenges_attempts_json_check',
      sql`json_valid(${t.attempts}) AND json_type(${t.attempts}) = 'array'`,
    ),
    index('practice_challenges_knowledge_gap_id_idx').on(t.knowledgeGapId),
    index('practice_challenges_created_at_idx').on(t.createdAt),
  ],
);
