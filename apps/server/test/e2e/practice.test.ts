/**
 * Story 11 (issue 10 item 2): practice mode through a real WebSocket client against the running server, with the
 * Messages-API stand-in: loading a kata, reviewing solutions with same-constraint history, unlocking constraints,
 * persisting attempts transactionally, and the error paths.
 */
import {
  appendKataAttempt,
  createKata,
  getKata,
  recordKnowledgeGap,
  type KataConstraint,
} from '@paige/store';
import {
  error,
  startMessagesApiStub,
  textReply,
  type MessagesApiStub,
  type StubRequest,
} from '@paige/llm/testing';
import { serverMessages } from '@paige/protocol';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, WsClient, type TestServer, actionData } from '../support/harness.js';

const CONSTRAINTS: KataConstraint[] = [
  { title: 'No mutation', description: 'Do not mutate the input array', minLevel: 1 },
  { title: 'Single pass', description: 'Walk the list once', minLevel: 2 },
  { title: 'No built-ins', description: 'No Array.prototype helpers', minLevel: 3 },
  { title: 'Typed errors', description: 'Throw a typed error for bad input', minLevel: 4 },
  { title: 'Under 10 lines', description: 'Keep the function under 10 lines', minLevel: 5 },
  { title: 'Constant memory', description: 'O(1) extra memory', minLevel: 7 },
];

let stub: MessagesApiStub;
let t: TestServer;
let client: WsClient;
let gapId: string;
let reviewLevel = 5;

function userText(req: StubRequest): string {
  return JSON.stringify(req.messages);
}

function route(req: StubRequest) {
  if (req.systemText.includes('practice reviewer')) {
    return textReply({
      review: `Clear structure; the empty-list case is handled. Level ${reviewLevel}.`,
      correct: true,
      level: reviewLevel,
      passed: reviewLevel >= 5,
      followUp:
        reviewLevel >= 5
          ? {
              type: 'constraint_escalation',
              constraint: 'Now keep O(1) extra memory',
              reason: 'You handle the basics.',
            }
          : { type: 'retry_hint', constraint: null, reason: 'Walk the list once.' },
      dreyfusSignal: reviewLevel >= 5 ? 'advancing' : 'stable',
      suggestions: ['What if the input has one element?'],
    });
  }
  return undefined;
}

function newKata(title: string): string {
  return createKata(t.server.parts.db, {
    knowledgeGapId: gapId,
    title,
    description: 'Write dedupe(list) returning the items without repeats, keeping the first occurrence.',
    scaffoldingCode: 'export function dedupe(list) {\n}\n',
    instructorNotes: 'SECRET_NOTES: the classic bug is comparing objects by reference.',
    constraints: CONSTRAINTS,
  }).id;
}

const actions = (type: string) => actionData(t, type);

beforeAll(async () => {
  stub = await startMessagesApiStub({ handler: route });
  t = await startTestServer({ env: { ANTHROPIC_BASE_URL: stub.url } });
  gapId = recordKnowledgeGap(t.server.parts.db, {
    sessionId: null,
    topic: 'Array iteration',
    severity: 'medium',
    evidence: 'used nested loops',
  }).id;
  ({ client } = await WsClient.hello(t.url));
});
afterAll(async () => {
  await client.close();
  await t.stop();
  await stub.stop();
});
beforeEach(() => {
  reviewLevel = 5;
  stub.setHandler(route);
});

