/**
 * Practice that runs and challenges that are not code (issue 24): the runs of a kata's tests, runnable tests added
 * to an existing kata, and quizzes / explain-it-back challenges with their attempts.
 */
import { KataRunResultSchema, KataTestsSchema, QuizQuestionSchema } from '@paige/protocol';
import type { KataRunResult, KataTests, QuizQuestion } from '@paige/protocol';
import { and, desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { PaigeDatabase } from '../database.js';
import { StoreError } from '../errors.js';
import { kataRuns, kataSpecs, practiceChallenges } from '../schema/index.js';
import { inTransaction, newId, nowIso, parseInput } from '../util.js';
import { getKata, type KataSpec } from './learning.js';

/** One stored run of a kata's tests. */
export interface KataRunRecord {
  id: string;
  kataId: string;
  sessionId: string | null;
  /** `run`: the Run button; `submit`: the run before a review. */
  trigger: 'run' | 'submit';
  result: KataRunResult;
  /** ISO 8601. */
  createdAt: string;
}

const RunInputSchema = z.object({
  kataId: z.string().min(1),
  sessionId: z.string().min(1).nullable().optional(),
  trigger: z.enum(['run', 'submit']),
  result: KataRunResultSchema,
});

/**
 * Stores a run of a kata's tests (issue 24 item 3: results kept).
 * @throws {StoreError} `INVALID_INPUT`; `NOT_FOUND` for an unknown kata
 */
export function recordKataRun(
  database: PaigeDatabase,
  input: { kataId: string; sessionId?: string | null; trigger: 'run' | 'submit'; result: KataRunResult },
): KataRunRecord {
  const parsed = parseInput(RunInputSchema, input, 'kata run');
  if (!getKata(database, parsed.kataId)) throw new StoreError('NOT_FOUND', `kata ${parsed.kataId} not found`);
  const row = database.db
    .insert(kataRuns)
    .values({
      id: newId(),
      kataId: parsed.kataId,
      sessionId: parsed.sessionId ?? null,
      trigger: parsed.trigger,
      status: parsed.result.status,
      result: parsed.result,
      createdAt: nowIso(database),
    })
    .returning()
    .get();
  return { ...row, result: KataRunResultSchema.parse(row.result) };
}

/** The runs of a kata, newest first (at most `limit`, default 20). */
export function listKataRuns(
  database: PaigeDatabase,
  kataId: string,
  opts: { limit?: number } = {},
): KataRunRecord[] {
  return database.db
    .select()
    .from(kataRuns)
    .where(eq(kataRuns.kataId, kataId))
    .orderBy(desc(kataRuns.createdAt), desc(kataRuns.id))
    .limit(Math.max(1, Math.min(opts.limit ?? 20, 1000)))
    .all()
    .map((row) => ({ ...row, result: KataRunResultSchema.parse(row.result) }));
}

/**
 * Gives an existing kata runnable tests (or removes them with `null`).
 * @throws {StoreError} `INVALID_INPUT`; `NOT_FOUND`
 */
export function setKataTests(database: PaigeDatabase, kataId: string, tests: KataTests | null): KataSpec {
  const parsed = tests === null ? null : parseInput(KataTestsSchema, tests, 'kata tests');
  return inTransaction(database, () => {
    const row = database.db
      .update(kataSpecs)
      .set({ tests: parsed, language: parsed?.language ?? null })
      .where(eq(kataSpecs.id, kataId))
      .returning({ id: kataSpecs.id })
      .get();
    if (!row) throw new StoreError('NOT_FOUND', `kata ${kataId} not found`);
    const kata = getKata(database, kataId);
    if (!kata) throw new StoreError('NOT_FOUND', `kata ${kataId} not found`);
    return kata;
  });
}

/** The questions of a quiz, or the prompt and rubric of an explain-it-back challenge. */
export type ChallengeContent =
  { kind: 'quiz'; questions: QuizQuestion[] } | { kind: 'explain_back'; prompt: string; rubric: string[] };

const ContentSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('quiz'), questions: z.array(QuizQuestionSchema).min(1).max(20) }),
  z.object({
    kind: z.literal('explain_back'),
    prompt: z.string().min(1),
    rubric: z.array(z.string().min(1)).min(1).max(10),
  }),
]);

