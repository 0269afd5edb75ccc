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
 * (Story 9), each Observer triage decision (Story 10), explorer directory toggles (issue 4) and kata loads.
 */
export const EXTENDED_ACTION_TYPES = [
  'coaching_pipeline_run',
  'wrap_up_error',
  'observer_triage',
  'explorer_expand_dir',
  'explorer_collapse_dir',
  'kata_loaded',
] as const;

export const ACTION_TYPES = [...STORY4_ACTION_TYPES, ...ADDITIVE_ACTION_TYPES, ...EXTENDED_ACTION_TYPES] as const;

export const ActionTypeSchema = z.enum(ACTION_TYPES);
/** One row type of `action_log.action_type`. */
export type ActionType = z.infer<typeof ActionTypeSchema>;

/**
 * Action types that count as user-initiated for the Observer's flow-state window
 * (primary Story 10 AS-6: buffer updates, file opens, saves, tab switches; system events never count).
 */
export const USER_INITIATED_EVENTS = ['buffer_update', 'file_open', 'file_save', 'editor_tab_switch'] as const;

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
