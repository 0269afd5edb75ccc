/**
 * Canonical enums shared by storage, the wire and prompt schemas (DESIGN section 3).
 * A model's output is validated against these, never mapped silently.
 */
import { z } from 'zod';

/** Hint slider level. Source: primary spec, clarification 2026-02-11. */
export const HintLevelSchema = z.enum(['off', 'low', 'medium', 'high']);
export type HintLevel = z.infer<typeof HintLevelSchema>;

/** Line decoration style in Monaco (Story 6, `paige_highlight_lines`). */
export const HighlightStyleSchema = z.enum(['hint', 'error', 'success']);
export type HighlightStyle = z.infer<typeof HighlightStyleSchema>;

/** File-explorer glow style (Story 6, `paige_hint_files`). */
export const FileHintStyleSchema = z.enum(['suggested', 'required']);
export type FileHintStyle = z.infer<typeof FileHintStyleSchema>;

/** Phase lifecycle: `pending -> active -> complete`, one-way (Story 6 "Phase Status Lifecycle"). */
export const PhaseStatusSchema = z.enum(['pending', 'active', 'complete']);
export type PhaseStatus = z.infer<typeof PhaseStatusSchema>;

/** Coaching session status (Story 2; `completed_with_errors` from primary Story 9). */
export const SessionStatusSchema = z.enum(['active', 'completed', 'completed_with_errors', 'abandoned']);
export type SessionStatus = z.infer<typeof SessionStatusSchema>;

/** Dreyfus model of skill acquisition, five stages (Story 2, design brainstorm "Dreyfus"). */
export const DreyfusStageSchema = z.enum([
  'novice',
  'advanced_beginner',
  'competent',
  'proficient',
  'expert',
]);
export type DreyfusStage = z.infer<typeof DreyfusStageSchema>;

/** Observer triage signal (Story 10, `observer-triage` output). */
export const NudgeSignalSchema = z.enum([
  'stuck_on_implementation',
  'wrong_file',
  'scope_drift',
  'idle',
  'phase_complete',
  'edit_loop',
  'no_nudge',
]);
export type NudgeSignal = z.infer<typeof NudgeSignalSchema>;

/** `paige_show_message.type` / `coaching:message.type` (Story 6 AS-15). */
export const MessageKindSchema = z.enum(['info', 'hint', 'success', 'warning']);
export type MessageKind = z.infer<typeof MessageKindSchema>;

/** Dashboard statistics period (Story 5 "Period Type"): `7d`, `30d`, `all`. */
export const StatsPeriodSchema = z.enum(['7d', '30d', 'all']);
export type StatsPeriod = z.infer<typeof StatsPeriodSchema>;

/** Knowledge-gap severity (Story 9). */
export const SeveritySchema = z.enum(['low', 'medium', 'high']);
export type Severity = z.infer<typeof SeveritySchema>;

/** Memory importance (Story 8/9). */
export const ImportanceSchema = z.enum(['low', 'medium', 'high']);
export type Importance = z.infer<typeof ImportanceSchema>;

/** Hint kind stored in `phase_hints.type` (Story 2/9): a file glow or a line highlight. */
export const HintTypeSchema = z.enum(['file', 'line']);
export type HintType = z.infer<typeof HintTypeSchema>;

/** The wrap-up agents of Story 9 (primary spec `session_wrap_up_errors.agent`). */
export const WrapUpAgentSchema = z.enum(['reflection', 'knowledge_gaps', 'dreyfus']);
export type WrapUpAgent = z.infer<typeof WrapUpAgentSchema>;

/**
 * Estimated difficulty of a plan or an issue (Story 9 coach agent `estimated_difficulty`, Story 12
 * issue assessment `estimatedDifficulty`).
 */
export const DifficultySchema = z.enum(['beginner', 'intermediate', 'advanced']);
export type Difficulty = z.infer<typeof DifficultySchema>;

/** The nine items of `paige_get_session_state({ include })` (Story 6 "StateItem Enum"). */
export const StateItemSchema = z.enum([
  'open_files',
  'buffers',
  'diffs',
  'phase',
  'plan',
  'progress',
  'hints',
  'session',
  'dreyfus',
]);
export type StateItem = z.infer<typeof StateItemSchema>;

/** Every `StateItem`, in the spec's order. */
export const STATE_ITEMS = StateItemSchema.options;

/** Kinds of file-tree change pushed as `fs:tree_update` (Story 5 AS-6; issue 4 adds directories and renames). */
export const TreeUpdateActionSchema = z.enum(['add', 'change', 'unlink', 'addDir', 'unlinkDir', 'rename']);
export type TreeUpdateAction = z.infer<typeof TreeUpdateActionSchema>;
