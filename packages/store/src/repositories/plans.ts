/** Plans, phases, hints and progress events (Story 2 AS-4, AS-5, AS-10; Story 6 phase lifecycle; Story 9). */
import {
  FileHintStyleSchema,
  HighlightStyleSchema,
  HintLevelSchema,
  PhaseStatusSchema,
} from '@paige/protocol';
import type { FileHintStyle, HighlightStyle, HintLevel, HintType, PhaseStatus } from '@paige/protocol';
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { PaigeDatabase } from '../database.js';
import { PhaseTransitionError, StoreError } from '../errors.js';
import { JsonObjectSchema, StringListSchema } from '../json.js';
import type { JsonObject } from '../json.js';
import { phaseHints, phases, plans, progressEvents } from '../schema/index.js';
import { inTransaction, newId, nowIso, parseInput } from '../util.js';

/** A file glow hint (`explorer:hint_files`). */
export interface FileHint {
  id: string;
  phaseId: string;
  type: 'file';
  path: string;
  style: FileHintStyle;
  hoverText: string | null;
}

/** A line-range hint (`editor:highlight_lines`); lines are 1-based and inclusive. */
export interface LineHint {
  id: string;
  phaseId: string;
  type: 'line';
  path: string;
  lineStart: number;
  lineEnd: number;
  style: HighlightStyle;
  hoverText: string | null;
}

/** A stored phase hint. */
export type PhaseHint = FileHint | LineHint;

/** A plan phase. */
export interface Phase {
  id: string;
  planId: string;
  number: number;
  title: string;
  description: string;
  status: PhaseStatus;
  hintLevel: HintLevel | null;
  expectedFiles: string[];
  startedAt: string | null;
  completedAt: string | null;
}

/** A phase with its hints. */
export interface PhaseWithHints extends Phase {
  hints: PhaseHint[];
}

/** A coaching plan (one version per coaching pipeline run). */
export interface Plan {
  id: string;
  sessionId: string;
  title: string | null;
  summary: string | null;
  rawPlanText: string | null;
  memoryConnection: string | null;
  estimatedDifficulty: string | null;
  isActive: boolean;
  createdAt: string;
}

/** A plan with its phases (ordered by number) and their hints. */
export interface PlanWithPhases extends Plan {
  phases: PhaseWithHints[];
}

const HintInputSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('file'),
    path: z.string().min(1),
    style: FileHintStyleSchema,
    hoverText: z.string().nullish(),
  }),
  z
    .object({
      type: z.literal('line'),
      path: z.string().min(1),
      lineStart: z.number().int().positive(),
      lineEnd: z.number().int().positive(),
      style: HighlightStyleSchema,
      hoverText: z.string().nullish(),
    })
    .refine((h) => h.lineEnd >= h.lineStart, { message: 'lineEnd must be >= lineStart', path: ['lineEnd'] }),
]);

/** A hint to store with a new phase. */
export type PhaseHintInput = z.input<typeof HintInputSchema>;

const PhaseInputSchema = z.object({
  number: z.number().int().positive(),
  title: z.string(),
  description: z.string(),
  hintLevel: HintLevelSchema.nullish(),
  expectedFiles: StringListSchema.optional(),
  hints: z.array(HintInputSchema).optional(),
});

/** A phase to store with a new plan. */
export type PhaseInput = z.input<typeof PhaseInputSchema>;

const CreatePlanSchema = z.object({
  sessionId: z.string().min(1),
  title: z.string().nullish(),
  summary: z.string().nullish(),
  rawPlanText: z.string().nullish(),
  memoryConnection: z.string().nullish(),
  estimatedDifficulty: z.string().nullish(),
  phases: z
    .array(PhaseInputSchema)
    .refine((list) => new Set(list.map((p) => p.number)).size === list.length, {
      message: 'phase numbers must be unique',
    }),
});

/** Input of {@link createPlan}. */
export type CreatePlanInput = z.input<typeof CreatePlanSchema>;

type PhaseRow = typeof phases.$inferSelect;
type HintRow = typeof phaseHints.$inferSelect;

function toPhase(row: PhaseRow): Phase {
  return { ...row, expectedFiles: StringListSchema.parse(row.expectedFiles) };
}

function toHint(row: HintRow): PhaseHint {
  if (row.type === 'file') {
    return {
      id: row.id,
      phaseId: row.phaseId,
      type: 'file',
      path: row.path,
      style: FileHintStyleSchema.parse(row.style),
      hoverText: row.hoverText,
    };
  }
  return {
    id: row.id,
    phaseId: row.phaseId,
    type: 'line',
    path: row.path,
    lineStart: row.startLine ?? 1,
    lineEnd: row.endLine ?? row.startLine ?? 1,
    style: HighlightStyleSchema.parse(row.style),
    hoverText: row.hoverText,
  };
}

/**
 * Stores a plan with its phases (status `pending`) and hints in ONE transaction, first marking the
 * session's previous active plan `is_active = false`. Any failure leaves no plan, phase or hint and the
 * previous plan active.
 * @see Story 2 AS-4, AS-5; primary Story 9 AS-1; discovery Scenario 9.8
 * @throws {StoreError} `INVALID_INPUT`; a SQLite error (e.g. `SQLITE_CONSTRAINT_FOREIGNKEY` for an unknown session)
 */