describe('Story 11: Practice Review', () => {
  it('AS-5: a first attempt is reviewed from description, constraints and code, answering { review, level, passed, constraintsUnlocked }', async () => {
    const kataId = newKata('Dedupe a list');
    const before = stub.requests.length;
    const res = await client.request(
      'practice:submit_solution',
      { kataId, code: 'export const dedupe = (l) => [...new Set(l)];', activeConstraints: [] },
      'practice:solution_review',
    );
    expect(serverMessages['practice:solution_review'].safeParse(res.payload).success).toBe(true);
    expect(res.payload).toMatchObject({
      kataId,
      level: 5,
      passed: true,
      review: expect.stringContaining('Clear structure'),
    });
    // First attempt: best level 0 -> 5 unlocks every constraint with minLevel 1..5.
    expect((res.payload.constraintsUnlocked as KataConstraint[]).map((c) => c.minLevel)).toEqual([
      1, 2, 3, 4, 5,
    ]);
    const sent = stub.requests.slice(before);
    expect(sent).toHaveLength(1);
    const text = userText(sent[0]!);
    expect(text).toContain('Write dedupe(list)');
    expect(text).toContain('SECRET_NOTES');
    expect(text).toContain('new Set(l)');
    expect(text).toContain('None: this is the first attempt under these constraints.');
    expect(actions('review_requested').at(-1)).toMatchObject({ kataId });
    expect(actions('review_completed').at(-1)).toMatchObject({
      kataId,
      level: 5,
      passed: true,
      success: true,
    });
  });

  it('AS-6: best level 2, new level 5 -> the constraints at levels 3, 4 and 5 are unlocked, and load_kata shows them', async () => {
    const kataId = newKata('Dedupe again');
    appendKataAttempt(t.server.parts.db, kataId, {
      code: 'v1',
      review: 'ok',
      level: 2,
      passed: false,
      constraints: [],
    });
    const res = await client.request(
      'practice:submit_solution',
      { kataId, code: 'v2', activeConstraints: [] },
      'practice:solution_review',
    );
    expect((res.payload.constraintsUnlocked as KataConstraint[]).map((c) => c.title)).toEqual([
      'No built-ins',
      'Typed errors',
      'Under 10 lines',
    ]);
    const loaded = await client.request('practice:load_kata', { kataId }, 'practice:kata_load');
    expect(serverMessages['practice:kata_load'].safeParse(loaded.payload).success).toBe(true);
    expect((loaded.payload.constraints as KataConstraint[]).map((c) => c.minLevel)).toEqual([1, 2, 3, 4, 5]);
    expect(loaded.payload.kata).toMatchObject({
      id: kataId,
      attemptsCount: 2,
      bestLevel: 5,
      topic: 'Array iteration',
    });
    expect(JSON.stringify(loaded.payload)).not.toContain('SECRET_NOTES');
  });

  it('AS-7: with 3 previous attempts, a 4th is appended and all 4 are persisted', async () => {
    const kataId = newKata('Dedupe four times');
    for (const n of [1, 2, 3])
      appendKataAttempt(t.server.parts.db, kataId, {
        code: `attempt ${n}`,
        level: n,
        passed: false,
        constraints: [],
      });
    await client.request(
      'practice:submit_solution',
      { kataId, code: 'attempt 4', activeConstraints: [] },
      'practice:solution_review',
    );
    const attempts = getKata(t.server.parts.db, kataId)!.userAttempts;
    expect(attempts.map((a) => a.code)).toEqual(['attempt 1', 'attempt 2', 'attempt 3', 'attempt 4']);
    expect(attempts[3]).toMatchObject({
      level: 5,
      passed: true,
      review: expect.stringContaining('Clear structure'),
    });
  });

  it('AS-8: with constraints A+B active, only previous A+B attempts are sent to the model', async () => {
    const kataId = newKata('Dedupe with constraints');
    const [a, b] = [CONSTRAINTS[0]!, CONSTRAINTS[1]!];
    appendKataAttempt(t.server.parts.db, kataId, {
      code: 'NO_CONSTRAINT_ATTEMPT',
      level: 3,
      passed: false,
      constraints: [],
    });
    appendKataAttempt(t.server.parts.db, kataId, {
      code: 'ONLY_A_ATTEMPT',
      level: 3,
      passed: false,
      constraints: [a],
    });
    appendKataAttempt(t.server.parts.db, kataId, {
      code: 'A_AND_B_ATTEMPT',
      level: 4,
      passed: false,
      constraints: [b, a],
    });
    const before = stub.requests.length;
    await client.request(
      'practice:submit_solution',
      { kataId, code: 'new code', activeConstraints: ['No mutation', 'Single pass'] },
      'practice:solution_review',
    );
    const text = userText(stub.requests.slice(before)[0]!);
    expect(text).toContain('A_AND_B_ATTEMPT');
    expect(text).not.toContain('ONLY_A_ATTEMPT');
    expect(text).not.toContain('NO_CONSTRAINT_ATTEMPT');
    expect(text).toContain('No mutation: Do not mutate the input array');
    const stored = getKata(t.server.parts.db, kataId)!.userAttempts.at(-1)!;
    expect(stored.constraints?.map((c) => c.title)).toEqual(['No mutation', 'Single pass']);
  });

  it('AS-9: a transient API failure is retried and the review still arrives', async () => {
    const kataId = newKata('Dedupe retry');
    const before = stub.requests.length;
    stub.reply(error(529, 'overloaded_error'));
    const res = await client.request(
      'practice:submit_solution',
      { kataId, code: 'x', activeConstraints: [] },
      'practice:solution_review',
      10_000,
    );
    expect(res.payload.level).toBe(5);
    expect(stub.requests.length - before).toBe(2);
  });

  it('AS-10: when every retry fails, review:error carries a user-friendly message and no attempt is stored', async () => {
    const kataId = newKata('Dedupe failing');
    stub.reply(
      error(500, 'api_error'),
      error(500, 'api_error'),
      error(500, 'api_error'),
      error(500, 'api_error'),
    );
    const res = await client.request(
      'practice:submit_solution',
      { kataId, code: 'x', activeConstraints: [] },
      'review:error',
      15_000,
    );
    expect(res.payload).toMatchObject({ kataId, code: 'API_SERVER_ERROR' });
    expect(String(res.payload.error)).toMatch(
      /^Could not review your solution: the AI service is having problems/,
    );
    expect(getKata(t.server.parts.db, kataId)!.userAttempts).toEqual([]);
    expect(actions('review_completed').at(-1)).toMatchObject({ kataId, success: false });
  });

  it('AS-11: an unknown kataId answers review:error without any model call', async () => {
    const before = stub.requests.length;
    const res = await client.request(
      'practice:submit_solution',
      { kataId: 'no-such-kata', code: 'x', activeConstraints: [] },
      'review:error',
    );
    expect(res.payload).toMatchObject({ kataId: 'no-such-kata', code: 'KATA_NOT_FOUND' });
    expect(stub.requests.length).toBe(before);
  });

  it('a failed write returns review:error and leaves no partial state (attempt and unlocks are one transaction)', async () => {
    const kataId = newKata('Dedupe disk full');
    appendKataAttempt(t.server.parts.db, kataId, { code: 'v1', level: 2, passed: false, constraints: [] });
    const db = t.server.parts.db.sqlite;
    db.exec(
      `CREATE TRIGGER fail_kata_update BEFORE UPDATE ON kata_specs BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END`,
    );
    try {
      const res = await client.request(
        'practice:submit_solution',
        { kataId, code: 'v2', activeConstraints: [] },
        'review:error',
      );
      expect(res.payload.kataId).toBe(kataId);
      expect(String(res.payload.error)).toMatch(/^Could not review your solution/);
    } finally {
      db.exec('DROP TRIGGER fail_kata_update');
    }
    const kata = getKata(t.server.parts.db, kataId)!;
    expect(kata.userAttempts.map((a) => a.code)).toEqual(['v1']);
    const loaded = await client.request('practice:load_kata', { kataId }, 'practice:kata_load');
    expect((loaded.payload.constraints as KataConstraint[]).map((c) => c.minLevel)).toEqual([1, 2]);
  });

  it('practice:load_kata of a kata with no attempts shows no unlocked constraint; an unknown kata answers review:error', async () => {
    const kataId = newKata('Fresh kata');
    const loaded = await client.request('practice:load_kata', { kataId }, 'practice:kata_load');
    expect(loaded.payload).toMatchObject({
      kata: {
        id: kataId,
        title: 'Fresh kata',
        attemptsCount: 0,
        bestLevel: null,
        scaffoldingCode: 'export function dedupe(list) {\n}\n',
      },
      constraints: [],
    });
    const missing = await client.request('practice:load_kata', { kataId: 'missing' }, 'review:error');
    expect(missing.payload.code).toBe('KATA_NOT_FOUND');
  });
});

