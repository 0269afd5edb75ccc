/**
 * The UI flows with their real dependencies: a SQLite file (`@paige/store`), the Messages-API stand-in through
 * `@paige/llm`, and a recorded-output `gh` script in a temp dir.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLlmClient, type LlmClient } from '@paige/llm';
import {
  startMessagesApiStub,
  textReply,
  webSearchReply,
  type MessagesApiStub,
  type StubRequest,
} from '@paige/llm/testing';
import { serverMessages } from '@paige/protocol';
import type { KataRunResult, KataTests } from '@paige/protocol';
import {
  appendKataAttempt,
  createActionLog,
  createChallenge,
  createKata,
  getKata,
  getKnowledgeGap,
  getLearningMaterials,
  openDatabase,
  recordKnowledgeGap,
  setKnowledgeGapAddressed,
  upsertDreyfusAssessment,
  type PaigeDatabase,
} from '@paige/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildDashboardState,
  createAssessmentCache,
  listChallenges,
  loadKata,
  loadChallenge,
  answerQuiz,
  gradeExplainBack,
  listChallengeSummaries,
  learnerProfileKey,
  reviewPracticeSolution,
  runIssuesFlow,
  runLearningMaterialsFlow,
  type CachedIssueAssessment,
} from '../src/index.js';

let dir: string;
let db: PaigeDatabase;
let stub: MessagesApiStub;
let llm: LlmClient;
let gh: string;

const ISSUES = [
  {
    number: 7,
    title: 'Fix typo in README',
    body: 'Small one',
    labels: [{ name: 'docs' }],
    url: 'https://github.com/a/b/issues/7',
    updatedAt: '2026-11-01T00:00:00Z',
    author: { login: 'x' },
    comments: [],
    assignees: [],
  },
  {
    number: 9,
    title: 'Add retry to fetch',
    body: 'Medium one',
    labels: [],
    url: 'https://github.com/a/b/issues/9',
    updatedAt: '2026-11-02T00:00:00Z',
    author: { login: 'y' },
    comments: [],
    assignees: [],
  },
];

function item(number: number, priorityScore: number) {
  return {
    number,
    summary: 's',
    suitability: 'good_fit',
    suitabilityReason: 'r',
    estimatedDifficulty: 'beginner',
    relevantSkills: ['docs'],
    priorityScore,
    priorityFactors: {
      userTagged: false,
      similarToRecentWork: false,
      addressesKnowledgeGap: false,
      teamUrgency: 'low',
    },
    learningOpportunities: [],
  };
}

function route(req: StubRequest) {
  if (req.systemText.includes('issue curator')) return textReply({ issues: [item(7, 0.3), item(9, 0.8)] });
  if (req.systemText.includes('practice reviewer')) {
    return textReply({
      review: 'Good',
      correct: true,
      level: 4,
      passed: false,
      followUp: { type: 'retry_hint', constraint: null, reason: 'Check the empty list.' },
      dreyfusSignal: 'stable',
      suggestions: [],
    });
  }
  if (req.systemText.includes('learning-materials researcher')) {
    return webSearchReply(
      {
        recommendations: [
          {
            knowledgeGap: 'Closures',
            resources: [
              {
                type: 'article',
                title: 'Real',
                url: 'https://example.org/closures',
                description: 'd',
                relevance: 'direct',
                estimatedTime: '5 min',
              },
              {
                type: 'article',
                title: 'Invented',
                url: 'https://invented.example.net/x',
                description: 'd',
                relevance: 'direct',
                estimatedTime: '5 min',
              },
            ],
            studyOrder: 'Read it',
            practiceConnection: null,
          },
        ],
      },
      [{ url: 'https://example.org/closures', title: 'Closures' }],
    );
  }
  return undefined;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'paige-ui-'));
  db = openDatabase(join(dir, 'paige.db'));
  stub = await startMessagesApiStub({ handler: route });
  llm = createLlmClient({ apiKey: 'k', baseURL: stub.url, maxRetries: 0 });
  gh = join(dir, 'gh');
  writeFileSync(join(dir, 'issues.json'), JSON.stringify(ISSUES));
  writeFileSync(gh, `#!/bin/sh\ncat "${join(dir, 'issues.json')}"\n`);
  chmodSync(gh, 0o755);
});
afterAll(async () => {
  db.close();
  await stub.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('Story 12: dashboard flows', () => {
  it('AS-12 + AS-7: a fresh database gives a schema-valid state of zeros, empty arrays and null placeholders; no gap -> materials [] (nothing will follow)', () => {
    const state = buildDashboardState(db, '30d');
    expect(serverMessages['dashboard:state'].safeParse(state).success).toBe(true);
    expect(state.stats).toMatchObject({ period: '30d', sessionsCompleted: 0, apiCostTotal: 0 });
    expect([state.issues, state.challenges, state.materials]).toEqual([null, null, []]);
    expect(listChallenges(db)).toEqual([]);
  });

  it('AS-7: learning materials are skipped (null) with no unaddressed gap, no model call', async () => {
    const before = stub.requests.length;
    expect(await runLearningMaterialsFlow({ database: db, llm, techStack: 'x' })).toBeNull();
    expect(stub.requests.length).toBe(before);
  });

  it('issues: ranked by priority, cached per issue version; an edited issue (new updatedAt) is re-assessed alone', async () => {
    let now = 0;
    const cache = createAssessmentCache<CachedIssueAssessment>({ ttlMs: 60_000, now: () => now });
    const deps = { database: db, llm, cache, cwd: dir, ghPath: gh };
    const first = await runIssuesFlow(deps);
    expect(first.issues.map((i) => i.number)).toEqual([9, 7]);
    expect(first.assessed).toBe(2);
    const calls = stub.requests.length;
    expect((await runIssuesFlow(deps)).assessed).toBe(0);
    expect(stub.requests.length).toBe(calls);
    writeFileSync(
      join(dir, 'issues.json'),
      JSON.stringify([ISSUES[0], { ...ISSUES[1], updatedAt: '2026-11-03T00:00:00Z' }]),
    );
    const third = await runIssuesFlow(deps);
    expect(third.assessed).toBe(1);
    expect(JSON.stringify(stub.requests.at(-1)?.messages)).not.toContain('Fix typo in README');
    now = 61_000; // TTL passed: everything is assessed again
    expect((await runIssuesFlow(deps)).assessed).toBe(2);
  });

  it('the budget hook stops the flow before any model call', async () => {
    const cache = createAssessmentCache<CachedIssueAssessment>({ ttlMs: 60_000 });
    const before = stub.requests.length;
    await expect(
      runIssuesFlow({
        database: db,
        llm,
        cache,
        cwd: dir,
        ghPath: gh,
        beforeModelCall: () => {
          throw Object.assign(new Error('budget'), { code: 'BUDGET_EXCEEDED' });
        },
      }),
    ).rejects.toThrow('budget');
    expect(stub.requests.length).toBe(before);
  });

  it('AS-6: learning materials keep only URLs the web search returned', async () => {
    recordKnowledgeGap(db, { sessionId: null, topic: 'Closures', severity: 'high', evidence: 'e' });
    const result = await runLearningMaterialsFlow({ database: db, llm, techStack: 'TypeScript' });
    expect(result?.materials[0]?.resources.map((r) => r.url)).toEqual(['https://example.org/closures']);
    expect(result?.droppedUrls).toEqual(['https://invented.example.net/x']);
  });
});

describe('Story 11: practice flow', () => {
  it('AS-11: an unknown kata is not_found without a model call; AS-6: unlocks from the previous best', async () => {
    const before = stub.requests.length;
    expect(
      await reviewPracticeSolution(
        { database: db, llm },
        { kataId: 'nope', code: '', activeConstraints: [] },
      ),
    ).toEqual({ kind: 'not_found', kataId: 'nope' });
    expect(stub.requests.length).toBe(before);
    const gap = recordKnowledgeGap(db, { sessionId: null, topic: 'Loops', severity: 'low', evidence: 'e' });
    const kata = createKata(db, {
      knowledgeGapId: gap.id,
      title: 'Sum',
      description: 'd',
      scaffoldingCode: '',
      instructorNotes: 'n',
      constraints: [1, 2, 3, 4, 5].map((minLevel) => ({ title: `C${minLevel}`, description: 'c', minLevel })),
    });
    appendKataAttempt(db, kata.id, { code: 'a', level: 2, passed: false, constraints: [] });
    // Issue 18: C5 is still locked at best level 2: refused before any model call, nothing stored.
    const calls = stub.requests.length;
    expect(
      await reviewPracticeSolution(
        { database: db, llm },
        { kataId: kata.id, code: 'b', activeConstraints: ['C1', 'C5'] },
      ),
    ).toEqual({
      kind: 'constraint_locked',
      kataId: kata.id,
      locked: [{ title: 'C5', description: 'c', minLevel: 5 }],
      bestLevel: 2,
    });
    expect(stub.requests.length).toBe(calls);
    expect(getKata(db, kata.id)?.userAttempts).toHaveLength(1);
    // EC-77: a title the kata does not have is ignored.
    const outcome = await reviewPracticeSolution(
      { database: db, llm },
      { kataId: kata.id, code: 'b', activeConstraints: ['C1', 'No such constraint'] },
    );
    expect(outcome.kind).toBe('reviewed');
    if (outcome.kind !== 'reviewed') return;
    expect(outcome.payload.constraintsUnlocked.map((c) => c.minLevel)).toEqual([3, 4]);
    expect(outcome.payload.activeConstraints).toEqual(['C1']);
    expect(
      getKata(db, kata.id)
        ?.userAttempts.at(-1)
        ?.constraints?.map((c) => c.title),
    ).toEqual(['C1']);
    expect(loadKata(db, kata.id)?.constraints.map((c) => c.title)).toEqual(['C1', 'C2', 'C3', 'C4']);
    expect(listChallenges(db).find((c) => c.kataId === kata.id)).toMatchObject({
      bestLevel: 4,
      attemptsCount: 2,
      constraintCount: 5,
    });
    expect(loadKata(db, 'missing')).toBeNull();
  });
});

describe('issue 20 item 3 + issue 18: practice review fields, constraint states, attempts', () => {
  it('brainstorm call 7: the review carries correct, followUp and dreyfusSignal, stored with the attempt', async () => {
    const gap = recordKnowledgeGap(db, {
      sessionId: null,
      topic: 'Recursion',
      severity: 'medium',
      evidence: 'e',
    });
    const kata = createKata(db, {
      knowledgeGapId: gap.id,
      title: 'Walk',
      description: 'd',
      scaffoldingCode: 'function walk(n) {}',
      instructorNotes: 'n',
      constraints: [],
    });
    const outcome = await reviewPracticeSolution(
      { database: db, llm },
      { kataId: kata.id, code: 'function walk(n) { return n; }', activeConstraints: [] },
    );
    if (outcome.kind !== 'reviewed') throw new Error(outcome.kind);
    expect(outcome.payload).toMatchObject({
      correct: true,
      passed: false,
      followUp: { type: 'retry_hint', reason: 'Check the empty list.' },
      dreyfusSignal: 'stable',
      suggestions: [],
    });
    expect(outcome.payload.followUp).not.toHaveProperty('constraint');
    expect(serverMessages['practice:solution_review'].safeParse(outcome.payload).success).toBe(true);
    expect(getKata(db, kata.id)?.userAttempts.at(-1)).toMatchObject({
      correct: true,
      dreyfusSignal: 'stable',
      followUp: { type: 'retry_hint' },
    });
    expect(getKata(db, kata.id)?.userAttempts.at(-1)?.submittedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(outcome.gapAddressed).toBeNull();
    expect(getKnowledgeGap(db, gap.id)?.addressed).toBe(false);
  });

  it('practice:kata_load lists every constraint with its unlock level and state, and the previous attempts', () => {
    const gap = recordKnowledgeGap(db, { sessionId: null, topic: 'Sorting', severity: 'low', evidence: 'e' });
    const kata = createKata(db, {
      knowledgeGapId: gap.id,
      title: 'Sort',
      description: 'd',
      scaffoldingCode: '',
      instructorNotes: 'n',
      constraints: [
        { title: 'Stable', description: 's', minLevel: 4 },
        { title: 'No libs', description: 'l', minLevel: 1 },
        { title: 'In place', description: 'p', minLevel: 7 },
      ],
    });
    appendKataAttempt(db, kata.id, {
      code: 'x',
      review: 'ok',
      level: 4,
      passed: false,
      constraints: [{ title: 'No libs', description: 'l', minLevel: 1 }],
      submittedAt: '2026-11-01T10:00:00.000Z',
    });
    const loaded = loadKata(db, kata.id)!;
    expect(serverMessages['practice:kata_load'].safeParse(loaded).success).toBe(true);
    expect(loaded.constraints.map((c) => c.title)).toEqual(['Stable', 'No libs']);
    expect(loaded.allConstraints).toEqual([
      { title: 'No libs', description: 'l', minLevel: 1, state: 'unlocked' },
      { title: 'Stable', description: 's', minLevel: 4, state: 'unlocked' },
      { title: 'In place', description: 'p', minLevel: 7, state: 'locked' },
    ]);
    expect(loaded.attempts).toEqual([
      {
        number: 1,
        code: 'x',
        review: 'ok',
        level: 4,
        passed: false,
        constraints: ['No libs'],
        submittedAt: '2026-11-01T10:00:00.000Z',
      },
    ]);
  });
});

describe('issue 20 item 1: a passed kata addresses its gap', () => {
  it('the first passed review marks the gap addressed in the same transaction; a second pass changes nothing', async () => {
    const gap = recordKnowledgeGap(db, {
      sessionId: null,
      topic: 'Debouncing',
      severity: 'high',
      evidence: 'e',
    });
    const kata = createKata(db, {
      knowledgeGapId: gap.id,
      title: 'Debounce',
      description: 'd',
      scaffoldingCode: '',
      instructorNotes: 'n',
      constraints: [],
    });
    stub.reply(
      textReply({
        review: 'Solid.',
        correct: true,
        level: 8,
        passed: true,
        followUp: { type: 'completed', constraint: null, reason: null },
        dreyfusSignal: 'advancing',
        suggestions: [],
      }),
    );
    const first = await reviewPracticeSolution(
      { database: db, llm },
      { kataId: kata.id, code: 'c', activeConstraints: [] },
    );
    if (first.kind !== 'reviewed') throw new Error(first.kind);
    expect(first.gapAddressed).toEqual({ gapId: gap.id, topic: 'Debouncing' });
    expect(getKnowledgeGap(db, gap.id)).toMatchObject({ addressed: true });
    expect(buildDashboardState(db, 'all').stats.knowledgeGapsAddressed).toBeGreaterThanOrEqual(1);
    stub.reply(
      textReply({
        review: 'Still solid.',
        correct: true,
        level: 9,
        passed: true,
        followUp: null,
        dreyfusSignal: 'advancing',
        suggestions: [],
      }),
    );
    const second = await reviewPracticeSolution(
      { database: db, llm },
      { kataId: kata.id, code: 'c2', activeConstraints: [] },
    );
    if (second.kind !== 'reviewed') throw new Error(second.kind);
    expect(second.gapAddressed).toBeNull();
  });
});

describe('issue 20 item 7: the guard on reviews and explanations', () => {
  it('a review that writes the solution is stripped (the submitted code quoted back stays) and reported for logging', async () => {
    const gap = recordKnowledgeGap(db, { sessionId: null, topic: 'Reduce', severity: 'low', evidence: 'e' });
    const kata = createKata(db, {
      knowledgeGapId: gap.id,
      title: 'Total',
      description: 'd',
      scaffoldingCode: 'function total(items) {\n}',
      instructorNotes: 'n',
      constraints: [],
    });
    const submitted =
      'function total(items) {\n  let t = 0;\n  for (const i of items) t += i;\n  return t;\n}';
    stub.reply(
      textReply({
        review:
          'Your loop `for (const i of items) t += i;` works. A shorter version:\n```js\nconst total = (items) => items.reduce((s, i) => s + i, 0);\nexport default total;\nconsole.log(total([1, 2]));\n```',
        correct: true,
        level: 5,
        passed: false,
        followUp: {
          type: 'constraint_escalation',
          constraint: 'Use `items.reduce((s, i) => s + i, 0);` only',
          reason: null,
        },
        dreyfusSignal: 'advancing',
        suggestions: ['Try `return items.reduce((s, i) => s + i, 0);`'],
      }),
    );
    const outcome = await reviewPracticeSolution(
      { database: db, llm, hintLevel: 'low' },
      { kataId: kata.id, code: submitted, activeConstraints: [] },
    );
    if (outcome.kind !== 'reviewed') throw new Error(outcome.kind);
    expect(outcome.payload.review).toContain('`for (const i of items) t += i;`');
    expect(outcome.payload.review).not.toContain('items.reduce');
    expect(outcome.payload.suggestions?.[0]).not.toContain('reduce((s');
    expect(outcome.payload.followUp?.constraint).not.toContain('reduce((s');
    expect(getKata(db, kata.id)?.userAttempts.at(-1)?.review).not.toContain('items.reduce');
    expect(outcome.solutionGuard).toMatchObject({
      source: 'practice_review',
      hintLevel: 'low',
      blocksRemoved: 1,
      inlineRemoved: 2,
      textsChanged: 3,
    });
  });
});

describe('issue 20 item 1: issue assessments follow the learner, refresh re-assesses', () => {
  it('Story 12 AS-9: force re-assesses every issue; a changed Dreyfus stage or a new open gap invalidates the cache', async () => {
    const cache = createAssessmentCache<CachedIssueAssessment>({ ttlMs: 3_600_000 });
    const deps = { database: db, llm, cache, cwd: dir, ghPath: gh };
    await runIssuesFlow(deps);
    expect((await runIssuesFlow(deps)).assessed).toBe(0);
    expect((await runIssuesFlow({ ...deps, force: true })).assessed).toBe(2);
    expect((await runIssuesFlow(deps)).assessed).toBe(0);
    upsertDreyfusAssessment(db, { skillArea: 'Docs', stage: 'competent', confidence: 0.8, evidence: 'e' });
    expect((await runIssuesFlow(deps)).assessed).toBe(2);
    upsertDreyfusAssessment(db, { skillArea: 'Docs', stage: 'competent', confidence: 0.9, evidence: 'e2' }); // same stage
    expect((await runIssuesFlow(deps)).assessed).toBe(0);
    const gap = recordKnowledgeGap(db, {
      sessionId: null,
      topic: 'Fetch retries',
      severity: 'medium',
      evidence: 'e',
    });
    expect((await runIssuesFlow(deps)).assessed).toBe(2);
    setKnowledgeGapAddressed(db, gap.id, true);
    expect((await runIssuesFlow(deps)).assessed).toBe(2);
    expect(learnerProfileKey(db)).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe('issue 20 item 1: learning materials are cached per gap', () => {
  it('a second load makes no model call; a new gap is searched alone; an expired entry is searched again', async () => {
    for (const g of listOpenGaps()) setKnowledgeGapAddressed(db, g, true);
    const closures = recordKnowledgeGap(db, {
      sessionId: null,
      topic: 'Closures',
      severity: 'high',
      evidence: 'e',
    });
    const isMaterials = (r: StubRequest) => r.systemText.includes('learning-materials researcher');
    const count = () => stub.requests.filter(isMaterials).length;
    const before = count();
    const first = await runLearningMaterialsFlow({ database: db, llm, techStack: 'TypeScript' });
    expect(first).toMatchObject({ fromCache: 0, searched: 1 });
    expect(count()).toBe(before + 1);
    expect(getLearningMaterials(db, [closures.id]).get(closures.id)?.materials).toMatchObject({
      knowledgeGap: 'Closures',
    });
    const second = await runLearningMaterialsFlow({ database: db, llm, techStack: 'TypeScript' });
    expect(second).toMatchObject({ fromCache: 1, searched: 0 });
    expect(second?.materials).toEqual(first?.materials);
    expect(count()).toBe(before + 1);
    recordKnowledgeGap(db, { sessionId: null, topic: 'Streams', severity: 'low', evidence: 'e' });
    const third = await runLearningMaterialsFlow({ database: db, llm, techStack: 'TypeScript' });
    expect(third).toMatchObject({ fromCache: 1, searched: 1 });
    const sent = JSON.stringify(stub.requests.filter(isMaterials).at(-1)?.messages);
    expect(sent).toContain('Streams');
    expect(sent).not.toContain('- Closures (high');
    expect(sent).toContain('https://example.org/closures'); // previously recommended: not repeated
    const expired = await runLearningMaterialsFlow({
      database: db,
      llm,
      techStack: 'TypeScript',
      cacheTtlMs: 0,
    });
    expect(expired?.searched).toBe(2);
  });

  function listOpenGaps(): string[] {
    return (
      db.prepare('SELECT id FROM knowledge_gaps WHERE addressed = 0').all() as Array<{ id: string }>
    ).map((r) => r.id);
  }
});

describe('issue 20 item 1: dashboard stats on the wire', () => {
  it('actionsLogged, API calls, failures, average latency and cost by model reach dashboard:state', () => {
    createActionLog({ database: db, groupCommit: false }).logAction({
      sessionId: null,
      actionType: 'dashboard_loaded',
      data: {},
    });
    const state = buildDashboardState(db, 'all');
    expect(serverMessages['dashboard:state'].safeParse(state).success).toBe(true);
    expect(state.stats.actionsLogged).toBeGreaterThanOrEqual(1);
    expect(state.stats.apiCallCount).toBe(0); // this file's llm client has no onCall sink
    expect(state.stats.costByModel).toEqual([]);
    expect(state.stats.averageLatencyMs).toBeNull();
  });
});

describe('issue 24 item 4: tests before the review', () => {
  const tests = {
    language: 'javascript' as const,
    preamble: "import { debounce } from './solution.js';",
    cases: [{ name: 'waits before calling', code: 'assert.ok(debounce);' }],
  };
  const failing = {
    status: 'failed' as const,
    language: 'javascript' as const,
    tests: [
      {
        name: 'waits before calling',
        status: 'fail' as const,
        message: 'expected 0 calls, got 1',
        durationMs: 2,
      },
    ],
    message: '1 of 1 tests failed.',
    stdout: '',
    stderr: '',
    outputTruncated: false,
    durationMs: 90,
  };

  it('the review receives the failing run and cannot pass it; the attempt keeps the run; the gap stays open', async () => {
    const gap = recordKnowledgeGap(db, {
      sessionId: null,
      topic: 'Issue24 debouncing',
      severity: 'high',
      evidence: 'e',
    });
    const kata = createKata(db, {
      knowledgeGapId: gap.id,
      title: 'Debounce',
      description: 'd',
      scaffoldingCode: '',
      instructorNotes: 'n',
      constraints: [],
      tests,
    });
    const seen: string[] = [];
    const runTests = async (t: KataTests, code: string): Promise<KataRunResult> => {
      seen.push(`${t.cases.length}:${code}`);
      return failing;
    };
    stub.requests.length = 0;
    stub.reply(
      textReply({
        review: 'The test "waits before calling" fails.',
        correct: true,
        level: 6,
        passed: true,
        followUp: null,
        dreyfusSignal: 'stable',
        suggestions: [],
      }),
    );
    const outcome = await reviewPracticeSolution(
      { database: db, llm, runTests },
      { kataId: kata.id, code: 'export const debounce = 1;', activeConstraints: [] },
    );
    if (outcome.kind !== 'reviewed') throw new Error(outcome.kind);
    expect(seen).toEqual(['1:export const debounce = 1;']);
    const sent = JSON.stringify(stub.requests.at(-1)?.messages);
    expect(sent).toContain('FAIL \\"waits before calling\\": expected 0 calls, got 1');
    expect(outcome.payload.passed).toBe(false);
    expect(outcome.payload.correct).toBe(false);
    expect(outcome.payload.run?.status).toBe('failed');
    expect(outcome.gapAddressed).toBeNull();
    expect(getKnowledgeGap(db, gap.id)).toMatchObject({ addressed: false });
    expect(loadKata(db, kata.id)?.attempts?.at(-1)?.run?.status).toBe('failed');
    expect(loadKata(db, kata.id)?.kata.tests).toEqual(tests);
  });

  it('a cancelled run makes no model call and stores nothing; a kata without runnable tests is reviewed as before', async () => {
    const gap = recordKnowledgeGap(db, {
      sessionId: null,
      topic: 'Issue24 cancel',
      severity: 'low',
      evidence: 'e',
    });
    const kata = createKata(db, {
      knowledgeGapId: gap.id,
      title: 'T',
      description: 'd',
      scaffoldingCode: '',
      instructorNotes: 'n',
      constraints: [],
      tests,
    });
    stub.requests.length = 0;
    const outcome = await reviewPracticeSolution(
      { database: db, llm, runTests: async () => ({ ...failing, status: 'cancelled', tests: [] }) },
      { kataId: kata.id, code: 'x', activeConstraints: [] },
    );
    expect(outcome.kind).toBe('cancelled');
    expect(stub.requests).toHaveLength(0);
    expect(loadKata(db, kata.id)?.attempts).toEqual([]);
    const old = createKata(db, {
      knowledgeGapId: gap.id,
      title: 'Old',
      description: 'd',
      scaffoldingCode: '',
      instructorNotes: 'n',
      constraints: [],
    });
    expect(loadKata(db, old.id)?.kata.tests).toBeNull();
  });
});

describe('issue 24 item 5: challenges that are not code', () => {
  it('a quiz is graded deterministically; a wrong answer keeps the gap open, the first right one addresses it', () => {
    const gap = recordKnowledgeGap(db, {
      sessionId: null,
      topic: 'Issue24 effects',
      severity: 'medium',
      evidence: 'e',
    });
    const quiz = createChallenge(db, {
      knowledgeGapId: gap.id,
      title: 'When effects run',
      topic: 'Issue24 effects',
      content: {
        kind: 'quiz',
        questions: [
          {
            question: 'When?',
            choices: [
              { text: 'Render', explanation: 'No' },
              { text: 'After commit', explanation: 'Yes' },
            ],
            correctIndex: 1,
          },
        ],
      },
    });
    expect(loadChallenge(db, quiz.id)?.challenge).toMatchObject({
      kind: 'quiz',
      passed: null,
      attemptsCount: 0,
    });
    const wrong = answerQuiz(db, quiz.id, [0]);
    expect(wrong).toMatchObject({
      kind: 'graded',
      payload: { correct: 0, total: 1, passed: false },
      gapAddressed: null,
    });
    const right = answerQuiz(db, quiz.id, [1]);
    expect(right).toMatchObject({
      kind: 'graded',
      payload: { correct: 1, passed: true, answers: [{ chosen: 1, correct: true }] },
      gapAddressed: { gapId: gap.id },
    });
    expect(getKnowledgeGap(db, gap.id)).toMatchObject({ addressed: true });
    expect(answerQuiz(db, 'nope', [1])).toEqual({ kind: 'not_found' });
    expect(listChallengeSummaries(db).find((c) => c.id === quiz.id)).toMatchObject({
      kind: 'quiz',
      passed: true,
      attemptsCount: 2,
    });
  });

  it('an explanation is graded by the model against the rubric at the learner stage', async () => {
    const gap = recordKnowledgeGap(db, {
      sessionId: null,
      topic: 'Issue24 cleanup',
      severity: 'medium',
      evidence: 'e',
    });
    const c = createChallenge(db, {
      knowledgeGapId: gap.id,
      title: 'Explain cleanup',
      topic: 'Issue24 cleanup',
      content: {
        kind: 'explain_back',
        prompt: 'Explain cleanup',
        rubric: ['Runs on unmount', 'Runs before re-run'],
      },
    });
    stub.requests.length = 0;
    stub.reply(
      textReply({
        criteria: [
          { criterion: 'Runs on unmount', met: true, note: 'Yes.' },
          { criterion: 'Runs before re-run', met: false, note: 'Missing.' },
        ],
        passed: true,
        feedback: 'Good start.',
      }),
    );
    const outcome = await gradeExplainBack(
      { database: db, llm },
      c.id,
      'It runs when the component unmounts.',
    );
    expect(outcome.kind).toBe('graded');
    if (outcome.kind !== 'graded') return;
    // The model said passed, but a two-point rubric with one point missed is not a pass.
    expect(outcome.payload.passed).toBe(false);
    expect(outcome.payload.criteria.map((x) => x.met)).toEqual([true, false]);
    expect(JSON.stringify(stub.requests.at(-1)?.messages)).toContain('It runs when the component unmounts.');
    expect(answerQuiz(db, c.id, [0])).toEqual({ kind: 'wrong_kind', expected: 'explain_back' });
  });
});