export function createPlan(database: PaigeDatabase, input: CreatePlanInput): PlanWithPhases {
  const parsed = parseInput(CreatePlanSchema, input, 'plan');
  const createdAt = nowIso(database);
  const planId = newId();
  inTransaction(database, () => {
    database.db
      .update(plans)
      .set({ isActive: false })
      .where(and(eq(plans.sessionId, parsed.sessionId), eq(plans.isActive, true)))
      .run();
    database.db
      .insert(plans)
      .values({
        id: planId,
        sessionId: parsed.sessionId,
        title: parsed.title ?? null,
        summary: parsed.summary ?? null,
        rawPlanText: parsed.rawPlanText ?? null,
        memoryConnection: parsed.memoryConnection ?? null,
        estimatedDifficulty: parsed.estimatedDifficulty ?? null,
        isActive: true,
        createdAt,
      })
      .run();
    for (const phase of parsed.phases) {
      const phaseId = newId();
      database.db
        .insert(phases)
        .values({
          id: phaseId,
          planId,
          number: phase.number,
          title: phase.title,
          description: phase.description,
          status: 'pending',
          hintLevel: phase.hintLevel ?? null,
          expectedFiles: phase.expectedFiles ?? [],
        })
        .run();
      for (const hint of phase.hints ?? []) {
        database.db
          .insert(phaseHints)
          .values({
            id: newId(),
            phaseId,
            type: hint.type,
            path: hint.path,
            startLine: hint.type === 'line' ? hint.lineStart : null,
            endLine: hint.type === 'line' ? hint.lineEnd : null,
            style: hint.style,
            hoverText: hint.hoverText ?? null,
          })
          .run();
      }
    }
  });
  const plan = getPlan(database, planId);
  if (!plan) throw new StoreError('NOT_FOUND', `plan ${planId} vanished after creation`);
  return plan;
}

/** A plan by id with its phases and hints, or `null`. @see Story 2 AS-4 */
export function getPlan(database: PaigeDatabase, planId: string): PlanWithPhases | null {
  const plan = database.db.select().from(plans).where(eq(plans.id, planId)).get();
  if (!plan) return null;
  const phaseRows = database.db
    .select()
    .from(phases)
    .where(eq(phases.planId, planId))
    .orderBy(asc(phases.number))
    .all();
  const hintRows = database.db
    .select({ hint: phaseHints })
    .from(phaseHints)
    .innerJoin(phases, eq(phaseHints.phaseId, phases.id))
    .where(eq(phases.planId, planId))
    .orderBy(sql`${phaseHints}.rowid`)
    .all();
  const byPhase = new Map<string, PhaseHint[]>();
  for (const { hint } of hintRows) {
    const list = byPhase.get(hint.phaseId) ?? [];
    list.push(toHint(hint));
    byPhase.set(hint.phaseId, list);
  }
  return {
    ...plan,
    phases: phaseRows.map((row) => ({ ...toPhase(row), hints: byPhase.get(row.id) ?? [] })),
  };
}

/** The session's active plan with phases and hints, or `null`. @see primary Story 9 AS-1 */
export function getActivePlan(database: PaigeDatabase, sessionId: string): PlanWithPhases | null {
  const row = database.db
    .select({ id: plans.id })
    .from(plans)
    .where(and(eq(plans.sessionId, sessionId), eq(plans.isActive, true)))
    .get();
  return row ? getPlan(database, row.id) : null;
}

/** Every plan version of a session, newest first, without phases. */
export function listPlans(database: PaigeDatabase, sessionId: string): Plan[] {
  return database.db
    .select()
    .from(plans)
    .where(eq(plans.sessionId, sessionId))
    .orderBy(desc(plans.createdAt), desc(sql`${plans}.rowid`))
    .all();
}

/** A phase by id (with its parent plan id), or `null`. @see Story 2 AS-4 */
export function getPhase(database: PaigeDatabase, phaseId: string): Phase | null {
  const row = database.db.select().from(phases).where(eq(phases.id, phaseId)).get();
  return row ? toPhase(row) : null;
}

/** Input of {@link updatePhaseStatus}: the phase by number in a plan, or in the session's active plan. */
export type UpdatePhaseStatusInput = ({ planId: string } | { sessionId: string }) & {
  phaseNumber: number;
  status: PhaseStatus;
};

/** Result of {@link updatePhaseStatus}: the phase after the call and whether anything was written. */
export interface UpdatePhaseStatusResult {
  phase: Phase;
  changed: boolean;
}

/**
 * Moves a phase through `pending -> active -> complete` (sets `started_at` / `completed_at` now).
 * Setting the status the phase already has is a successful no-op (`changed: false`, EC-32). Only one phase
 * per plan may be `active`; no skipping (`pending -> complete`), no going back, no re-activation.
 * Runs in a transaction and writes nothing when it throws.
 * @see Story 6 "Phase Status Lifecycle", EC-32
 * @throws {PhaseTransitionError} `NO_ACTIVE_PLAN`, `PHASE_NOT_FOUND`, `ILLEGAL_PHASE_TRANSITION`
 * @throws {StoreError} `INVALID_INPUT` for an unknown status
 */
