import { describe, expect, it } from 'vitest';
import { NudgeSuppressionReasonSchema, actionDataSchemas, observerServerMessages } from '@paige/protocol';
import {
  DEFAULT_OBSERVER_SETTINGS,
  ObserverError,
  SUPPRESSION_REASONS,
  createObserver,
  formatDuration,
} from '../src/index.js';
import type { TriageDecision } from '../src/index.js';
import { createFakeClock } from '../src/testing.js';
import { NO_NUDGE, PHASE_1, SESSION, WRONG_FILE, createBus, createHarness } from './harness.js';
import type { Harness } from './harness.js';

const STUCK: TriageDecision = {
  should_nudge: true,
  confidence: 0.8,
  signal: 'stuck_on_implementation',
  reasoning: 'Same function edited for a long time without saving.',
};

function started(settings = {}, fallback: TriageDecision = NO_NUDGE): Harness {
  const h = createHarness(settings, fallback);
  h.observer.start();
  return h;
}

/** Moves the fake clock and lets the Observer's async work settle. */
async function wait(h: Harness, ms: number): Promise<void> {
  await h.clock.advanceAsync(ms);
  await h.observer.whenIdle();
}

async function openFile(h: Harness, path: string): Promise<void> {
  h.emit('file_open', { path });
  await h.observer.whenIdle();
}

