/** Coaching UI messages: phases, plan, Paige's messages, issue context, hint slider (Stories 5, 6, 9). */
import { z } from 'zod';
import {
  ErrorMessageSchema,
  HttpUrlSchema,
  IdSchema,
  IsoTimestampSchema,
  LabelSchema,
  ProseSchema,
  RelativePathSchema,
} from '../common.js';
import { DifficultySchema, HintLevelSchema, MessageKindSchema, PhaseStatusSchema } from '../enums.js';
import { IssueNumberSchema, PhaseSummarySchema } from './session.js';

/**
 * Where an anchored coaching message points (Story 6 `paige_show_message.anchor`): a file and a line,
 * optionally a line range. Without an anchor the message is a toast.
 */
export const MessageAnchorSchema = z
  .object({
    path: RelativePathSchema,
    startLine: z.number().int().positive(),
    endLine: z.number().int().positive().optional(),
  })
  .refine((a) => a.endLine === undefined || a.endLine >= a.startLine, {
    message: 'endLine must be >= startLine',
    path: ['endLine'],
  });
export type MessageAnchor = z.infer<typeof MessageAnchorSchema>;

/** Issue metadata for the issue panel (Story 6 `paige_show_issue_context`). */
export const IssueContextPayloadSchema = z.object({
  number: IssueNumberSchema.optional(),
  title: LabelSchema,
  summary: ProseSchema,
  labels: z.array(LabelSchema).max(100).optional(),
  url: HttpUrlSchema.optional(),
});

export const coachingClientMessages = {
  /** Hint slider moved (Story 4 `hint_level_change`). */
  'hints:level_change': z.object({ level: HintLevelSchema, previousLevel: HintLevelSchema }),
  /**
   * Ask for the coaching pipeline's progress again (issue 23 item 4; after a reload while it runs). Reply:
   * `coaching:pipeline_progress` for the active session, or nothing when no pipeline runs.
   */
  'coaching:pipeline_status': z.object({}),
} as const;

export const coachingServerMessages = {
  /**
   * A phase changed status (Story 6 AS-13/14, `coaching:phase_update { phase, status, description }`),
   * with the phase's id, title, hint level and timestamps.
   */
  'coaching:phase_update': z.object({
    phaseId: IdSchema,
    phase: z.number().int().positive(),
    title: LabelSchema,
    status: PhaseStatusSchema,
    description: ProseSchema,
    hintLevel: HintLevelSchema,
    startedAt: IsoTimestampSchema.nullable(),
    completedAt: IsoTimestampSchema.nullable(),
  }),
  /** A coaching message: toast, or balloon when anchored (Story 6 AS-15). */
  'coaching:message': z.object({
    message: ProseSchema.min(1),
    type: MessageKindSchema,
    anchor: MessageAnchorSchema.optional(),
  }),
  /** Issue panel content (Story 6 AS-16). */
  'coaching:issue_context': IssueContextPayloadSchema,
  /**
   * The active session's hint level changed (a `hints:level_change` from any window; issue 20 item 2), so every
   * window's hint slider shows the same level. The requesting window's copy echoes its `id`.
   */
  'hints:level_update': z.object({
    sessionId: IdSchema,
    level: HintLevelSchema,
    previousLevel: HintLevelSchema,
    /**
     * The coach's suggestion: the active phase's own level, or `null` without an active phase (issue 23 item 1,
     * DESIGN section 3 "Hint level"). Sent when a phase starts, too, so the control can say "Paige suggests: low".
     */
    suggestedLevel: HintLevelSchema.nullable().optional(),
    /** True once the learner has picked a level in this session; until then the UI shows the suggestion beside it. */
    chosen: z.boolean().optional(),
  }),
  /**
   * The coaching pipeline's progress (issue 23 item 4; brainstorm "Work Mode Workflow" 1-3): `exploring` (Claude Code
   * or the backend reads the codebase), `planning` (the coach agent writes the plan), `coaching` (the plan is stored
   * and the first phase is active: `nextStep` says what to do first), `failed` (`error` says why; the session stays).
   */
  'coaching:pipeline_progress': z.object({
    sessionId: IdSchema,
    stage: z.enum(['exploring', 'planning', 'coaching', 'failed']),
    message: ProseSchema,
    nextStep: ProseSchema.optional(),
    error: ErrorMessageSchema.optional(),
  }),
  /** The coaching pipeline stored a new plan (Story 9 additive, FR-114). */
  'coaching:plan_ready': z.object({
    planId: IdSchema,
    phases: z.array(PhaseSummarySchema).min(1).max(100),
    memoryConnection: ProseSchema.nullable(),
    estimatedDifficulty: DifficultySchema,
  }),
} as const;
