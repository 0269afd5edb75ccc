import { describe, expect, it } from 'vitest';
import {
  ACTION_TYPES,
  ADDITIVE_ACTION_TYPES,
  ActivityEventTypeSchema,
  STORY4_ACTION_TYPES,
  USER_INITIATED_EVENTS,
  actionDataSchemas,
} from '../src/index.js';

/** FR-048: the 24 of Story 4 (with DESIGN section 3's two renames) + Story 11 (2) + Story 12 (1). */
const FR048 = [
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
  'explain_completed',
  'review_completed',
  'dashboard_loaded',
];

describe('Story 4: action-type catalog', () => {
  it('FR-048: all 27 action types are supported, names verbatim', () => {
    expect(FR048).toHaveLength(27);
    expect([...STORY4_ACTION_TYPES, ...ADDITIVE_ACTION_TYPES]).toEqual(FR048);
    for (const t of FR048) expect(ACTION_TYPES).toContain(t);
  });

  it('renames: explain requests are user_explain_request, tab switches editor_tab_switch', () => {
    expect(ACTION_TYPES).not.toContain('explain_requested');
    expect(ACTION_TYPES).not.toContain('tab_switch');
  });

  it('activity events are the action types plus buffer_update; user-initiated events are activity events', () => {
    expect(ActivityEventTypeSchema.options).toEqual([...ACTION_TYPES, 'buffer_update']);
    for (const e of USER_INITIATED_EVENTS) expect(ActivityEventTypeSchema.safeParse(e).success).toBe(true);
  });

  it('every data schema belongs to a catalog action type', () => {
    for (const t of Object.keys(actionDataSchemas)) expect(ACTION_TYPES).toContain(t);
  });

  it('data schemas follow the spec tables', () => {
    expect(actionDataSchemas.file_save.safeParse({ path: 'a.ts', charCount: 10 }).success).toBe(true);
    expect(actionDataSchemas.file_save.safeParse({ path: 'a.ts' }).success).toBe(false);
    expect(
      actionDataSchemas.buffer_summary.safeParse({
        path: 'a.ts',
        editCount: 3,
        charDelta: -40,
        charCount: 12,
      }).success,
    ).toBe(true);
    expect(
      actionDataSchemas.nudge_suppressed.safeParse({ reason: 'cooldown', signal: 'idle', confidence: 0.9 })
        .success,
    ).toBe(true);
    expect(actionDataSchemas.nudge_suppressed.safeParse({ reason: 'bored' }).success).toBe(false);
    expect(
      actionDataSchemas.explain_completed.safeParse({
        path: 'a.ts',
        model: 'claude-sonnet-4-6',
        latency_ms: -1,
        success: false,
        error: 'timeout',
      }).success,
    ).toBe(true);
    expect(
      actionDataSchemas.dashboard_loaded.safeParse({
        statsPeriod: 'all',
        issuesLoaded: true,
        materialsLoaded: false,
      }).success,
    ).toBe(true);
    // Loose objects keep extra context.
    expect(actionDataSchemas.file_open.parse({ path: 'a.ts', source: 'mcp' })).toEqual({
      path: 'a.ts',
      source: 'mcp',
    });
  });
});
