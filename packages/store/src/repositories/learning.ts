/** Dreyfus assessments, knowledge gaps, katas (Story 2 AS-6..AS-9; Story 9 wrap-up; Story 12 dashboard). */
import { DreyfusStageSchema, KataTestsSchema, SeveritySchema } from '@paige/protocol';
import type { DreyfusStage, KataLanguage, KataTests, Severity } from '@paige/protocol';
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { PaigeDatabase } from '../database.js';
import { StoreError } from '../errors.js';
import { JsonObjectSchema, KataAttemptSchema, KataConstraintSchema, StringListSchema } from '../json.js';
import type { KataAttempt, KataConstraint } from '../json.js';
import { dreyfusAssessments, kataSpecs, knowledgeGaps, learningMaterials } from '../schema/index.js';
import { enqueueTeamRecord } from '../team-outbox.js';
import { inTransaction, newId, nowIso, parseInput } from '../util.js';

/** A global Dreyfus assessment for one skill area (no session FK). */
export interface DreyfusAssessment {
  id: string;
  skillArea: string;
  stage: DreyfusStage;
  /** 0..1 */
  confidence: number;
  evidence: string;
  assessedAt: string;
}

const DreyfusInputSchema = z.object({
  skillArea: z.string().min(1),
  stage: DreyfusStageSchema,
  confidence: z.number().min(0).max(1),
  evidence: z.string(),
});

/**
 * Inserts or overwrites the assessment of `skillArea` (UNIQUE), with `assessed_at` now. The row keeps its id.
 * @see Story 2 AS-6, EC-09
 * @throws {StoreError} `INVALID_INPUT`
 */
export function upsertDreyfusAssessment(
  database: PaigeDatabase,
  input: { skillArea: string; stage: DreyfusStage; confidence: number; evidence: string },
): DreyfusAssessment {
  const parsed = parseInput(DreyfusInputSchema, input, 'Dreyfus assessment');
  const assessedAt = nowIso(database);
  return inTransaction(database, () => {
    const row = database.db
      .insert(dreyfusAssessments)
      .values({ id: newId(), ...parsed, assessedAt })
      .onConflictDoUpdate({
        target: dreyfusAssessments.skillArea,
        set: { stage: parsed.stage, confidence: parsed.confidence, evidence: parsed.evidence, assessedAt },
      })
      .returning()
      .get();
    // issue 26: shared with a joined team (never the evidence text)
    enqueueTeamRecord(database, 'dreyfus_stage', {
      skillArea: row.skillArea,
      stage: row.stage,
      confidence: row.confidence,
      assessedAt,
    });
    return row;
  });
}

/** Every Dreyfus assessment, by skill area. @see Story 2 AS-6; Story 12 dashboard */
export function listDreyfusAssessments(database: PaigeDatabase): DreyfusAssessment[] {
  return database.db.select().from(dreyfusAssessments).orderBy(asc(dreyfusAssessments.skillArea)).all();
}

/** A knowledge gap found by a wrap-up. */
export interface KnowledgeGap {
  id: string;
  sessionId: string | null;
  topic: string;
  severity: Severity;
  evidence: string;
  relatedConcepts: string[];
  frequency: number;
  lastEncounteredAt: string;
  addressed: boolean;
  /** When it was marked addressed (ISO 8601), `null` while open. */
  addressedAt: string | null;
}

const KnowledgeGapInputSchema = z.object({
  sessionId: z.string().min(1).nullable(),
  topic: z.string().min(1),
  severity: SeveritySchema,
  evidence: z.string(),
  relatedConcepts: StringListSchema.optional(),
  frequency: z.number().int().positive().optional(),
});

type GapRow = typeof knowledgeGaps.$inferSelect;
function toGap(row: GapRow): KnowledgeGap {
  return { ...row, relatedConcepts: StringListSchema.parse(row.relatedConcepts) };
}

/**
 * Records a knowledge gap with `last_encountered_at` now.
 * @see Story 2 AS-7
 * @throws {StoreError} `INVALID_INPUT`; `SQLITE_CONSTRAINT_FOREIGNKEY` for an unknown session
 */
