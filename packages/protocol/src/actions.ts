/**
 * The action-type catalog of the action log (Story 4 and its additive revisions) and the activity
 * stream event type (DESIGN section 3).
 *
 * Names are verbatim from the stories, with two renames settled by DESIGN section 3 and primary Story 10:
 * Explain requests are `user_explain_request` (discovery Story 4 called it `explain_requested`), and a tab
 * switch is `editor_tab_switch` (discovery Story 4: `tab_switch`), so the activity stream and the Observer
 * use one vocabulary.
 */
import { z } from 'zod';
import { ConfidenceSchema, CountSchema, IsoTimestampSchema, RangeSchema } from './common.js';
import {
  DreyfusStageSchema,
  HintLevelSchema,
  MessageKindSchema,
  NudgeSignalSchema,
  SessionStatusSchema,
  StatsPeriodSchema,
} from './enums.js';

/** Story 4 (discovery spec, 24 types, with the two renames above). */
export const STORY4_ACTION_TYPES = [
  'file_open',
  'file_save',
  'file_close',
  'buffer_summary',
  'buffer_significant_change',
  'editor_tab_switch',
  'selection',
  'hint_level_change',
  'user_explain_request',
  'review_requested',
  'idle_start',
  'idle_end',
  'session_started',
  'session_resumed',
  'session_ended',
  'phase_started',
  'phase_completed',
  'coaching_message',
  'nudge_sent',
  'nudge_suppressed',
  'observer_muted',
  'mcp_tool_call',
  'decorations_applied',
  'file_hints_applied',
] as const;

/** Additive revisions: Story 11 (2), Story 12 (1) -> the 27 of FR-048. */
export const ADDITIVE_ACTION_TYPES = ['explain_completed', 'review_completed', 'dashboard_loaded'] as const;

/**
 * Beyond FR-048, named by the issues that build them: the coaching pipeline run and wrap-up failures
 * (Story 9), each Observer triage decision (Story 10), explorer directory toggles (issue 4), kata loads and passed
 * reviews (brainstorm call 7, issue 20 item 3), a knowledge gap marked addressed (issue 20 item 1), each
 * intervention of the solution-leak guard (issue 20 item 7), and the face's delivery of each nudge into the
 * terminal (issue 17: `nudge_delivered`, `nudge_dropped`), a wrap-up's change of a Dreyfus stage (issue 23 item 4:
 * `dreyfus_stage_changed { skillArea, from, to }`, read back by the wrap-up screen), and practice that runs (issue 24:
 * `kata_run`, `quiz_answered`, `explain_back_graded`).
 */
export const EXTENDED_ACTION_TYPES = [
  'coaching_pipeline_run',
  'wrap_up_error',
  'observer_triage',
  'explorer_expand_dir',
  'explorer_collapse_dir',
  'kata_loaded',
  'review_passed',
  'knowledge_gap_addressed',
  'solution_guard_applied',
  'nudge_delivered',
  'nudge_dropped',
  'dreyfus_stage_changed',
  'kata_run',
  'quiz_answered',
  'explain_back_graded',
] as const;

export const ACTION_TYPES = [
  ...STORY4_ACTION_TYPES,
  ...ADDITIVE_ACTION_TYPES,
  ...EXTENDED_ACTION_TYPES,
] as const;

export const ActionTypeSchema = z.enum(ACTION_TYPES);
/** One row type of `action_log.action_type`. */
export type ActionType = z.infer<typeof ActionTypeSchema>;

/**
 * Action types that count as user-initiated for the Observer's flow-state window
 * (primary Story 10 AS-6: buffer updates, file opens, saves, tab switches; system events never count).
 */
export const USER_INITIATED_EVENTS = [
  'buffer_update',
  'file_open',
  'file_save',
  'editor_tab_switch',
] as const;

/** Activity event names: every action type, plus `buffer_update` (published on every `buffer:update`, DESIGN section 3). */
export const ActivityEventTypeSchema = z.enum([...ACTION_TYPES, 'buffer_update']);
export type ActivityEventType = z.infer<typeof ActivityEventTypeSchema>;

/**
 * One event on the in-process activity bus. `createdAt` is ISO 8601; `actionId` is the `action_log` row id
 * when the event was persisted (absent for `buffer_update`, which is persisted only through the buffer policy).
 */
export const ActivityEventSchema = z.object({
  type: ActivityEventTypeSchema,
  sessionId: z.string().nullable(),
  data: z.record(z.string(), z.unknown()).nullable(),
  createdAt: z.string(),
  actionId: z.number().int().optional(),
});
export type ActivityEvent = z.infer<typeof ActivityEventSchema>;

