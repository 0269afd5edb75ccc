/**
 * Issue 24: practice that runs, through a real WebSocket client against the running server with real child
 * processes: Run answers per-test results (no model call), a kata without runnable tests says so, Submit runs the
 * tests first and a failing run cannot pass, two windows run at once, a runaway solution leaves the server
 * responsive, cancelling answers `cancelled`, and the runs are stored and logged.
 */
import {
  createChallenge,
  createKata,
  getKnowledgeGap,
  listKataRuns,
  recordKnowledgeGap,
  getKata,
  type KataConstraint,
} from '@paige/store';
import { startMessagesApiStub, textReply, type MessagesApiStub, type StubRequest } from '@paige/llm/testing';
import { serverMessages, type KataTests } from '@paige/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, withToken, WsClient, type TestServer, actionData } from '../support/harness.js';

const TESTS: KataTests = {
  language: 'javascript',
  preamble: "import { slugify } from './solution.js';",
  cases: [
    { name: 'spaces become dashes', code: "assert.equal(slugify('a b c'), 'a-b-c');" },
    {
      name: 'letters become lower case',
      code: "assert.equal(slugify('Hello World'), 'hello-world', 'upper case letters must be lowered');",
    },
  ],
};
const GOOD = "export function slugify(title) {\n  return title.toLowerCase().split(' ').join('-');\n}\n";
const HALF = "export function slugify(title) {\n  return title.split(' ').join('-');\n}\n";
const LOOP = 'export function slugify() {\n  for (;;) {}\n}\n';
const CONSTRAINTS: KataConstraint[] = [{ title: 'No split', description: 'Do not use split', minLevel: 3 }];

let stub: MessagesApiStub;
let t: TestServer;
let client: WsClient;
let gapId: string;
const reviews: string[] = [];

function route(req: StubRequest) {
  if (req.systemText.includes('explain a concept in their own words')) {
    return textReply({
      criteria: [
        { criterion: 'Says it runs after render', met: true, note: 'Yes.' },
        { criterion: 'Says cleanup runs before the next effect', met: true, note: 'Yes.' },
      ],
      passed: true,
      feedback: 'You explained both parts.',
    });
  }
  if (req.systemText.includes('practice reviewer')) {
    reviews.push(JSON.stringify(req.messages));
    // The model says it passes; the server must not let a failing run pass.
    return textReply({
      review: 'The test "letters become lower case" fails: look at the case of the letters.',
      correct: true,
      level: 6,
      passed: true,
      followUp: null,
      dreyfusSignal: 'stable',
      suggestions: [],
    });
  }
  return undefined;
}

function newKata(title: string, tests: KataTests | null = TESTS): string {
  return createKata(t.server.parts.db, {
    knowledgeGapId: gapId,
    title,
    description: 'Turn a title into a slug.',
    scaffoldingCode: 'export function slugify(title) {\n  // TODO\n}\n',
    instructorNotes: 'n',
    constraints: CONSTRAINTS,
    tests,
  }).id;
}

const actions = (type: string) => actionData(t, type);

beforeAll(async () => {
  stub = await startMessagesApiStub({ handler: route });
  t = await startTestServer({ env: { ANTHROPIC_BASE_URL: stub.url } });
  gapId = recordKnowledgeGap(t.server.parts.db, {
    sessionId: null,
    topic: 'String methods',
    severity: 'medium',
    evidence: 'e',
  }).id;
  ({ client } = await WsClient.hello(t.url));
});
afterAll(async () => {
  await client.close();
  await t.stop();
  await stub.stop();
});

