/**
 * Issue 25 item 3: the practice store against a fake `/ws`: a kata loads with its constraints (locked ones cannot
 * be chosen), a draft starts from the scaffolding, a submission sends the draft with the chosen constraints, the
 * review shows with the newly unlocked constraints and reloads the kata, and a refused load says why in words.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ServerPayload } from '@paige/protocol';
import { createPracticeStore, type PracticeStore } from '../../src/state/practice-store.js';
import { fakeServer, settle, type FakeServer } from './support/fake-server.js';

const ISO = '2026-02-11T10:00:00.000Z';
const constraint = { title: 'No loops', description: 'Use recursion', minLevel: 3 };
const kataLoad: ServerPayload<'practice:kata_load'> = {
  kata: {
    id: 'k1',
    title: 'Recursion',
    description: 'Walk a tree',
    scaffoldingCode: 'function walk() {}',
    topic: null,
    attemptsCount: 1,
    bestLevel: 2,
  },
  constraints: [constraint],
  allConstraints: [
    { ...constraint, state: 'unlocked' },
    { title: 'No recursion', description: 'Use an explicit stack', minLevel: 6, state: 'locked' },
  ],
  attempts: [
    {
      number: 1,
      code: 'function walk() { return 1; }',
      review: 'A start',
      level: 2,
      passed: false,
      constraints: [],
      submittedAt: ISO,
    },
  ],
};
const review: ServerPayload<'practice:solution_review'> = {
  kataId: 'k1',
  review: 'Correct and tidy',
  level: 5,
  passed: true,
  constraintsUnlocked: [constraint],
  correct: true,
  followUp: {
    type: 'constraint_escalation',
    constraint: 'Now without recursion',
    reason: 'Stacks make the depth explicit',
  },
  dreyfusSignal: 'advancing',
  suggestions: ['What happens on a cycle?'],
  activeConstraints: ['No loops'],
};

let server: FakeServer;
let practice: PracticeStore;
afterEach(() => {
  practice?.dispose();
  server?.client.close();
});

describe('Issue 25 item 3: the practice store', () => {
  it('loads a kata, lets only unlocked constraints be chosen, submits the draft and shows the review', async () => {
    server = await fakeServer();
    let reviewed = 0;
    practice = createPracticeStore(server.client, { onReviewed: () => reviewed++ });
    practice.open('k1');
    expect(practice.store.get()).toMatchObject({ current: 'k1', katas: { k1: { status: 'loading' } } });
    server.push('practice:kata_load', kataLoad, server.lastRequest('practice:load_kata').id);
    await settle();
    const entry = practice.store.get().katas.k1!;
    expect(entry.status).toBe('ready');
    expect(entry.constraints.map((c) => [c.title, c.state])).toEqual([
      ['No loops', 'unlocked'],
      ['No recursion', 'locked'],
    ]);
    expect(practice.draft('k1')).toBe('function walk() {}');
    practice.toggleConstraint('k1', 'No recursion'); // locked: ignored
    practice.toggleConstraint('k1', 'No loops');
    expect(practice.store.get().katas.k1!.selected).toEqual(['No loops']);

    practice.setDraft('k1', 'function walk(n) { return n ? walk(n.next) : 0; }');
    const submitted = practice.submit('k1');
    expect(practice.store.get().katas.k1!.submission.status).toBe('pending');
    const req = server.lastRequest('practice:submit_solution');
    expect(req.payload).toEqual({
      kataId: 'k1',
      code: 'function walk(n) { return n ? walk(n.next) : 0; }',
      activeConstraints: ['No loops'],
    });
    server.push('practice:solution_review', review, req.id);
    await settle();
    // the kata reloads after a review (its best level and constraints changed)
    server.push(
      'practice:kata_load',
      { ...kataLoad, kata: { ...kataLoad.kata, bestLevel: 5, attemptsCount: 2 } },
      server.lastRequest('practice:load_kata').id,
    );
    await submitted;
    const after = practice.store.get().katas.k1!;
    expect(after.submission).toMatchObject({ status: 'reviewed', review: { level: 5, passed: true } });
    expect(after.newlyUnlocked).toEqual(['No loops']);
    expect(after.kata?.bestLevel).toBe(5);
    expect(reviewed).toBe(1);
    expect(server.sent('practice:load_kata')).toHaveLength(2);
  });

  it('a kata that does not exist says so in words; a review error stays in place', async () => {
    server = await fakeServer();
    practice = createPracticeStore(server.client);
    practice.open('gone');
    server.push(
      'review:error',
      { kataId: 'gone', error: 'no such kata', code: 'KATA_NOT_FOUND' },
      server.lastRequest('practice:load_kata').id,
    );
    await settle();
    expect(practice.store.get().katas.gone).toMatchObject({
      status: 'error',
      code: 'KATA_NOT_FOUND',
      error: expect.stringContaining('does not exist') as string,
    });

    practice.open('k1');
    server.push('practice:kata_load', kataLoad, server.lastRequest('practice:load_kata').id);
    await settle();
    const submitted = practice.submit('k1');
    server.push(
      'review:error',
      { kataId: 'k1', error: 'Daily budget spent', code: 'BUDGET_EXCEEDED' },
      server.lastRequest('practice:submit_solution').id,
    );
    await submitted;
    expect(practice.store.get().katas.k1!.submission).toEqual({
      status: 'error',
      error: 'Daily budget spent',
      code: 'BUDGET_EXCEEDED',
    });
  });
});