export function updatePhaseStatus(
  database: PaigeDatabase,
  input: UpdatePhaseStatusInput,
): UpdatePhaseStatusResult {
  const target = parseInput(PhaseStatusSchema, input.status, 'phase status');
  return inTransaction(database, () => {
    let planId: string;
    if ('planId' in input) {
      planId = input.planId;
    } else {
      const plan = database.db
        .select({ id: plans.id })
        .from(plans)
        .where(and(eq(plans.sessionId, input.sessionId), eq(plans.isActive, true)))
        .get();
      if (!plan)
        throw new PhaseTransitionError('NO_ACTIVE_PLAN', `session ${input.sessionId} has no active plan`);
      planId = plan.id;
    }
    const row = database.db
      .select()
      .from(phases)
      .where(and(eq(phases.planId, planId), eq(phases.number, input.phaseNumber)))
      .get();
    if (!row)
      throw new PhaseTransitionError(
        'PHASE_NOT_FOUND',
        `phase ${input.phaseNumber} not found in plan ${planId}`,
      );
    const current = row.status;
    if (current === target) return { phase: toPhase(row), changed: false };

    const at = nowIso(database);
    if (current === 'pending' && target === 'active') {
      const other = database.db
        .select({ number: phases.number })
        .from(phases)
        .where(and(eq(phases.planId, planId), eq(phases.status, 'active')))
        .get();
      if (other) {
        throw new PhaseTransitionError(
          'ILLEGAL_PHASE_TRANSITION',
          `phase ${other.number} is already active; complete it before activating phase ${input.phaseNumber}`,
        );
      }
      const updated = database.db
        .update(phases)
        .set({ status: 'active', startedAt: at })
        .where(eq(phases.id, row.id))
        .returning()
        .get();
      return { phase: toPhase(updated ?? row), changed: true };
    }
    if (current === 'active' && target === 'complete') {
      const updated = database.db
        .update(phases)
        .set({ status: 'complete', completedAt: at })
        .where(eq(phases.id, row.id))
        .returning()
        .get();
      return { phase: toPhase(updated ?? row), changed: true };
    }
    const why =
      current === 'pending'
        ? 'a phase must be active before it is complete (no skipping)'
        : current === 'complete'
          ? 'a completed phase cannot be re-activated or reset'
          : 'an active phase can only move to complete';
    throw new PhaseTransitionError(
      'ILLEGAL_PHASE_TRANSITION',
      `phase ${input.phaseNumber}: ${current} -> ${target} is not allowed; ${why}`,
    );
  });
}

/**
 * Hints of a phase in insertion order, optionally only `file` or only `line` hints.
 * @see Story 2 AS-5
 */
export function listPhaseHints(
  database: PaigeDatabase,
  phaseId: string,
  options: { type?: HintType } = {},
): PhaseHint[] {
  const where =
    options.type === undefined
      ? eq(phaseHints.phaseId, phaseId)
      : and(eq(phaseHints.phaseId, phaseId), eq(phaseHints.type, options.type));
  return database.db
    .select()
    .from(phaseHints)
    .where(where)
    .orderBy(sql`${phaseHints}.rowid`)
    .all()
    .map(toHint);
}

/** A progress event of a phase (e.g. `hint_used`, `hint_escalated`, `review_requested`, `review_passed`). */
export interface ProgressEvent {
  id: string;
  phaseId: string;
  eventType: string;
  data: JsonObject | null;
  createdAt: string;
}

/**
 * Records a progress event on a phase with `created_at` now.
 * @see Story 2 AS-10
 * @throws {StoreError} `INVALID_INPUT`; `SQLITE_CONSTRAINT_FOREIGNKEY` for an unknown phase (EC-08)
 */
export function addProgressEvent(
  database: PaigeDatabase,
  input: { phaseId: string; eventType: string; data?: JsonObject | null },
): ProgressEvent {
  const eventType = parseInput(z.string().min(1), input.eventType, 'event type');
  const data = input.data == null ? null : parseInput(JsonObjectSchema, input.data, 'progress event data');
  const row = database.db
    .insert(progressEvents)
    .values({ id: newId(), phaseId: input.phaseId, eventType, data, createdAt: nowIso(database) })
    .returning()
    .get();
  return { ...row, data: row.data ?? null };
}

/** Progress events of a phase in chronological order (ties in insertion order). @see Story 2 AS-10 */
export function listProgressEvents(database: PaigeDatabase, phaseId: string): ProgressEvent[] {
  return database.db
    .select()
    .from(progressEvents)
    .where(eq(progressEvents.phaseId, phaseId))
    .orderBy(asc(progressEvents.createdAt), asc(sql`${progressEvents}.rowid`))
    .all()
    .map((row) => ({ ...row, data: row.data ?? null }));
}