describe('Story 10: Observer System', () => {
  it('AS-1: starting subscribes, arms the idle timer and broadcasts an active, unmuted status', () => {
    const h = createHarness();
    expect(h.listenerCount()).toBe(0);
    h.observer.start();
    expect(h.listenerCount()).toBe(1);
    expect(h.clock.pendingTimers()).toBe(1);
    expect(h.statuses()).toEqual([{ active: true, muted: false, lastEvaluation: null }]);
    expect(h.observer.status()).toEqual({ active: true, muted: false, lastEvaluation: null });
  });

  it('AS-2: stopping unsubscribes, clears the idle timer and broadcasts an inactive status', async () => {
    const h = started();
    h.observer.stop();
    expect(h.listenerCount()).toBe(0);
    expect(h.clock.pendingTimers()).toBe(0);
    expect(h.statuses().at(-1)).toEqual({ active: false, muted: false, lastEvaluation: null });
    await wait(h, 3_600_000);
    expect(h.calls).toHaveLength(0);
    expect(() => h.observer.start()).toThrow(ObserverError);
  });

  it('AS-3: a file open triggers triage with a context snapshot and logs the evaluation', async () => {
    const h = started();
    h.emit('file_save', { path: 'src/handlers/oauth.ts' });
    await wait(h, 30_000);
    h.emit('buffer_update', { path: 'src/middleware/auth.ts' });
    await wait(h, 12_000);
    await openFile(h, 'src/middleware/auth.ts');

    expect(h.calls).toHaveLength(1);
    const snapshot = h.calls[0]?.snapshot;
    expect(snapshot).toEqual({
      trigger: 'file_open',
      current_phase: {
        number: 1,
        title: PHASE_1.title,
        description: PHASE_1.description,
        expected_files: ['src/handlers/oauth.ts'],
      },
      recent_actions: [
        { type: 'file_save', path: 'src/handlers/oauth.ts', ago: '42s' },
        { type: 'buffer_update', path: 'src/middleware/auth.ts', ago: '12s' },
        { type: 'file_open', path: 'src/middleware/auth.ts', ago: '0s' },
      ],
      time_since_last_save: '42s',
      time_since_last_nudge: 'never',
      dreyfus_stage: 'novice',
      user_idle: false,
    });
    expect(h.actions).toEqual([
      {
        type: 'observer_triage',
        data: {
          trigger: 'file_open',
          outcome: 'decision',
          should_nudge: false,
          confidence: 0.2,
          signal: 'no_nudge',
          reasoning: NO_NUDGE.reasoning,
          durationMs: 0,
        },
      },
    ]);
    expect(h.observer.status().lastEvaluation).toBe(new Date(h.clock.now()).toISOString());
  });

  it('AS-3: every 3rd Explain request in the session triggers triage, and phases never reset that count', async () => {
    const h = started();
    const explain = async () => {
      await wait(h, 20_000);
      h.emit('user_explain_request', { path: 'src/handlers/oauth.ts' });
      await h.observer.whenIdle();
    };
    await explain();
    await explain();
    expect(h.calls).toHaveLength(0);
    await explain();
    expect(h.calls.map((c) => c.snapshot.trigger)).toEqual(['explain_threshold']);
    await explain();
    h.emit('phase_completed', { phaseNumber: 1 });
    await h.observer.whenIdle();
    await explain();
    expect(h.calls.map((c) => c.snapshot.trigger)).toEqual(['explain_threshold', 'phase_completed']);
    await explain();
    expect(h.calls.map((c) => c.snapshot.trigger)).toEqual([
      'explain_threshold',
      'phase_completed',
      'explain_threshold',
    ]);
  });

  it('AS-3: every phase completion triggers triage; system events alone do not', async () => {
    const h = started();
    h.emit('mcp_tool_call', { tool: 'paige_update_phase' });
    h.emit('phase_started', { phaseNumber: 2 });
    h.emit('coaching_message', { type: 'info' });
    await h.observer.whenIdle();
    expect(h.calls).toHaveLength(0);
    h.emit('phase_completed', { phaseNumber: 1 });
    await h.observer.whenIdle();
    expect(h.calls.map((c) => c.snapshot.trigger)).toEqual(['phase_completed']);
  });

  it('AS-4: a confident nudge outside cooldown is logged and broadcast with signal, confidence and context', async () => {
    const h = started();
    h.script.push(STUCK);
    await openFile(h, 'src/handlers/oauth.ts');
    expect(h.nudges()).toEqual([
      {
        signal: 'stuck_on_implementation',
        confidence: 0.8,
        context: {
          current_file: 'src/handlers/oauth.ts',
          expected_file: 'src/handlers/oauth.ts',
          time_in_file: null,
          phase_description: PHASE_1.description,
        },
      },
    ]);
    const sent = h.actions.find((a) => a.type === 'nudge_sent');
    expect(sent?.data).toMatchObject({
      signal: 'stuck_on_implementation',
      confidence: 0.8,
      trigger: 'file_open',
    });
  });

  it("AS-4: the model's suggested_context is passed through to the nudge", async () => {
    const h = started();
    h.script.push(WRONG_FILE);
    await openFile(h, 'src/middleware/auth.ts');
    expect(h.nudges()).toEqual([
      { signal: 'wrong_file', confidence: 0.85, context: WRONG_FILE.suggested_context },
    ]);
  });

  it('AS-5: a trigger 60 s after a nudge is suppressed for cooldown without a model call; 120 s later nudges resume', async () => {
    const h = started({}, WRONG_FILE);
    await openFile(h, 'src/middleware/auth.ts');
    expect(h.nudges()).toHaveLength(1);
    await wait(h, 60_000);
    await openFile(h, 'src/routes.ts');
    expect(h.calls).toHaveLength(1);
    expect(h.nudges()).toHaveLength(1);
    expect(h.suppressions()).toEqual([{ reason: 'cooldown', trigger: 'file_open' }]);
    await wait(h, 60_000);
    await openFile(h, 'src/config.ts');
    expect(h.calls).toHaveLength(2);
    expect(h.nudges()).toHaveLength(2);
    expect(h.calls[1]?.snapshot.time_since_last_nudge).toBe('2m');
  });

  it('AS-5: with cooldownSkipsTriage off, the model is asked and its should_nudge answer is suppressed for cooldown', async () => {
    const h = started({ cooldownSkipsTriage: false }, WRONG_FILE);
    await openFile(h, 'src/middleware/auth.ts');
    await wait(h, 60_000);
    await openFile(h, 'src/routes.ts');
    expect(h.calls).toHaveLength(2);
    expect(h.nudges()).toHaveLength(1);
    expect(h.suppressions()).toEqual([
      { reason: 'cooldown', trigger: 'file_open', signal: 'wrong_file', confidence: 0.85 },
    ]);
  });

  it('AS-6: more than 10 user actions in 60 s is flow state: triage is skipped and logged', async () => {
    const h = started({}, WRONG_FILE);
    for (let i = 0; i < 11; i += 1) {
      h.emit('editor_tab_switch', { fromPath: 'a.ts', toPath: 'b.ts' });
      await wait(h, 1_000);
    }
    await openFile(h, 'src/middleware/auth.ts'); // the 12th user action in 60 s
    expect(h.calls).toHaveLength(0);
    expect(h.suppressions()).toEqual([{ reason: 'flow_state', trigger: 'file_open' }]);
    expect(h.nudges()).toHaveLength(0);
    // Once the window has rolled past the burst, the next trigger is evaluated.
    await wait(h, 60_000);
    await openFile(h, 'src/middleware/auth.ts');
    expect(h.calls).toHaveLength(1);
  });

  it('AS-6: exactly 10 user actions is not flow state, and system events never count', async () => {
    const h = started();
    for (let i = 0; i < 9; i += 1) h.emit('file_save', { path: 'a.ts' });
    for (let i = 0; i < 30; i += 1) {
      h.emit('mcp_tool_call', { tool: 'paige_highlight_lines' });
      h.emit('decorations_applied', { count: 1 });
      h.emit('coaching_message', { type: 'hint' });
    }
    await openFile(h, 'src/handlers/oauth.ts'); // 10th user action
    expect(h.calls).toHaveLength(1);
    expect(h.suppressions()).toEqual([]);
  });

  it('AS-7: a muted Observer makes no evaluation and sends no nudge; muting is logged and broadcast', async () => {
    const h = started({}, WRONG_FILE);
    h.observer.setMuted(true);
    expect(h.actions).toEqual([{ type: 'observer_muted', data: { muted: true } }]);
    expect(h.statuses().at(-1)).toEqual({ active: true, muted: true, lastEvaluation: null });
    await openFile(h, 'src/middleware/auth.ts');
    await wait(h, 400_000); // idle too
    expect(h.calls).toHaveLength(0);
    expect(h.nudges()).toHaveLength(0);
    expect(h.suppressions().map((s) => s.reason)).toEqual(['muted', 'muted']);
  });

  it('AS-8: unmuting resumes evaluations', async () => {
    const h = started({}, WRONG_FILE);
    h.observer.setMuted(true);
    await openFile(h, 'src/middleware/auth.ts');
    h.observer.setMuted(false);
    expect(h.actions.filter((a) => a.type === 'observer_muted').map((a) => a.data)).toEqual([
      { muted: true },
      { muted: false },
    ]);
    expect(h.statuses().at(-1)).toEqual({ active: true, muted: false, lastEvaluation: null });
    await openFile(h, 'src/middleware/auth.ts');
    expect(h.calls).toHaveLength(1);
    expect(h.nudges()).toHaveLength(1);
  });

  it('AS-9: a nudge below 0.7 confidence is suppressed as low_confidence and not broadcast', async () => {
    const h = started();
    h.script.push({
      should_nudge: true,
      confidence: 0.5,
      signal: 'scope_drift',
      reasoning: 'Maybe refactoring.',
    });
    await openFile(h, 'src/lib/state.ts');
    expect(h.nudges()).toHaveLength(0);
    expect(h.suppressions()).toEqual([
      { reason: 'low_confidence', trigger: 'file_open', signal: 'scope_drift', confidence: 0.5 },
    ]);
    // 0.7 itself is enough.
    h.script.push({
      should_nudge: true,
      confidence: 0.7,
      signal: 'scope_drift',
      reasoning: 'Clearly refactoring.',
    });
    await openFile(h, 'src/lib/state.ts');
    expect(h.nudges()).toHaveLength(1);
  });

  it('AS-10: a failed triage call is logged and the Observer keeps running', async () => {
    const h = started();
    h.script.push(new Error('overloaded'));
    await openFile(h, 'src/middleware/auth.ts');
    expect(h.actions).toEqual([
      {
        type: 'observer_triage',
        data: { trigger: 'file_open', outcome: 'error', error: 'Error: overloaded', durationMs: 0 },
      },
    ]);
    expect(h.observer.status().active).toBe(true);
    expect(h.observer.stats().triageFailures).toBe(1);
    h.script.push(WRONG_FILE);
    await openFile(h, 'src/middleware/auth.ts');
    expect(h.nudges()).toHaveLength(1);
  });

  it('AS-10: a triage function that throws synchronously is handled the same way', async () => {
    const clock = createFakeClock();
    const bus = createBus();
    const logged: string[] = [];
    const observer = createObserver({
      sessionId: SESSION,
      clock,
      subscribe: bus.subscribe,
      getContext: () => ({ currentPhase: null }),
      triage: () => {
        throw new Error('bad request');
      },
      broadcast: () => {},
      logAction: (type) => {
        logged.push(type);
      },
    });
    observer.start();
    bus.emit('file_open', { path: 'a.ts' });
    await observer.whenIdle();
    expect(logged).toEqual(['observer_triage']);
    expect(observer.stats().triageFailures).toBe(1);
  });

  it('AS-11: the 5th buffer update of the phase triggers triage and resets the counter; phase completion resets it too', async () => {
    const h = started();
    const edit = async (n: number) => {
      for (let i = 0; i < n; i += 1) {
        h.emit('buffer_update', { path: 'src/handlers/oauth.ts' });
        await wait(h, 7_000); // slow typing: never flow state
      }
    };
    await edit(4);
    expect(h.calls).toHaveLength(0);
    await edit(1);
    expect(h.calls.map((c) => c.snapshot.trigger)).toEqual(['buffer_threshold']);
    expect(h.calls[0]?.snapshot.recent_actions).toEqual([
      { type: 'buffer_update', path: 'src/handlers/oauth.ts', ago: '0s', count: 5 },
    ]);
    await edit(4);
    expect(h.calls).toHaveLength(1);
    await edit(1);
    expect(h.calls).toHaveLength(2);
    await edit(3);
    h.emit('phase_completed', { phaseNumber: 1 });
    await h.observer.whenIdle();
    expect(h.calls).toHaveLength(3);
    await edit(4);
    expect(h.calls).toHaveLength(3);
    await edit(1);
    expect(h.calls.map((c) => c.snapshot.trigger)).toEqual([
      'buffer_threshold',
      'buffer_threshold',
      'phase_completed',
      'buffer_threshold',
    ]);
  });

  it('idle: no user action for 5 min triggers triage with user_idle, and an idle nudge is sent', async () => {
    const h = started();
    h.script.push({
      should_nudge: true,
      confidence: 0.8,
      signal: 'idle',
      reasoning: 'Nothing for 5 minutes.',
    });
    h.emit('file_save', { path: 'src/handlers/oauth.ts' });
    await wait(h, 299_999);
    expect(h.calls).toHaveLength(0);
    await wait(h, 1);
    expect(h.calls).toHaveLength(1);
    expect(h.calls[0]?.snapshot).toMatchObject({
      trigger: 'idle',
      user_idle: true,
      time_since_last_save: '5m',
    });
    expect(h.nudges().map((n) => n.signal)).toEqual(['idle']);
  });

  it('idle: every user action restarts the idle timer; system events do not', async () => {
    const h = started();
    for (let i = 0; i < 5; i += 1) {
      await wait(h, 240_000);
      h.emit('editor_tab_switch', { fromPath: 'a.ts', toPath: 'b.ts' });
      h.emit('mcp_tool_call', { tool: 'paige_get_buffer' });
    }
    expect(h.calls).toHaveLength(0);
    await wait(h, 240_000);
    h.emit('mcp_tool_call', { tool: 'paige_get_buffer' });
    await wait(h, 60_000);
    expect(h.calls.map((c) => c.snapshot.trigger)).toEqual(['idle']);
  });

  it('no_change: while the user stays idle and nothing happens, later idle checks make no model call', async () => {
    const h = started();
    await wait(h, 300_000);
    expect(h.calls).toHaveLength(1);
    await wait(h, 900_000);
    expect(h.calls).toHaveLength(1);
    expect(h.suppressions()).toEqual([
      { reason: 'no_change', trigger: 'idle' },
      { reason: 'no_change', trigger: 'idle' },
      { reason: 'no_change', trigger: 'idle' },
    ]);
    // Something happens (Claude shows a message): the next idle check asks again.
    h.emit('coaching_message', { type: 'hint' });
    await wait(h, 300_000);
    expect(h.calls).toHaveLength(2);
  });

  it('no_change: a failed evaluation does not count, so the next check retries', async () => {
    const h = started();
    h.script.push(new Error('timeout'));
    await wait(h, 300_000);
    await wait(h, 300_000);
    expect(h.calls).toHaveLength(2);
    expect(h.suppressions()).toEqual([]);
  });

  it('coalescing: 20 triggers during one slow triage produce exactly one follow-up call', async () => {
    const h = started();
    h.script.push('manual', 'manual');
    h.emit('file_open', { path: 'a.ts' });
    await h.settle();
    expect(h.calls).toHaveLength(1);
    for (let i = 0; i < 20; i += 1) {
      await h.clock.advanceAsync(6_000); // slow enough never to be flow state
      h.emit('file_open', { path: `f${i}.ts` });
    }
    await h.settle();
    expect(h.calls).toHaveLength(1);
    h.pendingCalls[0]?.resolve(NO_NUDGE);
    await h.settle();
    expect(h.calls).toHaveLength(2);
    expect(h.calls[1]?.snapshot.recent_actions.at(-1)).toMatchObject({ type: 'file_open', path: 'f19.ts' });
    h.pendingCalls[1]?.resolve(NO_NUDGE);
    await h.observer.whenIdle();
    expect(h.calls).toHaveLength(2);
    expect(h.observer.stats()).toMatchObject({ triageCalls: 2, coalesced: 20 });
  });

  it('events of another session are ignored', async () => {
    const h = started();
    h.emit('file_open', { path: 'a.ts' }, 'other-session');
    for (let i = 0; i < 5; i += 1) h.emit('buffer_update', { path: 'a.ts' }, 'other-session');
    h.emit('phase_completed', { phaseNumber: 1 }, 'other-session');
    h.emit('file_open', { path: 'a.ts' }, null);
    await h.observer.whenIdle();
    expect(h.calls).toHaveLength(0);
    expect(h.observer.stats().events).toBe(0);
  });

  it("the Observer's own log rows coming back on the bus are not user activity", async () => {
    const h = started();
    await openFile(h, 'a.ts');
    h.observer.setMuted(true);
    h.observer.setMuted(false);
    await wait(h, 10_000);
    await openFile(h, 'b.ts');
    const actions = h.calls[1]?.snapshot.recent_actions.map((a) => a.type);
    expect(actions).toEqual(['file_open', 'file_open']);
  });

  it('stop aborts an in-flight triage and discards its result (EC-66)', async () => {
    const h = started();
    h.script.push('manual');
    h.emit('file_open', { path: 'src/middleware/auth.ts' });
    await h.settle();
    const call = h.calls[0];
    expect(call?.signal.aborted).toBe(false);
    h.emit('file_open', { path: 'b.ts' }); // queued follow-up, dropped by stop
    h.observer.stop();
    expect(call?.signal.aborted).toBe(true);
    await h.observer.whenIdle();
    h.pendingCalls[0]?.resolve(WRONG_FILE);
    await h.settle();
    expect(h.calls).toHaveLength(1);
    expect(h.nudges()).toHaveLength(0);
    expect(h.actions).toEqual([]);
    expect(h.statuses().at(-1)).toEqual({ active: false, muted: false, lastEvaluation: null });
  });

  it('a decision that arrives after the user muted is suppressed as muted', async () => {
    const h = started();
    h.script.push('manual');
    h.emit('file_open', { path: 'src/middleware/auth.ts' });
    await h.settle();
    h.observer.setMuted(true);
    h.pendingCalls[0]?.resolve(WRONG_FILE);
    await h.observer.whenIdle();
    expect(h.nudges()).toHaveLength(0);
    expect(h.suppressions()).toEqual([
      { reason: 'muted', trigger: 'file_open', signal: 'wrong_file', confidence: 0.85 },
    ]);
  });

  it('EC-67: should_nudge with signal no_nudge is contradictory and sends nothing', async () => {
    const warnings: string[] = [];
    const clock = createFakeClock();
    const bus = createBus();
    const observer = createObserver({
      sessionId: SESSION,
      clock,
      logger: { debug: () => {}, error: () => {}, warn: (_obj, msg) => warnings.push(msg) },
      subscribe: bus.subscribe,
      getContext: () => ({ currentPhase: null }),
      triage: async () => ({ should_nudge: true, confidence: 0.95, signal: 'no_nudge', reasoning: '?' }),
      broadcast: (type) => {
        if (type === 'observer:nudge') throw new Error('must not nudge');
      },
      logAction: () => {},
    });
    observer.start();
    bus.emit('file_open', { path: 'a.ts' });
    await observer.whenIdle();
    expect(observer.stats().nudges).toBe(0);
    expect(warnings).toHaveLength(1);
  });

  it('Scenarios 10.15/10.16: no plan yet and no Dreyfus assessment still evaluates, with null phase and novice', async () => {
    const h = started();
    h.context.currentPhase = null;
    h.context.dreyfusStage = undefined;
    await openFile(h, 'README.md');
    expect(h.calls[0]?.snapshot).toMatchObject({ current_phase: null, dreyfus_stage: 'novice' });
    h.context.dreyfusStage = 'competent';
    await wait(h, 5_000);
    await openFile(h, 'README.md');
    expect(h.calls[1]?.snapshot.dreyfus_stage).toBe('competent');
  });

  it('the snapshot holds the last 20 actions, oldest first, with consecutive edits of one file collapsed', async () => {
    const h = started({ flowStateThreshold: 1_000 });
    for (let i = 0; i < 30; i += 1) {
      h.emit('mcp_tool_call', { tool: `t${i}` });
      await wait(h, 1_000);
    }
    h.emit('buffer_update', { path: 'x.ts' });
    h.emit('buffer_update', { path: 'x.ts' });
    await wait(h, 2_000);
    h.emit('buffer_update', { path: 'y.ts' });
    await openFile(h, 'y.ts');
    const recent = h.calls[0]?.snapshot.recent_actions ?? [];
    expect(recent).toHaveLength(20);
    expect(recent.slice(-3)).toEqual([
      { type: 'buffer_update', path: 'x.ts', ago: '2s', count: 2 },
      { type: 'buffer_update', path: 'y.ts', ago: '0s' },
      { type: 'file_open', path: 'y.ts', ago: '0s' },
    ]);
    expect(recent[0]).toEqual({ type: 'mcp_tool_call', ago: '19s' }); // t13 of t0..t29, 32 s in
  });

  it('setMuted on an inactive Observer is ignored (EC-70)', () => {
    const h = createHarness();
    h.observer.setMuted(true);
    expect(h.actions).toEqual([]);
    expect(h.broadcasts).toEqual([]);
  });

  it('broadcast and log failures never stop the Observer', async () => {
    const clock = createFakeClock();
    const bus = createBus();
    const observer = createObserver({
      sessionId: SESSION,
      clock,
      subscribe: bus.subscribe,
      getContext: () => ({ currentPhase: null }),
      triage: async () => STUCK,
      broadcast: () => {
        throw new Error('socket closed');
      },
      logAction: async () => {
        throw new Error('disk full');
      },
    });
    observer.start();
    bus.emit('file_open', { path: 'a.ts' });
    await observer.whenIdle();
    await clock.flush();
    expect(observer.stats().nudges).toBe(1);
    expect(observer.status().active).toBe(true);
  });
});