export function recordKnowledgeGap(
  database: PaigeDatabase,
  input: {
    sessionId: string | null;
    topic: string;
    severity: Severity;
    evidence: string;
    relatedConcepts?: string[];
    frequency?: number;
  },
): KnowledgeGap {
  const parsed = parseInput(KnowledgeGapInputSchema, input, 'knowledge gap');
  return inTransaction(database, () => {
    const row = database.db
      .insert(knowledgeGaps)
      .values({
        id: newId(),
        sessionId: parsed.sessionId,
        topic: parsed.topic,
        severity: parsed.severity,
        evidence: parsed.evidence,
        relatedConcepts: parsed.relatedConcepts ?? [],
        frequency: parsed.frequency ?? 1,
        lastEncounteredAt: nowIso(database),
        addressed: false,
        addressedAt: null,
      })
      .returning()
      .get();
    const gap = toGap(row);
    enqueueGap(database, gap); // issue 26: shared with a joined team, same transaction
    return gap;
  });
}

/** Queues a gap's shared fields (topic, severity, addressed; never the evidence) for a joined team. */
function enqueueGap(database: PaigeDatabase, gap: KnowledgeGap): void {
  enqueueTeamRecord(database, 'knowledge_gap', {
    gapId: gap.id,
    topic: gap.topic,
    severity: gap.severity,
    addressed: gap.addressed,
    identifiedAt: gap.lastEncounteredAt,
    addressedAt: gap.addressedAt,
    sessionId: gap.sessionId,
  });
}

/** A knowledge gap by id, or `null`. */
export function getKnowledgeGap(database: PaigeDatabase, gapId: string): KnowledgeGap | null {
  const row = database.db.select().from(knowledgeGaps).where(eq(knowledgeGaps.id, gapId)).get();
  return row ? toGap(row) : null;
}

/** Filters of {@link listKnowledgeGaps}; all optional and combined with AND. */
export interface KnowledgeGapFilter {
  sessionId?: string;
  addressed?: boolean;
  severity?: Severity;
}

/**
 * Knowledge gaps of one session or of all sessions, filtered, most recently encountered first.
 * @see Story 2 AS-7; Story 12 learning materials (`addressed: false`)
 */
export function listKnowledgeGaps(database: PaigeDatabase, filter: KnowledgeGapFilter = {}): KnowledgeGap[] {
  const conditions: SQL[] = [];
  if (filter.sessionId !== undefined) conditions.push(eq(knowledgeGaps.sessionId, filter.sessionId));
  if (filter.addressed !== undefined) conditions.push(eq(knowledgeGaps.addressed, filter.addressed));
  if (filter.severity !== undefined) conditions.push(eq(knowledgeGaps.severity, filter.severity));
  return database.db
    .select()
    .from(knowledgeGaps)
    .where(conditions.length > 0 ? and(...conditions) : undefined)
    .orderBy(desc(knowledgeGaps.lastEncounteredAt))
    .all()
    .map(toGap);
}

/**
 * Marks a gap addressed (or open again). Marking an open gap addressed stamps `addressed_at` with now; marking an
 * addressed gap addressed again keeps its first time; reopening clears it.
 * @throws {StoreError} `NOT_FOUND`
 */
export function setKnowledgeGapAddressed(
  database: PaigeDatabase,
  gapId: string,
  addressed: boolean,
): KnowledgeGap {
  return markKnowledgeGapAddressed(database, gapId, addressed).gap;
}

/**
 * Like {@link setKnowledgeGapAddressed}, also telling whether the state changed (so a caller logs the transition
 * once).
 * @see issue 20 item 1: a gap is addressed when a kata built for it is passed or a later wrap-up judges it addressed
 * @throws {StoreError} `NOT_FOUND`
 */
export function markKnowledgeGapAddressed(
  database: PaigeDatabase,
  gapId: string,
  addressed = true,
): { gap: KnowledgeGap; changed: boolean } {
  return inTransaction(database, () => {
    const current = getKnowledgeGap(database, gapId);
    if (!current) throw new StoreError('NOT_FOUND', `knowledge gap ${gapId} not found`);
    if (current.addressed === addressed) return { gap: current, changed: false };
    const row = database.db
      .update(knowledgeGaps)
      .set({ addressed, addressedAt: addressed ? nowIso(database) : null })
      .where(eq(knowledgeGaps.id, gapId))
      .returning()
      .get();
    if (!row) throw new StoreError('NOT_FOUND', `knowledge gap ${gapId} not found`);
    const gap = toGap(row);
    enqueueGap(database, gap); // issue 26
    return { gap, changed: true };
  });
}