describe('issue 20 item 3: the practice review carries correct, followUp and dreyfusSignal; kata_loaded, review_requested and review_passed are recorded', () => {
  it('brainstorm call 7 fields on the wire and the three actions in the log', async () => {
    const kataId = newKata('Dedupe recorded');
    const loaded = await client.request('practice:load_kata', { kataId }, 'practice:kata_load');
    expect(loaded.type).toBe('practice:kata_load');
    expect(actions('kata_loaded').at(-1)).toMatchObject({ kataId, attemptsCount: 0, bestLevel: null });
    const res = await client.request(
      'practice:submit_solution',
      {
        kataId,
        code: 'export const dedupe = (l) => l.filter((x, i) => l.indexOf(x) === i);',
        activeConstraints: [],
      },
      'practice:solution_review',
    );
    expect(res.payload).toMatchObject({
      correct: true,
      passed: true,
      followUp: {
        type: 'constraint_escalation',
        constraint: 'Now keep O(1) extra memory',
        reason: 'You handle the basics.',
      },
      dreyfusSignal: 'advancing',
      suggestions: ['What if the input has one element?'],
      activeConstraints: [],
    });
    expect(actions('review_requested').at(-1)).toMatchObject({ kataId });
    expect(actions('review_passed').at(-1)).toEqual({ kataId, level: 5 });
    expect(getKata(t.server.parts.db, kataId)!.userAttempts.at(-1)).toMatchObject({
      correct: true,
      dreyfusSignal: 'advancing',
    });
  });

  it('a review that does not pass records no review_passed', async () => {
    reviewLevel = 3;
    const kataId = newKata('Dedupe not yet');
    const passedBefore = actions('review_passed').length;
    const res = await client.request(
      'practice:submit_solution',
      { kataId, code: 'x', activeConstraints: [] },
      'practice:solution_review',
    );
    expect(res.payload).toMatchObject({
      passed: false,
      followUp: { type: 'retry_hint', reason: 'Walk the list once.' },
      dreyfusSignal: 'stable',
    });
    expect(actions('review_passed').length).toBe(passedBefore);
  });
});

