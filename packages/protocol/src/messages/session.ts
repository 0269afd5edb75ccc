/** The coaching session lifecycle over WebSocket (Stories 2, 9; DESIGN section 3 "Session lifecycle"). */
import { z } from 'zod';
import { CountSchema, ErrorMessageSchema, IdSchema, IsoTimestampSchema, LIMITS, LabelSchema, ProseSchema, RelativePathSchema } from '../common.js';
import { DifficultySchema, HintLevelSchema, PhaseStatusSchema, SessionStatusSchema, WrapUpAgentSchema } from '../enums.js';

/** GitHub issue number. */
export const IssueNumberSchema = z.number().int().positive();

/**
 * The issue a session works on (Story 6 `coaching:issue_context`). Fields the session does not know are
 * `null` (a session started from Claude Code may carry only a title).
 */
export const IssueContextSchema = z.object({
  number: IssueNumberSchema.nullable(),
  title: LabelSchema.nullable(),
  summary: ProseSchema.nullable(),
  labels: z.array(LabelSchema).max(100).optional(),
  url: z.string().max(4096).nullable().optional(),
});
export type IssueContext = z.infer<typeof IssueContextSchema>;

/** A phase as the UI shows it (Story 2 `phases`, Story 9 `coaching:plan_ready`). */
export const PhaseSummarySchema = z.object({
  id: IdSchema.optional(),
  number: z.number().int().positive(),
  title: LabelSchema,
  description: ProseSchema,
  status: PhaseStatusSchema,
  hintLevel: HintLevelSchema,
  expectedFiles: z.array(RelativePathSchema).max(LIMITS.list).optional(),
});
export type PhaseSummary = z.infer<typeof PhaseSummarySchema>;

/** The active plan of a session, without its phases. */
export const PlanSummarySchema = z.object({
  planId: IdSchema,
  memoryConnection: ProseSchema.nullable(),
  estimatedDifficulty: DifficultySchema,
});

/** Counts of what a wrap-up stored (Story 9 `paige_end_session` output, `session:completed`). */
export const WrapUpCountsSchema = z.object({
  knowledgeGaps: CountSchema,
  kataSpecs: CountSchema,
  dreyfusUpdates: CountSchema,
  memoriesStored: CountSchema,
});
export type WrapUpCounts = z.infer<typeof WrapUpCountsSchema>;

/** One failed wrap-up agent (primary Story 9 `session_wrap_up_errors`). */
export const WrapUpErrorSchema = z.object({ agent: WrapUpAgentSchema, message: ErrorMessageSchema });

export const sessionClientMessages = {
  /**
   * The user picked an issue on the dashboard (Story 9 catalog `{ issueNumber }`); title and summary are
   * optional extras so both doors of the session service take the same input (DESIGN section 3).
   */
  'session:start': z.object({
    issueNumber: IssueNumberSchema,
    issueTitle: LabelSchema.optional(),
    issueSummary: ProseSchema.optional(),
  }),
  /** Re-activate a session that was not completed (issue 5). */
  'session:resume': z.object({ sessionId: IdSchema }),
  /** End the active session (Story 9 catalog). */
  'session:end': z.object({}),
} as const;

export const sessionServerMessages = {
  /** A session began (Story 9 catalog `{ issueContext, phases, hintLevel, openFiles? }`). */
  'session:started': z.object({
    sessionId: IdSchema,
    startedAt: IsoTimestampSchema,
    issueContext: IssueContextSchema,
    phases: z.array(PhaseSummarySchema).max(100),
    hintLevel: HintLevelSchema,
    openFiles: z.array(RelativePathSchema).max(LIMITS.list).optional(),
  }),
  /**
   * The state of the active session, on `session:resume` and on every (re)connect while a session is
   * active (DESIGN section 3 "Resync"; the catalog's `{ restoredState }` spelled out).
   */
  'session:resumed': z.object({
    sessionId: IdSchema,
    startedAt: IsoTimestampSchema,
    issueContext: IssueContextSchema,
    plan: PlanSummarySchema.nullable(),
    phases: z.array(PhaseSummarySchema).max(100),
    hintLevel: HintLevelSchema,
    openFiles: z.array(RelativePathSchema).max(LIMITS.list),
  }),
  /**
   * The session stopped being active (Story 9 catalog `session:ended { summary }`). Sent at once when the
   * session ends; the wrap-up result follows as `session:completed`.
   */
  'session:ended': z.object({
    sessionId: IdSchema,
    status: SessionStatusSchema,
    endedAt: IsoTimestampSchema,
    summary: ProseSchema.nullable(),
  }),
  /**
   * The wrap-up finished (Story 9 additive; primary Story 9 `completed_with_errors`). `errors` lists the
   * agents that failed.
   */
  'session:completed': WrapUpCountsSchema.extend({
    sessionId: IdSchema,
    status: SessionStatusSchema.extract(['completed', 'completed_with_errors']),
    errors: z.array(WrapUpErrorSchema).max(3).optional(),
  }),
} as const;