/** Cached learning materials of one gap (see {@link putLearningMaterials}). */
export interface CachedLearningMaterials {
  knowledgeGapId: string;
  /** The recommendation as stored (JSON object). */
  materials: Record<string, unknown>;
  /** ISO 8601. */
  createdAt: string;
}

/**
 * The cached learning materials of these gaps stored at or after `since` (ISO 8601; omit for any age), keyed by
 * gap id. Gaps without a fresh entry are absent.
 * @see issue 20 item 1 (learning materials cached per gap)
 */
export function getLearningMaterials(
  database: PaigeDatabase,
  gapIds: readonly string[],
  options: { since?: string } = {},
): Map<string, CachedLearningMaterials> {
  const out = new Map<string, CachedLearningMaterials>();
  if (gapIds.length === 0) return out;
  const rows = database.db
    .select()
    .from(learningMaterials)
    .where(inArray(learningMaterials.knowledgeGapId, [...gapIds]))
    .all();
  for (const row of rows) {
    if (options.since !== undefined && row.createdAt < options.since) continue;
    out.set(row.knowledgeGapId, {
      knowledgeGapId: row.knowledgeGapId,
      materials: row.materials,
      createdAt: row.createdAt,
    });
  }
  return out;
}

/**
 * Stores (or replaces) the learning materials of one gap with `created_at` now.
 * @throws {StoreError} `INVALID_INPUT` when `materials` is not a JSON object; `SQLITE_CONSTRAINT_FOREIGNKEY` for an
 *   unknown gap
 */
export function putLearningMaterials(
  database: PaigeDatabase,
  gapId: string,
  materials: Record<string, unknown>,
): CachedLearningMaterials {
  const parsed = parseInput(JsonObjectSchema, materials, 'learning materials');
  const createdAt = nowIso(database);
  database.db
    .insert(learningMaterials)
    .values({ knowledgeGapId: gapId, materials: parsed, createdAt })
    .onConflictDoUpdate({ target: learningMaterials.knowledgeGapId, set: { materials: parsed, createdAt } })
    .run();
  return { knowledgeGapId: gapId, materials: parsed, createdAt };
}

/** A practice kata generated for a knowledge gap. */
export interface KataSpec {
  id: string;
  knowledgeGapId: string;
  title: string;
  description: string;
  scaffoldingCode: string;
  instructorNotes: string;
  constraints: KataConstraint[];
  userAttempts: KataAttempt[];
  createdAt: string;
  /** The language of the runnable tests, or null (issue 24). */
  language: KataLanguage | null;
  /** The runnable tests, or null for a kata stored with its tests in words only (issue 24 item 1). */
  tests: KataTests | null;
}

const KataInputSchema = z.object({
  knowledgeGapId: z.string().min(1),
  title: z.string().min(1),
  description: z.string(),
  scaffoldingCode: z.string(),
  instructorNotes: z.string(),
  constraints: z.array(KataConstraintSchema).optional(),
  tests: KataTestsSchema.nullable().optional(),
});

type KataRow = typeof kataSpecs.$inferSelect;
function toKata(row: KataRow): KataSpec {
  const tests = row.tests === null ? null : KataTestsSchema.safeParse(row.tests);
  return {
    ...row,
    constraints: z.array(KataConstraintSchema).parse(row.constraints),
    userAttempts: z.array(KataAttemptSchema).parse(row.userAttempts),
    // Tests that no longer validate are treated as none: the kata still loads and says it has no runnable tests.
    tests: tests?.success ? tests.data : null,
    language: tests?.success ? tests.data.language : null,
  };
}

/**
 * Creates a kata with an empty `user_attempts` array.
 * @see Story 2 AS-8
 * @throws {StoreError} `INVALID_INPUT`; `SQLITE_CONSTRAINT_FOREIGNKEY` for an unknown gap
 */
