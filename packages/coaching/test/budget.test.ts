/** The daily budget for optional model calls (issue 10 item 4; issue 25 item 5): one rule, one place. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getApiCostSince, logApiCall, openDatabase } from '@paige/store';
import { describe, expect, it } from 'vitest';
import { BUDGETED_CALLS, BudgetExceededError, createBudget, utcDayStart } from '../src/budget.js';

describe('issue 10 item 4: the daily budget', () => {
  it('names every call it refuses, Review My Work included', () => {
    expect([...BUDGETED_CALLS].sort()).toEqual([
      'explain_this',
      'issue_assessment',
      'learning_materials',
      'observer_triage',
      'review_my_work',
    ]);
  });

  it('no budget set: never exhausted, nothing refused, whatever was spent', () => {
    const budget = createBudget({ dailyUsd: undefined, spentSince: () => 1_000 });
    expect(budget.exhausted()).toBe(false);
    for (const call of BUDGETED_CALLS) expect(() => budget.assertAllows(call)).not.toThrow();
  });

  it('counts the spend of the current UTC day only, and refuses with BUDGET_EXCEEDED once it reached the budget', () => {
    let now = new Date('2026-12-07T23:30:00Z');
    const asked: string[] = [];
    const refused: unknown[] = [];
    const budget = createBudget({
      dailyUsd: 1,
      now: () => now,
      spentSince: (since) => {
        asked.push(since);
        return since === '2026-12-07T00:00:00.000Z' ? 1.25 : 0;
      },
      onRefused: (info) => refused.push(info),
    });
    expect(budget.exhausted()).toBe(true);
    let thrown: unknown;
    try {
      budget.assertAllows('review_my_work');
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(BudgetExceededError);
    expect(thrown).toMatchObject({
      code: 'BUDGET_EXCEEDED',
      spentUsd: 1.25,
      budgetUsd: 1,
      call: 'review_my_work',
    });
    expect((thrown as Error).message).toContain('$1.25 of $1.00');
    expect(refused).toEqual([{ call: 'review_my_work', spentUsd: 1.25, budgetUsd: 1 }]);
    expect(asked.every((s) => s === '2026-12-07T00:00:00.000Z')).toBe(true);
    // midnight UTC: a new day, a new budget
    now = new Date('2026-12-08T00:00:01Z');
    expect(budget.exhausted()).toBe(false);
    expect(() => budget.assertAllows('explain_this')).not.toThrow();
  });

  it('reads the spend from a real api_call_log', () => {
    const dir = mkdtempSync(join(tmpdir(), 'paige-budget-'));
    const db = openDatabase(join(dir, 'paige.db'));
    try {
      const budget = createBudget({ dailyUsd: 0.5, spentSince: (since) => getApiCostSince(db, since) });
      expect(budget.spentToday()).toBe(0);
      logApiCall(db, {
        sessionId: null,
        callType: 'explain_this',
        model: 'claude-sonnet-4-6',
        inputHash: 'h',
        latencyMs: 10,
        inputTokens: 1,
        outputTokens: 1,
        costEstimate: 0.6,
      });
      expect(budget.spentToday()).toBeCloseTo(0.6);
      expect(() => budget.assertAllows('observer_triage')).toThrow(BudgetExceededError);
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('utcDayStart is midnight UTC of the day', () => {
    expect(utcDayStart(new Date('2026-03-01T05:06:07+09:00'))).toBe('2026-02-28T00:00:00.000Z');
  });
});