/** Why the Observer did not nudge (Story 10 suppression checks, issue 9), in check order. */
export const NudgeSuppressionReasonSchema = z.enum([
  'muted',
  'flow_state',
  'no_change',
  'low_confidence',
  'cooldown',
]);
export type NudgeSuppressionReason = z.infer<typeof NudgeSuppressionReasonSchema>;

/**
 * Where a learner-facing text produced by a model came from, for `solution_guard_applied` (issue 20 item 7):
 * `hover_text` (line/file hint hover texts: coach plan and `paige_highlight_lines`), `phase_hint` (a phase's
 * description), `coaching_message` (`paige_show_message`), `nudge` (Observer nudge context), `explanation`
 * (Explain This), `practice_review` (kata review), `work_review` (Review My Work), `kata` (a generated kata's
 * description), `manager_summary` (the wrap-up screen's paragraph for a team lead, issue 23 item 4).
 */
export const SolutionGuardSourceSchema = z.enum([
  'hover_text',
  'phase_hint',
  'coaching_message',
  'nudge',
  'explanation',
  'practice_review',
  'work_review',
  'kata',
  'manager_summary',
]);
export type SolutionGuardSource = z.infer<typeof SolutionGuardSourceSchema>;

/** Why a knowledge gap was marked addressed (issue 20 item 1). */
export const GapAddressedReasonSchema = z.enum(['kata_passed', 'wrap_up', 'challenge_passed']);
export type GapAddressedReason = z.infer<typeof GapAddressedReasonSchema>;

/**
 * Why the face did not write a nudge into the terminal (issue 17 item 4): the Observer was muted before it could be
 * delivered (`muted`), no terminal session was open (`no_terminal`) or its process had ended (`terminal_exited`),
 * the terminal runs a shell or a custom command rather than Claude Code (`not_claude_code`), a newer nudge replaced it
 * while it waited for the terminal to go idle (`superseded`), or the terminal never went idle in time (`expired`).
 */
export const NudgeDropReasonSchema = z.enum([
  'muted',
  'no_terminal',
  'terminal_exited',
  'not_claude_code',
  'superseded',
  'expired',
]);
export type NudgeDropReason = z.infer<typeof NudgeDropReasonSchema>;

/** A path in action data: project-relative, no NUL (kept loose: the log records what happened). */
const LoggedPathSchema = z.string().min(1).max(4096);
/** A signed character delta. */
const DeltaSchema = z.number().int();

/**
 * `action_log.data` schemas for the action types whose data the spec gives (Story 4 "Action Types
 * Catalog", Story 11 and 12 additive revisions, issue 5 for `mcp_tool_call`). Objects are loose: extra keys
 * are kept, so a logger may add context without a contract change. Types without an entry carry free-form
 * data.
 */
