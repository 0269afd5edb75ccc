/**
 * Explain This, Review My Work and Practice Mode (Story 11; primary Story 11 and issue 10 settle the
 * practice message names: `practice:submit_solution` -> `practice:solution_review` | `review:error`).
 */
import { z } from 'zod';
import {
  ErrorMessageSchema,
  IdSchema,
  IsoTimestampSchema,
  KataLevelSchema,
  LIMITS,
  LabelSchema,
  ProseSchema,
  RangeSchema,
  RelativePathSchema,
  CountSchema,
} from '../common.js';
import { WsErrorCodeSchema } from '../envelope.js';
import { LanguageIdSchema } from './files.js';
import { HintLevelSchema } from '../enums.js';
import { KataRunResultSchema, KataTestsSchema } from './practice-run.js';

/** Text bounded at 100 KiB (selected text, context, explanations). */
const TextSchema = z.string().max(LIMITS.text);

/** A kata constraint (Story 2 `kata_specs.constraints`): unlocked when the user's best level >= `minLevel`. */
export const KataConstraintSchema = z.object({
  title: LabelSchema,
  description: ProseSchema,
  minLevel: KataLevelSchema,
});
export type KataConstraint = z.infer<typeof KataConstraintSchema>;

/** Whether the learner may practise with a constraint yet. */
export const ConstraintStateSchema = z.enum(['unlocked', 'locked']);
export type ConstraintState = z.infer<typeof ConstraintStateSchema>;

/**
 * A kata constraint with its unlock state (issue 18, practice view): `locked` until the learner's best level on
 * the kata reaches `minLevel`, the level that unlocks it.
 */
export const KataConstraintStatusSchema = KataConstraintSchema.extend({ state: ConstraintStateSchema });
export type KataConstraintStatus = z.infer<typeof KataConstraintStatusSchema>;

/** The reviewer's suggested next step (brainstorm call 7 `follow_up`). */
export const ReviewFollowUpSchema = z.object({
  type: z.enum(['constraint_escalation', 'retry_hint', 'completed']),
  /** The harder constraint to try next, for `constraint_escalation`. */
  constraint: ProseSchema.optional(),
  /** Why this step. */
  reason: ProseSchema.optional(),
});
export type ReviewFollowUp = z.infer<typeof ReviewFollowUpSchema>;

/** The reviewer's read of the learner's trajectory on the kata's topic (brainstorm call 7 `dreyfus_signal`). */
export const DreyfusSignalSchema = z.enum(['advancing', 'stable', 'struggling']);
export type DreyfusSignal = z.infer<typeof DreyfusSignalSchema>;

/**
 * One previous attempt as the practice view lists it, oldest first: the code, the review (already shown once),
 * the level and result, and the titles of the constraints it was made with. `submittedAt` is absent for attempts
 * stored before it was recorded.
 */
export const KataAttemptSummarySchema = z.object({
  number: z.number().int().positive(),
  code: z.string().max(LIMITS.code),
  review: TextSchema.nullable(),
  level: KataLevelSchema.nullable(),
  passed: z.boolean().nullable(),
  constraints: z.array(LabelSchema).max(100),
  submittedAt: IsoTimestampSchema.optional(),
  /** The test run the attempt was submitted with (issue 24 item 4); absent or null before runnable tests. */
  run: KataRunResultSchema.nullable().optional(),
});
export type KataAttemptSummary = z.infer<typeof KataAttemptSummarySchema>;

/** A kata as the practice view shows it (Story 2 `kata_specs`, without instructor notes). */
export const KataSchema = z.object({
  id: IdSchema,
  title: LabelSchema,
  description: ProseSchema,
  scaffoldingCode: z.string().max(LIMITS.code),
  topic: LabelSchema.nullable(),
  attemptsCount: CountSchema,
  bestLevel: KataLevelSchema.nullable(),
  /**
   * The kata's runnable tests (issue 24 item 1), shown to the learner as the specification; `null` for a kata stored
   * with its tests in words only (it says it has no runnable tests). Optional in the schema (added later).
   */
  tests: KataTestsSchema.nullable().optional(),
});
export type Kata = z.infer<typeof KataSchema>;

/** A line a review refers to (issue 23 item 2): the page shows `note` and opens `path` at `startLine`. */
export const ReviewReferenceSchema = z
  .object({
    path: RelativePathSchema,
    startLine: z.number().int().positive(),
    endLine: z.number().int().positive().optional(),
    note: ProseSchema,
  })
  .refine((r) => r.endLine === undefined || r.endLine >= r.startLine, {
    message: 'endLine must be >= startLine',
    path: ['endLine'],
  });
export type ReviewReference = z.infer<typeof ReviewReferenceSchema>;

