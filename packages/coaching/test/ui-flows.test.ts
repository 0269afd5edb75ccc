/**
 * The UI flows with their real dependencies: a SQLite file (`@paige/store`), the Messages-API stand-in through
 * `@paige/llm`, and a recorded-output `gh` script in a temp dir.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLlmClient, type LlmClient } from '@paige/llm';
import { startMessagesApiStub, textReply, webSearchReply, type MessagesApiStub, type StubRequest } from '@paige/llm/testing';
import { serverMessages } from '@paige/protocol';
import { appendKataAttempt, createKata, getKata, openDatabase, recordKnowledgeGap, type PaigeDatabase } from '@paige/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildDashboardState,
  createAssessmentCache,
  listChallenges,
  loadKata,
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
  { number: 7, title: 'Fix typo in README', body: 'Small one', labels: [{ name: 'docs' }], url: 'https://github.com/a/b/issues/7', updatedAt: '2026-11-01T00:00:00Z', author: { login: 'x' }, comments: [], assignees: [] },
  { number: 9, title: 'Add retry to fetch', body: 'Medium one', labels: [], url: 'https://github.com/a/b/issues/9', updatedAt: '2026-11-02T00:00:00Z', author: { login: 'y' }, comments: [], assignees: [] },
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
    priorityFactors: { userTagged: false, similarToRecentWork: false, addressesKnowledgeGap: false, teamUrgency: 'low' },
    learningOpportunities: [],
  };
}

function route(req: StubRequest) {
  if (req.systemText.includes('issue curator')) return textReply({ issues: [item(7, 0.3), item(9, 0.8)] });
  if (req.systemText.includes('practice reviewer')) return textReply({ review: 'Good', level: 4, passed: false, suggestions: [] });
  if (req.systemText.includes('learning-materials researcher')) {
    return webSearchReply(
      {
        recommendations: [
          {
            knowledgeGap: 'Closures',
            resources: [
              { type: 'article', title: 'Real', url: 'https://example.org/closures', description: 'd', relevance: 'direct', estimatedTime: '5 min' },
              { type: 'article', title: 'Invented', url: 'https://invented.example.net/x', description: 'd', relevance: 'direct', estimatedTime: '5 min' },
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
  it('AS-12: a fresh database gives a schema-valid state of zeros, empty arrays and null placeholders', () => {
    const state = buildDashboardState(db, '30d');
    expect(serverMessages['dashboard:state'].safeParse(state).success).toBe(true);
    expect(state.stats).toMatchObject({ period: '30d', sessionsCompleted: 0, apiCostTotal: 0 });
    expect([state.issues, state.challenges, state.materials]).toEqual([null, null, null]);
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
    writeFileSync(join(dir, 'issues.json'), JSON.stringify([ISSUES[0], { ...ISSUES[1], updatedAt: '2026-11-03T00:00:00Z' }]));
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
      runIssuesFlow({ database: db, llm, cache, cwd: dir, ghPath: gh, beforeModelCall: () => { throw Object.assign(new Error('budget'), { code: 'BUDGET_EXCEEDED' }); } }),
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
    expect(await reviewPracticeSolution({ database: db, llm }, { kataId: 'nope', code: '', activeConstraints: [] })).toEqual({ kind: 'not_found', kataId: 'nope' });
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
    const outcome = await reviewPracticeSolution({ database: db, llm }, { kataId: kata.id, code: 'b', activeConstraints: ['C1', 'C5'] });
    expect(outcome.kind).toBe('reviewed');
    if (outcome.kind !== 'reviewed') return;
    expect(outcome.payload.constraintsUnlocked.map((c) => c.minLevel)).toEqual([3, 4]);
    // C5 was still locked at best level 2, so only C1 was active for this attempt.
    expect(getKata(db, kata.id)?.userAttempts.at(-1)?.constraints?.map((c) => c.title)).toEqual(['C1']);
    expect(loadKata(db, kata.id)?.constraints.map((c) => c.title)).toEqual(['C1', 'C2', 'C3', 'C4']);
    expect(listChallenges(db).find((c) => c.kataId === kata.id)).toMatchObject({ bestLevel: 4, attemptsCount: 2, constraintCount: 5 });
    expect(loadKata(db, 'missing')).toBeNull();
  });
});