export const actionDataSchemas = {
  file_open: z.looseObject({ path: LoggedPathSchema }),
  file_save: z.looseObject({ path: LoggedPathSchema, charCount: CountSchema }),
  file_close: z.looseObject({ path: LoggedPathSchema }),
  buffer_summary: z.looseObject({
    path: LoggedPathSchema,
    editCount: CountSchema,
    charDelta: DeltaSchema,
    charCount: CountSchema,
  }),
  buffer_significant_change: z.looseObject({
    path: LoggedPathSchema,
    previousCharCount: CountSchema,
    newCharCount: CountSchema,
    delta: DeltaSchema,
  }),
  editor_tab_switch: z.looseObject({ fromPath: LoggedPathSchema.nullable(), toPath: LoggedPathSchema }),
  selection: z.looseObject({ path: LoggedPathSchema, range: RangeSchema, textLength: CountSchema }),
  hint_level_change: z.looseObject({ level: HintLevelSchema, previousLevel: HintLevelSchema }),
  user_explain_request: z.looseObject({ path: LoggedPathSchema, range: RangeSchema }),
  review_requested: z.looseObject({ kataId: z.string().optional() }),
  idle_start: z.looseObject({ lastActionTimestamp: IsoTimestampSchema }),
  idle_end: z.looseObject({ idleMs: CountSchema.optional() }),
  session_started: z.looseObject({ issueNumber: z.number().int().positive().nullable() }),
  session_resumed: z.looseObject({ previousSessionId: z.string().min(1) }),
  session_ended: z.looseObject({ status: SessionStatusSchema, durationMs: CountSchema }),
  phase_started: z.looseObject({
    phaseId: z.string().min(1),
    phaseNumber: z.number().int().positive(),
    title: z.string(),
  }),
  phase_completed: z.looseObject({
    phaseId: z.string().min(1),
    phaseNumber: z.number().int().positive(),
    title: z.string(),
  }),
  coaching_message: z.looseObject({ messageType: MessageKindSchema }),
  nudge_sent: z.looseObject({ signal: NudgeSignalSchema, confidence: ConfidenceSchema }),
  nudge_suppressed: z.looseObject({
    reason: NudgeSuppressionReasonSchema,
    signal: NudgeSignalSchema.optional(),
    confidence: ConfidenceSchema.optional(),
  }),
  observer_muted: z.looseObject({ muted: z.boolean() }),
  mcp_tool_call: z.looseObject({
    toolName: z.string().min(1).max(128),
    sessionId: z.string().nullable().optional(),
    outcome: z.enum(['ok', 'error']).optional(),
    durationMs: z.number().nonnegative().optional(),
  }),
  decorations_applied: z.looseObject({ path: LoggedPathSchema, count: CountSchema }),
  file_hints_applied: z.looseObject({ paths: z.array(LoggedPathSchema) }),
  explain_completed: z.looseObject({
    path: LoggedPathSchema,
    model: z.string(),
    latency_ms: z.number().int(),
    success: z.boolean(),
    error: z.string().optional(),
  }),
  review_completed: z.looseObject({
    kataId: z.string().min(1),
    level: z.number().int().min(1).max(10).optional(),
    passed: z.boolean().optional(),
    model: z.string(),
    latency_ms: z.number().int(),
    success: z.boolean(),
    error: z.string().optional(),
  }),
  dashboard_loaded: z.looseObject({
    statsPeriod: StatsPeriodSchema,
    issuesLoaded: z.boolean(),
    materialsLoaded: z.boolean(),
    challengesLoaded: z.boolean().optional(),
  }),
  explorer_expand_dir: z.looseObject({ path: LoggedPathSchema }),
  explorer_collapse_dir: z.looseObject({ path: LoggedPathSchema }),
  kata_loaded: z.looseObject({ kataId: z.string().min(1) }),
  review_passed: z.looseObject({ kataId: z.string().min(1), level: z.number().int().min(1).max(10) }),
  knowledge_gap_addressed: z.looseObject({
    gapId: z.string().min(1),
    topic: z.string(),
    reason: GapAddressedReasonSchema,
    kataId: z.string().min(1).optional(),
  }),
  solution_guard_applied: z.looseObject({
    source: SolutionGuardSourceSchema,
    hintLevel: HintLevelSchema,
    /** Fenced, indented or bare code blocks replaced by the note. */
    blocksRemoved: CountSchema,
    /** Inline code spans that were full statements. */
    inlineRemoved: CountSchema,
    /** Lines of code removed (blocks and inline spans). */
    linesRemoved: CountSchema,
    /** Characters removed. */
    charsRemoved: CountSchema,
  }),
  nudge_delivered: z.looseObject({ signal: NudgeSignalSchema }),
  nudge_dropped: z.looseObject({ signal: NudgeSignalSchema, reason: NudgeDropReasonSchema }),
  dreyfus_stage_changed: z.looseObject({
    skillArea: z.string().min(1),
    from: DreyfusStageSchema.nullable(),
    to: DreyfusStageSchema,
  }),
  /** A practice run (issue 24): `trigger` is the Run button or the run before a review. */
  kata_run: z.looseObject({
    kataId: z.string().min(1),
    status: z.string().min(1).max(64),
    testCount: CountSchema,
    passedCount: CountSchema,
    durationMs: z.number().nonnegative(),
    trigger: z.enum(['run', 'submit']),
  }),
  /** A quiz answered (issue 24 item 5). */
  quiz_answered: z.looseObject({
    challengeId: z.string().min(1),
    correct: CountSchema,
    total: CountSchema,
    passed: z.boolean(),
  }),
  /** An explain-it-back graded by the model (issue 24 item 5). */
  explain_back_graded: z.looseObject({
    challengeId: z.string().min(1),
    passed: z.boolean(),
    success: z.boolean(),
    error: z.string().optional(),
  }),
} as const satisfies Partial<Record<ActionType, z.ZodType>>;

/** Action types with a data schema. */
export type ActionTypeWithData = keyof typeof actionDataSchemas;
/** The `data` of action type `T` when it has a schema. */
export type ActionData<T extends ActionTypeWithData> = z.infer<(typeof actionDataSchemas)[T]>;