describe('Story 10: wire and log compatibility with @paige/protocol', () => {
  it('every broadcast matches the observer server-message schemas and every log row its action-data schema', async () => {
    const h = started();
    h.script.push(
      {
        should_nudge: true,
        confidence: 1.4, // out of range from a sloppy stand-in: clamped to 1
        signal: 'wrong_file',
        reasoning: 'x',
        suggested_context: {
          current_file: '',
          expected_file: null,
          time_in_file: '',
          phase_description: null,
        },
      },
      { should_nudge: true, confidence: 0.3, signal: 'edit_loop', reasoning: 'y' },
    );
    await openFile(h, 'src/middleware/auth.ts');
    await wait(h, 130_000);
    await openFile(h, 'src/routes.ts');
    h.observer.setMuted(true);
    await openFile(h, 'src/routes.ts');
    h.observer.stop();

    expect(h.nudges()).toEqual([
      {
        signal: 'wrong_file',
        confidence: 1,
        context: {
          current_file: 'src/middleware/auth.ts',
          expected_file: 'src/handlers/oauth.ts',
          time_in_file: null,
          phase_description: PHASE_1.description,
        },
      },
    ]);
    for (const b of h.broadcasts) expect(() => observerServerMessages[b.type].parse(b.payload)).not.toThrow();
    const checked = new Set<string>();
    for (const a of h.actions) {
      if (a.type === 'observer_triage') continue; // free-form data in the catalog
      expect(() => actionDataSchemas[a.type].parse(a.data)).not.toThrow();
      checked.add(a.type);
    }
    expect([...checked].sort()).toEqual(['nudge_sent', 'nudge_suppressed', 'observer_muted']);
    expect(SUPPRESSION_REASONS).toEqual(NudgeSuppressionReasonSchema.options);
  });
});