describe('issue 24: practice that runs', () => {
  it('practice:kata_load shows the runnable tests; Run answers per-test results with the failing assertion, without a model call', async () => {
    const kataId = newKata('Slugify');
    const load = await client.request('practice:load_kata', { kataId }, 'practice:kata_load');
    expect((load.payload.kata as { tests: KataTests }).tests).toEqual(TESTS);
    const calls = stub.requests.length;
    const reply = await client.request('practice:run', { kataId, code: HALF }, 'practice:run_result', 15_000);
    expect(serverMessages['practice:run_result'].safeParse(reply.payload).success).toBe(true);
    const result = reply.payload.result as {
      status: string;
      tests: Array<{ name: string; status: string; message: string | null }>;
    };
    expect(result.status).toBe('failed');
    expect(result.tests.map((x) => [x.name, x.status])).toEqual([
      ['spaces become dashes', 'pass'],
      ['letters become lower case', 'fail'],
    ]);
    expect(result.tests[1]?.message).toContain('upper case letters must be lowered');
    expect(stub.requests.length).toBe(calls);
    const passing = await client.request(
      'practice:run',
      { kataId, code: GOOD },
      'practice:run_result',
      15_000,
    );
    expect((passing.payload.result as { status: string }).status).toBe('passed');
    expect(
      listKataRuns(t.server.parts.db, kataId)
        .map((r) => r.result.status)
        .sort(),
    ).toEqual(['failed', 'passed']);
    expect(
      actions('kata_run')
        .filter((a) => a.kataId === kataId)
        .map((a) => a.trigger),
    ).toEqual(['run', 'run']);
  });

  it('a kata without runnable tests says so (NO_RUNNABLE_TESTS); an unknown kata is KATA_NOT_FOUND', async () => {
    const kataId = newKata('Old kata', null);
    const load = await client.request('practice:load_kata', { kataId }, 'practice:kata_load');
    expect((load.payload.kata as { tests: unknown }).tests).toBeNull();
    const reply = await client.request('practice:run', { kataId, code: GOOD }, 'practice:run_error');
    expect(reply.payload).toMatchObject({ kataId, code: 'NO_RUNNABLE_TESTS' });
    const missing = await client.request(
      'practice:run',
      { kataId: 'nope', code: GOOD },
      'practice:run_error',
    );
    expect(missing.payload).toMatchObject({ code: 'KATA_NOT_FOUND' });
  });

  it('Submit runs the tests first: the reviewer sees the failing test, passed is false, the attempt keeps the run', async () => {
    const kataId = newKata('Slugify for review');
    reviews.length = 0;
    const reply = await client.request(
      'practice:submit_solution',
      { kataId, code: HALF, activeConstraints: [] },
      'practice:solution_review',
      20_000,
    );
    expect(reviews).toHaveLength(1);
    expect(reviews[0]).toContain('FAIL \\"letters become lower case\\"');
    expect(reply.payload.passed).toBe(false);
    expect((reply.payload.run as { status: string }).status).toBe('failed');
    expect(getKata(t.server.parts.db, kataId)?.userAttempts[0]?.run?.status).toBe('failed');
    expect(listKataRuns(t.server.parts.db, kataId)[0]?.trigger).toBe('submit');
    // Story 11 unlocking is unchanged: the level (6) unlocks the level-3 constraint, whatever the tests said.
    expect((reply.payload.constraintsUnlocked as KataConstraint[]).map((c) => c.title)).toEqual(['No split']);
    const good = await client.request(
      'practice:submit_solution',
      { kataId, code: GOOD, activeConstraints: [] },
      'practice:solution_review',
      20_000,
    );
    expect(good.payload.passed).toBe(true);
    expect((good.payload.run as { status: string }).status).toBe('passed');
  });

  it('two windows run at once and both are answered; /health and another socket answer while a runaway runs', async () => {
    const kataId = newKata('Concurrent');
    const { client: other } = await WsClient.hello(t.url);
    try {
      const runaway = client.request('practice:run', { kataId, code: LOOP }, 'practice:run_result', 30_000);
      const started = Date.now();
      const second = await other.request(
        'practice:run',
        { kataId, code: GOOD },
        'practice:run_result',
        15_000,
      );
      expect((second.payload.result as { status: string }).status).toBe('passed');
      const health = await fetch(`${t.url}/health`, { headers: withToken(t.url, {}) });
      expect(health.status).toBe(200);
      const tree = await other.request('practice:load_kata', { kataId }, 'practice:kata_load');
      expect(tree.type).toBe('practice:kata_load');
      expect(Date.now() - started).toBeLessThan(8_000);
      const done = await runaway;
      expect((done.payload.result as { status: string; message: string }).status).toBe('timeout');
    } finally {
      await other.close();
    }
  }, 40_000);

  it("practice:cancel_run cancels this window's run at once", async () => {
    const kataId = newKata('Cancel');
    const pending = client.request('practice:run', { kataId, code: LOOP }, 'practice:run_result', 10_000);
    await new Promise((r) => setTimeout(r, 400));
    const started = Date.now();
    client.send('practice:cancel_run', { kataId });
    const reply = await pending;
    expect((reply.payload.result as { status: string }).status).toBe('cancelled');
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});

describe('issue 24 item 5: challenges that are not code', () => {
  it('a quiz answered wrong then right (graded without a model call), an explain-it-back graded by the model; both listed on the dashboard', async () => {
    const gap = recordKnowledgeGap(t.server.parts.db, {
      sessionId: null,
      topic: 'Effects',
      severity: 'medium',
      evidence: 'e',
    });
    const quiz = createChallenge(t.server.parts.db, {
      knowledgeGapId: gap.id,
      title: 'When effects run',
      topic: 'Effects',
      content: {
        kind: 'quiz',
        questions: [
          {
            question: 'When does an effect run?',
            choices: [
              { text: 'During render', explanation: 'No' },
              { text: 'After commit', explanation: 'Yes' },
            ],
            correctIndex: 1,
          },
        ],
      },
    });
    const explain = createChallenge(t.server.parts.db, {
      knowledgeGapId: gap.id,
      title: 'Explain effects',
      topic: 'Effects',
      content: {
        kind: 'explain_back',
        prompt: 'Explain when an effect and its cleanup run.',
        rubric: ['Says it runs after render', 'Says cleanup runs before the next effect'],
      },
    });
    const load = await client.request(
      'practice:load_challenge',
      { challengeId: quiz.id },
      'practice:challenge_load',
    );
    expect(serverMessages['practice:challenge_load'].safeParse(load.payload).success).toBe(true);
    const calls = stub.requests.length;
    const wrong = await client.request(
      'practice:answer_quiz',
      { challengeId: quiz.id, answers: [0] },
      'practice:quiz_result',
    );
    expect(wrong.payload).toMatchObject({ correct: 0, total: 1, passed: false });
    const right = await client.request(
      'practice:answer_quiz',
      { challengeId: quiz.id, answers: [1] },
      'practice:quiz_result',
    );
    expect(right.payload).toMatchObject({ correct: 1, passed: true });
    expect(stub.requests.length).toBe(calls);
    expect(getKnowledgeGap(t.server.parts.db, gap.id)?.addressed).toBe(true);
    expect(actions('knowledge_gap_addressed').at(-1)).toMatchObject({
      gapId: gap.id,
      reason: 'challenge_passed',
    });
    const graded = await client.request(
      'practice:explain_back',
      { challengeId: explain.id, explanation: 'After render; the cleanup runs before the next one.' },
      'practice:explain_back_review',
      10_000,
    );
    expect(graded.payload).toMatchObject({ passed: true, feedback: 'You explained both parts.' });
    expect(actions('explain_back_graded').at(-1)).toMatchObject({
      challengeId: explain.id,
      passed: true,
      success: true,
    });
    const missing = await client.request(
      'practice:answer_quiz',
      { challengeId: 'nope', answers: [0] },
      'practice:challenge_error',
    );
    expect(missing.payload).toMatchObject({ code: 'CHALLENGE_NOT_FOUND' });
    const id = 'dash-1';
    const pending = client.next((m) => m.id === id && m.type === 'dashboard:challenges', 10_000);
    client.send('dashboard:request', { statsPeriod: '7d' }, id);
    const dash = await pending;
    const nonCode = dash.payload.nonCode as Array<{ id: string; kind: string }>;
    expect(nonCode.map((c) => c.kind).sort()).toEqual(['explain_back', 'quiz']);
    expect(
      (dash.payload.challenges as Array<{ kataId: string; hasRunnableTests: boolean }>).some(
        (c) => c.hasRunnableTests,
      ),
    ).toBe(true);
  });
});
