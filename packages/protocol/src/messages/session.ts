/** The coaching session lifecycle over WebSocket (Stories 2, 9; DESIGN section 3 "Session lifecycle"). */
import { z } from 'zod';
import { WsErrorCodeSchema } from '../envelope.js';
import {
  CountSchema,
  ErrorMessageSchema,
  IdSchema,
  IsoTimestampSchema,
  LIMITS,
  LabelSchema,
  ProseSchema,
  RelativePathSchema,
} from '../common.js';
import {
  DifficultySchema,
  DreyfusStageSchema,
  HintLevelSchema,
  PhaseStatusSchema,
  SessionStatusSchema,
  SeveritySchema,
  WrapUpAgentSchema,
} from '../enums.js';

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

/** Hints the session showed, per level the learner had chosen when they were shown (issue 23 item 4). */
export const HintsUsedSchema = z.object({
  off: CountSchema,
  low: CountSchema,
  medium: CountSchema,
  high: CountSchema,
});

/**
 * Everything the wrap-up screen shows for one ended session (issue 23 item 4; brainstorm "Work Mode Workflow" 5-6):
 * built by the server from the database, so it survives a reload. `status` is `active` never; `pending` is true while
 * the wrap-up agents still run (the screen shows what is known and waits for `session:completed`).
 */
export const WrapUpReportSchema = z.object({
  sessionId: IdSchema,
  status: SessionStatusSchema,
  pending: z.boolean(),
  issueContext: IssueContextSchema,
  startedAt: IsoTimestampSchema,
  endedAt: IsoTimestampSchema.nullable(),
  /** Wall time of the session, ms. */
  durationMs: CountSchema,
  /** Model spend attributed to the session (`api_call_log`), USD. */
  costUsd: z.number().nonnegative(),
  summary: ProseSchema.nullable(),
  phases: z.array(PhaseSummarySchema).max(100),
  hintsUsed: HintsUsedSchema.optional(),
  nudges: CountSchema.optional(),
  reviews: CountSchema.optional(),
  knowledgeGaps: z
    .array(
      z.object({
        id: IdSchema,
        topic: LabelSchema,
        severity: SeveritySchema,
        description: ProseSchema,
        addressed: z.boolean(),
      }),
    )
    .max(100),
  katas: z.array(z.object({ id: IdSchema, title: LabelSchema, gapId: IdSchema.nullable() })).max(100),
  dreyfusChanges: z
    .array(
      z.object({
        skillArea: LabelSchema,
        from: DreyfusStageSchema.nullable(),
        to: DreyfusStageSchema,
      }),
    )
    .max(100),
  errors: z.array(WrapUpErrorSchema).max(3),
});
export type WrapUpReport = z.infer<typeof WrapUpReportSchema>;

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
  /**
   * Ask for an ended session's wrap-up screen (issue 23 item 4; after a reload). Reply `session:wrap_up`, or
   * `connection:error` `SESSION_NOT_FOUND` for an unknown session (or one still active: it has no wrap-up yet).
   */
  'session:wrap_up_request': z.object({ sessionId: IdSchema }),
  /**
   * Ask for a short non-technical paragraph about a session for a team lead (brainstorm API call 10; issue 23 item 4).
   * Reply `session:manager_summary`, or `session:manager_summary_error` (model failure, budget spent).
   * `share: true` (issue 26 item 5): the learner also shares the paragraph with the joined team server (queued in the
   * team outbox; nothing is shared without it, nor when no team is joined).
   */
  'session:manager_summary_request': z.object({ sessionId: IdSchema, share: z.boolean().optional() }),
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
    /** The coach's suggested level (the active phase's own), issue 23 item 1. */
    suggestedHintLevel: HintLevelSchema.nullable().optional(),
    /** True once the learner picked a level in this session. */
    hintLevelChosen: z.boolean().optional(),
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
    /** The coach's suggested level (the active phase's own), issue 23 item 1. */
    suggestedHintLevel: HintLevelSchema.nullable().optional(),
    /** True once the learner picked a level in this session. */
    hintLevelChosen: z.boolean().optional(),
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
  /**
   * The wrap-up screen's content (issue 23 item 4): broadcast when a session ends (with `pending: true`) and again
   * when its wrap-up finishes, and sent in reply to `session:wrap_up_request`.
   */
  'session:wrap_up': WrapUpReportSchema,
  /** The manager summary of a session (brainstorm API call 10): a short paragraph, guarded, its cost logged. */
  'session:manager_summary': z.object({
    sessionId: IdSchema,
    summary: ProseSchema.min(1),
    /** True when the paragraph was queued for the team server (asked with `share: true` while a team is joined). */
    shared: z.boolean().optional(),
  }),
  /** The manager summary failed (model error, `BUDGET_EXCEEDED`, unknown session); nothing changed. */
  'session:manager_summary_error': z.object({
    sessionId: IdSchema,
    error: ErrorMessageSchema,
    code: WsErrorCodeSchema.optional(),
  }),
} as const;