describe('issue 18: every constraint with its unlock level and state; only unlocked constraints may be chosen', () => {
  it('practice:kata_load sends allConstraints (locked ones with the level that unlocks them) and the attempts', async () => {
    const kataId = newKata('Dedupe states');
    appendKataAttempt(t.server.parts.db, kataId, {
      code: 'v1',
      review: 'A start.',
      level: 2,
      passed: false,
      constraints: [CONSTRAINTS[0]!],
    });
    const loaded = await client.request('practice:load_kata', { kataId }, 'practice:kata_load');
    expect(serverMessages['practice:kata_load'].safeParse(loaded.payload).success).toBe(true);
    expect(loaded.payload.allConstraints).toEqual(
      CONSTRAINTS.map((c) => ({ ...c, state: c.minLevel <= 2 ? 'unlocked' : 'locked' })),
    );
    expect((loaded.payload.constraints as KataConstraint[]).map((c) => c.title)).toEqual([
      'No mutation',
      'Single pass',
    ]);
    expect(loaded.payload.attempts).toEqual([
      { number: 1, code: 'v1', review: 'A start.', level: 2, passed: false, constraints: ['No mutation'] },
    ]);
  });

  it('a locked constraint is refused with review:error CONSTRAINT_LOCKED naming its level, before any model call; nothing is stored', async () => {
    const kataId = newKata('Dedupe locked');
    appendKataAttempt(t.server.parts.db, kataId, { code: 'v1', level: 2, passed: false, constraints: [] });
    const before = stub.requests.length;
    const res = await client.request(
      'practice:submit_solution',
      { kataId, code: 'v2', activeConstraints: ['No mutation', 'Constant memory'] },
      'review:error',
    );
    expect(serverMessages['review:error'].safeParse(res.payload).success).toBe(true);
    expect(res.payload).toMatchObject({ kataId, code: 'CONSTRAINT_LOCKED' });
    expect(String(res.payload.error)).toContain('"Constant memory" (unlocks at level 7)');
    expect(String(res.payload.error)).toContain('your best level on this kata is 2');
    expect(stub.requests.length).toBe(before);
    expect(getKata(t.server.parts.db, kataId)!.userAttempts).toHaveLength(1);
  });

  it('the chosen unlocked constraints are the ones reviewed under, echoed in activeConstraints (unknown titles ignored, EC-77)', async () => {
    const kataId = newKata('Dedupe chosen');
    appendKataAttempt(t.server.parts.db, kataId, { code: 'v1', level: 3, passed: false, constraints: [] });
    const res = await client.request(
      'practice:submit_solution',
      { kataId, code: 'v2', activeConstraints: ['No built-ins', 'Made up'] },
      'practice:solution_review',
    );
    expect(res.payload.activeConstraints).toEqual(['No built-ins']);
    expect(
      getKata(t.server.parts.db, kataId)!
        .userAttempts.at(-1)
        ?.constraints?.map((c) => c.title),
    ).toEqual(['No built-ins']);
  });
});