/** One attempt at a challenge: the answers (quiz) or the explanation and the model's grade (explain_back). */
export const ChallengeAttemptSchema = z.looseObject({
  passed: z.boolean(),
  submittedAt: z.string(),
  answers: z.array(z.number().int().nonnegative()).optional(),
  correct: z.number().int().nonnegative().optional(),
  explanation: z.string().optional(),
  feedback: z.string().optional(),
});
export type ChallengeAttempt = z.infer<typeof ChallengeAttemptSchema>;

/** A quiz or explain-it-back challenge (issue 24 item 5). */
export interface PracticeChallenge {
  id: string;
  knowledgeGapId: string | null;
  title: string;
  topic: string | null;
  content: ChallengeContent;
  attempts: ChallengeAttempt[];
  /** ISO 8601 of the first pass, or null. */
  passedAt: string | null;
  createdAt: string;
}

type ChallengeRow = typeof practiceChallenges.$inferSelect;
function toChallenge(row: ChallengeRow): PracticeChallenge {
  return {
    id: row.id,
    knowledgeGapId: row.knowledgeGapId,
    title: row.title,
    topic: row.topic,
    content: ContentSchema.parse({ ...row.content, kind: row.kind }),
    attempts: z.array(ChallengeAttemptSchema).parse(row.attempts),
    passedAt: row.passedAt,
    createdAt: row.createdAt,
  };
}

const ChallengeInputSchema = z.object({
  knowledgeGapId: z.string().min(1).nullable(),
  title: z.string().min(1),
  topic: z.string().nullable(),
  content: ContentSchema,
});

/**
 * Stores a quiz or explain-it-back challenge.
 * @throws {StoreError} `INVALID_INPUT`; `SQLITE_CONSTRAINT_FOREIGNKEY` for an unknown gap
 */
export function createChallenge(
  database: PaigeDatabase,
  input: { knowledgeGapId: string | null; title: string; topic: string | null; content: ChallengeContent },
): PracticeChallenge {
  const parsed = parseInput(ChallengeInputSchema, input, 'challenge');
  const { kind, ...content } = parsed.content;
  const row = database.db
    .insert(practiceChallenges)
    .values({
      id: newId(),
      knowledgeGapId: parsed.knowledgeGapId,
      kind,
      title: parsed.title,
      topic: parsed.topic,
      content,
      attempts: [],
      createdAt: nowIso(database),
    })
    .returning()
    .get();
  return toChallenge(row);
}

/** A challenge by id, or `null`. */
export function getChallenge(database: PaigeDatabase, id: string): PracticeChallenge | null {
  const row = database.db.select().from(practiceChallenges).where(eq(practiceChallenges.id, id)).get();
  return row ? toChallenge(row) : null;
}

/** Challenges, newest first, optionally of one gap or kind. */
export function listChallenges(
  database: PaigeDatabase,
  filter: { knowledgeGapId?: string; kind?: 'quiz' | 'explain_back' } = {},
): PracticeChallenge[] {
  const where = and(
    filter.knowledgeGapId === undefined
      ? undefined
      : eq(practiceChallenges.knowledgeGapId, filter.knowledgeGapId),
    filter.kind === undefined ? undefined : eq(practiceChallenges.kind, filter.kind),
  );
  return database.db
    .select()
    .from(practiceChallenges)
    .where(where)
    .orderBy(desc(practiceChallenges.createdAt))
    .all()
    .map(toChallenge);
}

/**
 * Appends an attempt; the first passing attempt sets `passedAt`. Returns the challenge and whether this attempt was
 * the first pass (so a caller marks the gap addressed once).
 * @throws {StoreError} `INVALID_INPUT`; `NOT_FOUND`
 */
export function appendChallengeAttempt(
  database: PaigeDatabase,
  id: string,
  attempt: ChallengeAttempt,
): { challenge: PracticeChallenge; firstPass: boolean } {
  const parsed = parseInput(ChallengeAttemptSchema, attempt, 'challenge attempt');
  return inTransaction(database, () => {
    const current = getChallenge(database, id);
    if (!current) throw new StoreError('NOT_FOUND', `challenge ${id} not found`);
    const firstPass = parsed.passed && current.passedAt === null;
    const row = database.db
      .update(practiceChallenges)
      .set({
        attempts: [...current.attempts, parsed],
        passedAt: firstPass ? nowIso(database) : current.passedAt,
      })
      .where(eq(practiceChallenges.id, id))
      .returning()
      .get();
    if (!row) throw new StoreError('NOT_FOUND', `challenge ${id} not found`);
    return { challenge: toChallenge(row), firstPass };
  });
}
