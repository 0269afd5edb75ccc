import { describe, expect, it } from 'vitest';
import {
  JoinRequestSchema,
  MAX_RECORDS_PER_PUSH,
  PushRequestSchema,
  TeamRecordSchema,
  type TeamRecord,
} from '../src/index.js';

const learnerId = '3b1f0a4e-6f1c-4c57-9d4b-2d7f1f0c9a11';
const at = '2026-12-07T10:00:00.000Z';

function summary(seq: number, over: Record<string, unknown> = {}): TeamRecord {
  return {
    seq,
    kind: 'session_summary',
    occurredAt: at,
    data: {
      sessionId: 's-1',
      issueNumber: 42,
      issueTitle: 'Fix login/logout redirect loop',
      status: 'completed',
      phasesCompleted: 3,
      phasesTotal: 4,
      startedAt: at,
      endedAt: at,
      durationMs: 1_800_000,
      hintsByLevel: { off: 0, low: 2, medium: 1, high: 0 },
      nudges: 3,
      reviews: 1,
      costUsd: 0.12,
      ...over,
    },
  } as TeamRecord;
}

describe('issue 26 item 2: what a learner shares', () => {
  it('accepts a session summary, a gap, a stage, a practice result and a cost', () => {
    const records = [
      summary(1),
      {
        seq: 2,
        kind: 'knowledge_gap',
        occurredAt: at,
        data: {
          gapId: 'g1',
          topic: 'async error handling',
          severity: 'high',
          addressed: false,
          identifiedAt: at,
          addressedAt: null,
          sessionId: 's-1',
        },
      },
      {
        seq: 3,
        kind: 'dreyfus_stage',
        occurredAt: at,
        data: { skillArea: 'testing', stage: 'competent', confidence: 0.7, assessedAt: at },
      },
      {
        seq: 4,
        kind: 'practice_result',
        occurredAt: at,
        data: {
          kataId: 'k1',
          title: 'FizzBuzz with a twist',
          passed: true,
          level: 3,
          testsPassed: 5,
          testsTotal: 5,
          attemptedAt: at,
        },
      },
      {
        seq: 5,
        kind: 'model_cost',
        occurredAt: at,
        data: {
          sessionId: null,
          model: 'claude-haiku-4-5',
          calls: 4,
          inputTokens: 1000,
          outputTokens: 200,
          costUsd: 0.002,
        },
      },
    ];
    expect(PushRequestSchema.safeParse({ learnerId, records }).success).toBe(true);
  });

  it('rejects a record carrying a code, diff, content or path field (never code, diffs, contents or paths)', () => {
    for (const field of ['code', 'diff', 'content', 'path', 'transcript']) {
      const bad = summary(1);
      (bad.data as Record<string, unknown>)[field] = 'x';
      expect(TeamRecordSchema.safeParse(bad).success, field).toBe(false);
    }
    // an extra field on the envelope too
    expect(TeamRecordSchema.safeParse({ ...summary(1), files: ['a'] }).success).toBe(false);
  });

  it('rejects path-like and code-like text in free-text fields', () => {
    const bad = [
      '/home/ana/project/src/app.ts',
      'Fix src/auth/login.ts',
      '~/secrets',
      '../etc/passwd',
      'C:\\Users\\ana\\app.js',
      'const x = () => { return 1; }',
      'function foo(a) {',
      'line one\nline two',
      'call();',
    ];
    for (const title of bad)
      expect(TeamRecordSchema.safeParse(summary(1, { issueTitle: title })).success, title).toBe(false);
    for (const title of [
      'Fix login/logout redirect loop',
      'Add `--verbose` flag to the CLI',
      'Crash on empty input (issue #12)',
    ]) {
      expect(TeamRecordSchema.safeParse(summary(1, { issueTitle: title })).success, title).toBe(true);
    }
  });

  it('limits the push: size, count, distinct seqs, positive seqs', () => {
    const many = Array.from({ length: MAX_RECORDS_PER_PUSH + 1 }, (_, i) => summary(i + 1));
    expect(PushRequestSchema.safeParse({ learnerId, records: many }).success).toBe(false);
    expect(PushRequestSchema.safeParse({ learnerId, records: [] }).success).toBe(false);
    expect(PushRequestSchema.safeParse({ learnerId, records: [summary(1), summary(1)] }).success).toBe(false);
    expect(PushRequestSchema.safeParse({ learnerId, records: [summary(0)] }).success).toBe(false);
    expect(PushRequestSchema.safeParse({ learnerId: 'nope', records: [summary(1)] }).success).toBe(false);
    expect(TeamRecordSchema.safeParse(summary(1, { issueTitle: 'x'.repeat(201) })).success).toBe(false);
  });

  it('validates a join request', () => {
    expect(JoinRequestSchema.safeParse({ code: `pti_${'a'.repeat(32)}`, displayName: 'Ana' }).success).toBe(
      true,
    );
    expect(JoinRequestSchema.safeParse({ code: 'abc', displayName: 'Ana' }).success).toBe(false);
  });
});