describe('issue 20 item 1: passing a kata built for a gap marks the gap addressed (Story 12 knowledgeGapsAddressed)', () => {
  it('the first passed review addresses the gap, logs knowledge_gap_addressed, and the dashboard stats count it', async () => {
    const db = t.server.parts.db;
    const gap = recordKnowledgeGap(db, {
      sessionId: null,
      topic: 'Set semantics',
      severity: 'high',
      evidence: 'compared objects by reference',
    });
    const kataId = createKata(db, {
      knowledgeGapId: gap.id,
      title: 'Unique by key',
      description: 'd',
      scaffoldingCode: '',
      instructorNotes: 'n',
      constraints: [],
    }).id;
    const stats = async () =>
      (await client.request('dashboard:request', { statsPeriod: '7d' }, 'dashboard:state')).payload.stats as {
        knowledgeGapsAddressed: number;
      };
    const before = (await stats()).knowledgeGapsAddressed;
    reviewLevel = 4;
    await client.request(
      'practice:submit_solution',
      { kataId, code: 'x', activeConstraints: [] },
      'practice:solution_review',
    );
    expect((await stats()).knowledgeGapsAddressed).toBe(before);
    reviewLevel = 6;
    await client.request(
      'practice:submit_solution',
      { kataId, code: 'y', activeConstraints: [] },
      'practice:solution_review',
    );
    expect((await stats()).knowledgeGapsAddressed).toBe(before + 1);
    expect(actions('knowledge_gap_addressed').filter((a) => a.gapId === gap.id)).toEqual([
      { gapId: gap.id, topic: 'Set semantics', reason: 'kata_passed', kataId },
    ]);
  });
});

describe('issue 20 item 7: the practice review passes the solution-leak guard before it is stored or sent', () => {
  it('a review that hands over a corrected solution is stripped; the learner code it quotes stays; solution_guard_applied is logged', async () => {
    const kataId = newKata('Dedupe leak');
    const submitted =
      'export function dedupe(list) {\n  const out = [];\n  for (const x of list) if (!out.includes(x)) out.push(x);\n  return out;\n}';
    stub.reply(
      textReply({
        review:
          'Your check `if (!out.includes(x)) out.push(x);` is quadratic. Faster:\n```js\nexport function dedupe(list) {\n  const seen = new Set();\n  return list.filter((x) => !seen.has(x) && seen.add(x));\n}\n```',
        correct: true,
        level: 4,
        passed: false,
        followUp: { type: 'retry_hint', constraint: null, reason: 'Think about lookup cost.' },
        dreyfusSignal: 'stable',
        suggestions: ['What does a Set give you that an array does not?'],
      }),
    );
    const res = await client.request(
      'practice:submit_solution',
      { kataId, code: submitted, activeConstraints: [] },
      'practice:solution_review',
    );
    expect(res.payload.review).toContain('`if (!out.includes(x)) out.push(x);`');
    expect(res.payload.review).not.toContain('seen.add(x)');
    expect(res.payload.review).toContain('[Paige left a code example out here');
    expect(getKata(t.server.parts.db, kataId)!.userAttempts.at(-1)?.review).toBe(res.payload.review);
    expect(actions('solution_guard_applied').at(-1)).toMatchObject({
      source: 'practice_review',
      hintLevel: 'medium',
      blocksRemoved: 1,
      inlineRemoved: 0,
    });
  });
});