describe('settings and formatting', () => {
  it("defaults are the spec's values", () => {
    expect(DEFAULT_OBSERVER_SETTINGS).toEqual({
      idleMs: 300_000,
      bufferUpdateEvery: 5,
      explainEvery: 3,
      flowStateThreshold: 10,
      flowStateWindowMs: 60_000,
      confidenceThreshold: 0.7,
      cooldownMs: 120_000,
      recentActionLimit: 20,
      cooldownSkipsTriage: true,
    });
  });

  it('invalid settings throw INVALID_SETTINGS', () => {
    const make = (settings: object) => () => createHarness(settings);
    for (const bad of [
      { idleMs: 0 },
      { bufferUpdateEvery: 2.5 },
      { confidenceThreshold: 1.2 },
      { cooldownMs: Number.NaN },
    ]) {
      expect(make(bad)).toThrow(expect.objectContaining({ code: 'INVALID_SETTINGS' }));
    }
  });

  it('custom thresholds apply', async () => {
    const h = started({ bufferUpdateEvery: 2, confidenceThreshold: 0.9 });
    h.script.push(STUCK);
    h.emit('buffer_update', { path: 'a.ts' });
    h.emit('buffer_update', { path: 'a.ts' });
    await h.observer.whenIdle();
    expect(h.calls).toHaveLength(1);
    expect(h.suppressions().map((s) => s.reason)).toEqual(['low_confidence']);
  });

  it('durations read like the spec examples', () => {
    expect(formatDuration(12_400)).toBe('12s');
    expect(formatDuration(192_000)).toBe('3m12s');
    expect(formatDuration(240_000)).toBe('4m');
    expect(formatDuration(3_900_000)).toBe('1h05m');
    expect(formatDuration(-5)).toBe('0s');
  });
});
