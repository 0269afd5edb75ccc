import { describe, expect, it } from 'vitest';
import { createEditingHourScript, estimateTriageCost, runScriptedSession } from '../src/testing.js';

describe('Story 10: Observer cost guard (design brainstorm "Cost Estimation": ~20-40 triage calls per hour)', () => {
  it('a scripted hour of heavy editing stays under ~40 triage calls and a few cents at Haiku 4.5 prices', async () => {
    const script = createEditingHourScript();
    const count = (type: string) => script.filter((e) => e.type === type).length;
    // The script really is heavy: hundreds of edits, saves, file switches, Explain requests, phases, a 6-min idle.
    expect(count('buffer_update')).toBeGreaterThan(500);
    expect(count('file_save')).toBeGreaterThan(15);
    expect(count('file_open') + count('editor_tab_switch')).toBeGreaterThan(5);
    expect(count('user_explain_request')).toBeGreaterThan(0);
    expect(count('phase_completed')).toBe(3);
    const gaps = script.slice(1).map((e, i) => e.at - (script[i]?.at ?? 0));
    expect(Math.max(...gaps)).toBeGreaterThanOrEqual(6 * 60_000);

    const result = await runScriptedSession({ script });
    const cost = estimateTriageCost({ snapshots: result.snapshots });
    expect(result.stats.triageCalls).toBe(result.snapshots.length);
    expect(result.stats.triageCalls).toBeLessThanOrEqual(40);
    for (const trigger of [
      'file_open',
      'buffer_threshold',
      'explain_threshold',
      'phase_completed',
      'idle',
    ] as const) {
      expect(result.stats.triggers[trigger]).toBeGreaterThan(0);
    }
    expect(result.stats.suppressions.flow_state).toBeGreaterThan(result.stats.triageCalls);
    expect(cost.avgInputTokens).toBeGreaterThan(700);
    expect(cost.avgInputTokens).toBeLessThan(1_500);
    expect(cost.costUsd).toBeLessThan(0.1);
  });

  it('across ten different scripted hours the mean stays under 40 calls', async () => {
    const calls: number[] = [];
    for (let seed = 1; seed <= 10; seed += 1) {
      const result = await runScriptedSession({ script: createEditingHourScript({ seed }) });
      calls.push(result.stats.triageCalls);
    }
    const mean = calls.reduce((a, b) => a + b, 0) / calls.length;
    expect(mean).toBeLessThan(40);
  });

  it('the same seed gives the same hour and the same decisions (deterministic)', async () => {
    const a = await runScriptedSession({ script: createEditingHourScript({ seed: 7 }) });
    const b = await runScriptedSession({ script: createEditingHourScript({ seed: 7 }) });
    expect(a.stats).toEqual(b.stats);
    expect(a.snapshots).toEqual(b.snapshots);
  });
});