export function createKata(
  database: PaigeDatabase,
  input: {
    knowledgeGapId: string;
    title: string;
    description: string;
    scaffoldingCode: string;
    instructorNotes: string;
    constraints?: KataConstraint[];
    /** Runnable tests (issue 24 item 1); omitted or null: tests in words only. */
    tests?: KataTests | null;
  },
): KataSpec {
  const parsed = parseInput(KataInputSchema, input, 'kata');
  const tests = parsed.tests ?? null;
  const row = database.db
    .insert(kataSpecs)
    .values({
      id: newId(),
      ...parsed,
      constraints: parsed.constraints ?? [],
      userAttempts: [],
      createdAt: nowIso(database),
      tests,
      language: tests?.language ?? null,
    })
    .returning()
    .get();
  return toKata(row);
}

/** A kata by id, or `null`. */
export function getKata(database: PaigeDatabase, kataId: string): KataSpec | null {
  const row = database.db.select().from(kataSpecs).where(eq(kataSpecs.id, kataId)).get();
  return row ? toKata(row) : null;
}

/** Katas, newest first, optionally of one knowledge gap. */
export function listKatas(database: PaigeDatabase, filter: { knowledgeGapId?: string } = {}): KataSpec[] {
  return database.db
    .select()
    .from(kataSpecs)
    .where(
      filter.knowledgeGapId === undefined ? undefined : eq(kataSpecs.knowledgeGapId, filter.knowledgeGapId),
    )
    .orderBy(desc(kataSpecs.createdAt))
    .all()
    .map(toKata);
}

/**
 * Appends an attempt to `user_attempts` in a transaction (read, validate, write), keeping earlier attempts.
 * @see Story 2 AS-9
 * @throws {StoreError} `NOT_FOUND`, `INVALID_INPUT`
 */
export function appendKataAttempt(database: PaigeDatabase, kataId: string, attempt: KataAttempt): KataSpec {
  const parsed = parseInput(KataAttemptSchema, attempt, 'kata attempt');
  return inTransaction(database, () => {
    const kata = getKata(database, kataId);
    if (!kata) throw new StoreError('NOT_FOUND', `kata ${kataId} not found`);
    const userAttempts = [...kata.userAttempts, parsed];
    const row = database.db
      .update(kataSpecs)
      .set({ userAttempts })
      .where(eq(kataSpecs.id, kataId))
      .returning()
      .get();
    if (!row) throw new StoreError('NOT_FOUND', `kata ${kataId} not found`);
    if (parsed.passed !== undefined || parsed.level !== undefined) {
      // issue 26: a reviewed attempt is shared with a joined team (title, passed, level; never the code)
      enqueueTeamRecord(database, 'practice_result', {
        kataId,
        title: row.title,
        passed: parsed.passed ?? parsed.correct ?? false,
        level: parsed.level ?? null,
        testsPassed: null,
        testsTotal: null,
        attemptedAt: nowIso(database),
      });
    }
    return toKata(row);
  });
}

/** The best `level` over the attempts, or `null` when none has a level. @see Story 2 "Practice Mode Flow" */
export function maxKataLevel(kata: Pick<KataSpec, 'userAttempts'>): number | null {
  let best: number | null = null;
  for (const attempt of kata.userAttempts) {
    if (attempt.level !== undefined && (best === null || attempt.level > best)) best = attempt.level;
  }
  return best;
}

/**
 * The kata's best level (see {@link maxKataLevel}).
 * @throws {StoreError} `NOT_FOUND`
 */
export function getKataMaxLevel(database: PaigeDatabase, kataId: string): number | null {
  const kata = getKata(database, kataId);
  if (!kata) throw new StoreError('NOT_FOUND', `kata ${kataId} not found`);
  return maxKataLevel(kata);
}

/**
 * Constraints unlocked at the user's best level: `minLevel <= maxLevel` (none before any levelled attempt).
 * @see Story 2 "Practice Mode Flow"
 * @throws {StoreError} `NOT_FOUND`
 */
export function getUnlockedConstraints(database: PaigeDatabase, kataId: string): KataConstraint[] {
  const kata = getKata(database, kataId);
  if (!kata) throw new StoreError('NOT_FOUND', `kata ${kataId} not found`);
  const level = maxKataLevel(kata) ?? 0;
  return kata.constraints.filter((c) => c.minLevel <= level);
}