export const practiceClientMessages = {
  /**
   * "Explain This" (primary Story 11 AS-1 `{ path, range, selectedText }`). `language` and
   * `surroundingContext` (discovery Story 11) are optional: the server reads context from the live buffer.
   * Logged `user_explain_request`; the reply echoes `id`. An empty (or whitespace-only) `selectedText` is accepted
   * by the schema and answered with `explain:error` saying to select code first (issue 20 item 4, EC-74).
   */
  'user:explain': z.object({
    path: RelativePathSchema,
    range: RangeSchema,
    selectedText: TextSchema,
    language: LanguageIdSchema.optional(),
    surroundingContext: TextSchema.optional(),
  }),
  /** "Review My Work" (Story 5 catalog `{}`; logged `review_requested`). */
  'user:review': z.object({}),
  /**
   * Submit a kata solution (primary Story 11 AS-5). `activeConstraints` are the titles of the constraints the learner
   * chose to practise with; each must be unlocked (a locked one is refused with `review:error` code
   * `CONSTRAINT_LOCKED` before any model call, issue 18); titles the kata does not have are ignored (EC-77).
   */
  'practice:submit_solution': z.object({
    kataId: IdSchema,
    code: z.string().max(LIMITS.code),
    activeConstraints: z.array(LabelSchema).max(100),
  }),
  /** Load a kata into the practice view (issue 10); reply `practice:kata_load`. */
  'practice:load_kata': z.object({ kataId: IdSchema }),
} as const;

export const practiceServerMessages = {
  /** Explanation of the selected code (discovery Story 11 `ExplainResponse`); `path` echoed. */
  'explain:response': z.object({
    path: RelativePathSchema,
    explanation: TextSchema.min(1),
    keyConcepts: z.array(LabelSchema).max(50),
    analogy: ProseSchema.nullable(),
    relatedFiles: z.array(RelativePathSchema).max(100).nullable(),
    phaseConnection: ProseSchema.nullable(),
  }),
  /** Explain failed after retries (Story 11 AS-10); a user-friendly message for a toast. */
  'explain:error': z.object({
    path: RelativePathSchema,
    error: ErrorMessageSchema,
    code: WsErrorCodeSchema.optional(),
  }),
  /**
   * "Review My Work" result (Story 5 catalog `{ review, suggestions }`). Issue 23 item 2 adds `references` (lines the
   * review talks about; the page opens the file at the line) and the `hintLevel` the feedback was written for.
   */
  'review:response': z.object({
    review: TextSchema.min(1),
    suggestions: z.array(ProseSchema).max(50),
    references: z.array(ReviewReferenceSchema).max(50).optional(),
    hintLevel: HintLevelSchema.optional(),
  }),
  /**
   * A review failed (Story 11 AS-10/11): unknown kata (`KATA_NOT_FOUND`, no model call), model failure,
   * or a failed write. `kataId` echoes the practice submission when there was one.
   */
  'review:error': z.object({
    kataId: IdSchema.optional(),
    error: ErrorMessageSchema,
    code: WsErrorCodeSchema.optional(),
  }),
  /**
   * A kata with its currently unlocked constraints (Story 5 catalog `{ kata, constraints }`, issue 10).
   * `allConstraints` (issue 18) lists every constraint in unlock order with its `minLevel` and `state`, so a view can
   * show the locked ones with the level that unlocks them; `attempts` lists the previous attempts, oldest first (at
   * most the last 50). Both are optional in the schema (added later) and always sent by this server.
   */
  'practice:kata_load': z.object({
    kata: KataSchema,
    constraints: z.array(KataConstraintSchema).max(100),
    allConstraints: z.array(KataConstraintStatusSchema).max(100).optional(),
    attempts: z.array(KataAttemptSummarySchema).max(50).optional(),
  }),
  /**
   * Review of a kata attempt (primary Story 11 AS-5/6: `{ review, level, passed, constraintsUnlocked }`),
   * with the discovery spec's richer fields (brainstorm call 7): `correct` (meets the kata's requirements, constraints
   * aside), `followUp` (next step or null) and `dreyfusSignal`, always sent by this server since issue 20 item 3.
   * `suggestions` are the reviewer's next steps as questions; `activeConstraints` echoes the titles of the
   * constraints the attempt was reviewed under (issue 18). The optional fields stay optional in the schema.
   */
  'practice:solution_review': z.object({
    kataId: IdSchema,
    review: TextSchema.min(1),
    level: KataLevelSchema,
    passed: z.boolean(),
    constraintsUnlocked: z.array(KataConstraintSchema).max(100),
    correct: z.boolean().optional(),
    followUp: ReviewFollowUpSchema.nullable().optional(),
    dreyfusSignal: DreyfusSignalSchema.optional(),
    suggestions: z.array(ProseSchema).max(50).optional(),
    activeConstraints: z.array(LabelSchema).max(100).optional(),
    /** The test run made before the review (issue 24 item 4); `passed` is false unless it passed. */
    run: KataRunResultSchema.optional(),
  }),
} as const;
