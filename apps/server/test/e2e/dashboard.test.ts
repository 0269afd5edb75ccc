/**
 * Story 12 (issue 10 items 3-4): the dashboard through a real WebSocket client against the running server, with the
 * Messages-API stand-in and recorded-output `gh` executables (test/fixtures/gh): immediate SQLite state, the three
 * progressive flows, the URL filter, the assessment cache, `gh` failures, and the budget.
 */
import { fileURLToPath } from 'node:url';
import {
  appendKataAttempt,
  createKata,
  logApiCall,
  recordKnowledgeGap,
  setKnowledgeGapAddressed,
  upsertDreyfusAssessment,
} from '@paige/store';
import {
  startMessagesApiStub,
  textReply,
  webSearchReply,
  type MessagesApiStub,
  type StubRequest,
} from '@paige/llm/testing';
import { serverMessages } from '@paige/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  eventually,
  startTestServer,
  WsClient,
  type TestServer,
  type WireMessage,
  actionData,
} from '../support/harness.js';

const GH = (name: string) => fileURLToPath(new URL(`../fixtures/gh/${name}/gh`, import.meta.url));

const isIssues = (r: StubRequest) => r.systemText.includes("Paige's issue curator");
const isMaterials = (r: StubRequest) => r.systemText.includes("Paige's learning-materials researcher");

function assessment(
  number: number,
  priorityScore: number,
  suitability: 'good_fit' | 'stretch' | 'too_advanced',
) {
  return {
    number,
    summary: `Digest of #${number}`,
    suitability,
    suitabilityReason: 'Matches your current stages.',
    estimatedDifficulty:
      suitability === 'good_fit' ? 'beginner' : suitability === 'stretch' ? 'intermediate' : 'advanced',
    relevantSkills: ['TypeScript'],
    priorityScore,
    priorityFactors: {
      userTagged: false,
      similarToRecentWork: false,
      addressesKnowledgeGap: number === 42,
      teamUrgency: 'medium',
    },
    learningOpportunities: ['Error handling in redirects'],
  };
}

const SEARCH_RESULTS = [
  {
    url: 'https://developer.mozilla.org/en-US/docs/Web/JavaScript/Guide/Using_promises',
    title: 'Using promises - MDN',
  },
  { url: 'https://javascript.info/async-await', title: 'Async/await' },
];

function materialsOutput() {
  return {
    recommendations: [
      {
        knowledgeGap: 'Async error handling',
        resources: [
          {
            type: 'documentation',
            title: 'Using promises',
            url: SEARCH_RESULTS[0]!.url,
            description: 'Start here.',
            relevance: 'direct',
            estimatedTime: '15 min read',
          },
          {
            type: 'tutorial',
            title: 'Async/await',
            url: SEARCH_RESULTS[1]!.url,
            description: 'Worked examples.',
            relevance: 'deep_dive',
            estimatedTime: '20 min read',
          },
          {
            type: 'article',
            title: 'Made-up post',
            url: 'https://blog.example.com/hallucinated-async-guide',
            description: 'Not from the search.',
            relevance: 'supplementary',
            estimatedTime: '5 min read',
          },
        ],
        studyOrder: 'MDN first, then the tutorial.',
        practiceConnection: null,
      },
    ],
  };
}

function route(req: StubRequest) {
  if (isIssues(req))
    return textReply({
      issues: [
        assessment(57, 0.6, 'stretch'),
        assessment(42, 0.9, 'good_fit'),
        assessment(61, 0.2, 'too_advanced'),
        assessment(999, 1, 'good_fit'),
      ],
    });
  if (isMaterials(req))
    return webSearchReply(materialsOutput(), SEARCH_RESULTS, { query: 'javascript async error handling' });
  return undefined;
}

function userText(req: StubRequest): string {
  return JSON.stringify(req.messages);
}

const actions = actionData;

/** Sends `dashboard:request` and collects every reply with its id until `dashboard_loaded` is logged. */
async function loadDashboard(
  server: TestServer,
  client: WsClient,
  payload: Record<string, unknown> = {},
  timeoutMs = 10_000,
): Promise<WireMessage[]> {
  const id = `dash-${Math.random().toString(36).slice(2)}`;
  const loadedBefore = actions(server, 'dashboard_loaded').length;
  const from = client.received.length;
  client.send('dashboard:request', payload, id);
  await eventually(() => actions(server, 'dashboard_loaded').length > loadedBefore, timeoutMs);
  // Every flow replied before the action was logged; a ping round trip flushes those frames to this client.
  await new Promise<void>((resolve) => {
    client.ws.once('pong', () => resolve());
    client.ws.ping();
  });
  return client.received.slice(from).filter((m) => m.id === id);
}

function valid(m: WireMessage): boolean {
  const schema = serverMessages[m.type as keyof typeof serverMessages];
  return schema.safeParse(m.payload).success;
}

let stub: MessagesApiStub;
beforeAll(async () => {
  stub = await startMessagesApiStub({ handler: route });
});
afterAll(async () => {
  await stub.stop();
});

describe('Story 12: Dashboard Data Assembly', () => {
  let t: TestServer;
  let client: WsClient;
  beforeAll(async () => {
    t = await startTestServer({ env: { ANTHROPIC_BASE_URL: stub.url, PAIGE_GH_PATH: GH('ok') } });
    ({ client } = await WsClient.hello(t.url));
  });
  afterAll(async () => {
    await client.close();
    await t.stop();
  });

  it('AS-12 + AS-1 + AS-7: a fresh install answers at once with zeros, empty arrays and null placeholders, valid against the schema; no gaps -> no learning materials', async () => {
    const replies = await loadDashboard(t, client);
    expect(replies[0]?.type).toBe('dashboard:state');
    for (const m of replies) expect(valid(m)).toBe(true);
    expect(replies[0]!.payload).toEqual({
      dreyfus: [],
      stats: {
        period: 'all',
        sessionsCompleted: 0,
        totalCoachingMinutes: 0,
        issuesWorkedOn: 0,
        knowledgeGapsIdentified: 0,
        knowledgeGapsAddressed: 0,
        hintsUsed: 0,
        apiCostTotal: 0,
        actionsLogged: expect.any(Number),
        apiCallCount: 0,
        apiCallsFailed: 0,
        averageLatencyMs: null,
        costByModel: [],
      },
      inProgress: [],
      issues: null,
      challenges: null,
      // No unaddressed gap: the materials flow is skipped, so the state says so at once (issue 18).
      materials: [],
    });
    expect(replies.find((m) => m.type === 'dashboard:challenges')?.payload).toEqual({
      challenges: [],
      nonCode: [],
    });
    expect(replies.some((m) => m.type === 'dashboard:issues')).toBe(true);
    expect(replies.some((m) => m.type === 'dashboard:learning_materials')).toBe(false);
    expect(stub.requests.some(isMaterials)).toBe(false);
    expect(actions(t, 'dashboard_loaded').at(-1)).toMatchObject({
      statsPeriod: 'all',
      issuesLoaded: true,
      materialsLoaded: false,
      challengesLoaded: true,
      flows: { issues: 'ok', challenges: 'ok', materials: 'skipped' },
    });
  });

  it('AS-4 + AS-10 + AS-9: refresh re-fetches gh issues and re-assesses them, ranked by priority with gh data joined (memory unavailable -> none sent); invented issues are dropped', async () => {
    const db = t.server.parts.db;
    upsertDreyfusAssessment(db, { skillArea: 'React', stage: 'novice', confidence: 0.7, evidence: 'e' });
    upsertDreyfusAssessment(db, { skillArea: 'Node.js', stage: 'competent', confidence: 0.8, evidence: 'e' });
    const before = stub.requests.filter(isIssues).length;
    const res = await client.request('dashboard:refresh_issues', {}, 'dashboard:issues');
    expect(valid(res)).toBe(true);
    const issues = res.payload.issues as Array<Record<string, unknown>>;
    expect(issues.map((i) => i.number)).toEqual([42, 57, 61]);
    expect(issues[0]).toMatchObject({
      title: 'OAuth callback returns 500 when state has expired',
      url: 'https://github.com/acme/webapp/issues/42',
      labels: ['bug', 'good first issue'],
      suitability: 'good_fit',
    });
    // Issue 20 item 1: the refresh asked the model again, with the new stages.
    expect(stub.requests.filter(isIssues).length).toBe(before + 1);
    expect(userText(stub.requests.filter(isIssues).at(-1)!)).toContain('React: novice');
    const first = stub.requests.find(isIssues)!;
    const text = userText(first);
    expect(text).toContain('#42 OAuth callback returns 500 when state has expired');
    expect(text).toContain('Durable background job queue');
    expect(text).toMatch(/<related_memories>\\nNone\./);
  });

  it('assessment cache: a second dashboard request makes no issue_assessment call; an edited issue would miss (keyed by updatedAt)', async () => {
    const before = stub.requests.filter(isIssues).length;
    const replies = await loadDashboard(t, client);
    expect(stub.requests.filter(isIssues).length).toBe(before);
    expect(
      (replies.find((m) => m.type === 'dashboard:issues')!.payload.issues as Array<{ number: number }>).map(
        (i) => i.number,
      ),
    ).toEqual([42, 57, 61]);
  });

  it('AS-2 + AS-3: statsPeriod 7d only counts recent rows, all counts everything', async () => {
    const db = t.server.parts.db;
    logApiCall(db, {
      sessionId: null,
      callType: 'coach_agent',
      model: 'claude-sonnet-4-6',
      inputHash: 'h1',
      latencyMs: 900,
      inputTokens: 10,
      outputTokens: 10,
      costEstimate: 0.25,
    });
    db.prepare(
      `INSERT INTO api_call_log (session_id, call_type, model, input_hash, latency_ms, input_tokens, output_tokens, cost_estimate, created_at)
       VALUES (NULL, 'coach_agent', 'claude-sonnet-4-6', 'old', 900, 10, 10, 1.5, ?)`,
    ).run(new Date(Date.now() - 30 * 86_400_000).toISOString());
    const recent = (await loadDashboard(t, client, { statsPeriod: '7d' }))[0]!;
    const all = (await loadDashboard(t, client, { statsPeriod: 'all' }))[0]!;
    const recentCost = recent.payload.stats as { apiCostTotal: number; period: string };
    const allCost = all.payload.stats as { apiCostTotal: number };
    expect(recentCost.period).toBe('7d');
    expect(allCost.apiCostTotal - recentCost.apiCostTotal).toBeCloseTo(1.5, 5);
    expect(recentCost.apiCostTotal).toBeGreaterThanOrEqual(0.25);
    expect(all.payload.dreyfus).toHaveLength(2);
  });

  it('AS-6 + URL filter + challenges: unaddressed gaps get web-searched materials, a URL the search did not return is dropped; active katas are listed', async () => {
    const db = t.server.parts.db;
    const gap = recordKnowledgeGap(db, {
      sessionId: null,
      topic: 'Async error handling',
      severity: 'high',
      evidence: 'unhandled rejection',
    });
    const kata = createKata(db, {
      knowledgeGapId: gap.id,
      title: 'Retry with backoff',
      description: 'Write retry(fn, n).',
      scaffoldingCode: '',
      instructorNotes: 'n',
      constraints: [
        { title: 'No libraries', description: 'Plain promises', minLevel: 1 },
        { title: 'Jitter', description: 'Add random jitter', minLevel: 6 },
      ],
    });
    appendKataAttempt(db, kata.id, { code: 'x', level: 3, passed: false, constraints: [] });
    const replies = await loadDashboard(t, client);
    for (const m of replies) expect(valid(m)).toBe(true);
    const materials = replies.find((m) => m.type === 'dashboard:learning_materials')!;
    const urls = (materials.payload.materials as Array<{ resources: Array<{ url: string }> }>).flatMap((r) =>
      r.resources.map((x) => x.url),
    );
    expect(urls).toEqual(SEARCH_RESULTS.map((r) => r.url));
    expect(materials.payload.error).toBeUndefined();
    const req = stub.requests.filter(isMaterials).at(-1)!;
    expect(JSON.stringify(req.tools)).toContain('web_search');
    expect(userText(req)).toContain('Async error handling (high');
    const challenges = replies.find((m) => m.type === 'dashboard:challenges')!.payload.challenges as Array<
      Record<string, unknown>
    >;
    expect(challenges).toEqual([
      expect.objectContaining({
        kataId: kata.id,
        title: 'Retry with backoff',
        topic: 'Async error handling',
        attemptsCount: 1,
        bestLevel: 3,
        constraintCount: 2,
        unlockedConstraints: [{ title: 'No libraries', description: 'Plain promises', minLevel: 1 }],
      }),
    ]);
  });

  it('AS-8: dashboard_loaded is logged with each flow status', () => {
    expect(actions(t, 'dashboard_loaded').at(-1)).toMatchObject({
      issuesLoaded: true,
      materialsLoaded: true,
      challengesLoaded: true,
      flows: { issues: 'ok', challenges: 'ok', materials: 'ok' },
    });
  });

  it('AS-9: dashboard:refresh_issues re-runs only the issues flow', async () => {
    const from = client.received.length;
    const id = 'refresh-1';
    const reply = client.next((m) => m.id === id);
    client.send('dashboard:refresh_issues', {}, id);
    expect((await reply).type).toBe('dashboard:issues');
    const mine = client.received.slice(from).filter((m) => m.id === id);
    expect(mine.map((m) => m.type)).toEqual(['dashboard:issues']);
  });

  it('a failing learning-materials call sends materials: [] with a readable error while the other flows succeed', async () => {
    // A gap without cached materials, so the flow needs the model.
    recordKnowledgeGap(t.server.parts.db, {
      sessionId: null,
      topic: 'Event loop ordering',
      severity: 'medium',
      evidence: 'e',
    });
    stub.setHandler((req) =>
      isMaterials(req)
        ? { kind: 'error', status: 400, type: 'invalid_request_error', message: 'bad tool' }
        : route(req),
    );
    try {
      const replies = await loadDashboard(t, client);
      const materials = replies.find((m) => m.type === 'dashboard:learning_materials')!;
      expect(materials.payload.materials).toEqual([]);
      expect(String(materials.payload.error)).toMatch(/^Could not find learning materials/);
      expect(replies.some((m) => m.type === 'dashboard:issues')).toBe(true);
      expect(actions(t, 'dashboard_loaded').at(-1)).toMatchObject({
        flows: { issues: 'ok', challenges: 'ok', materials: 'error' },
      });
    } finally {
      stub.setHandler(route);
    }
  });
});

describe('issue 20 item 1: the dashboard tells the truth', () => {
  let t: TestServer;
  let client: WsClient;
  beforeAll(async () => {
    t = await startTestServer({ env: { ANTHROPIC_BASE_URL: stub.url, PAIGE_GH_PATH: GH('ok') } });
    ({ client } = await WsClient.hello(t.url));
  });
  afterAll(async () => {
    await client.close();
    await t.stop();
  });
  const issueCalls = () => stub.requests.filter(isIssues).length;

  it('Story 12 AS-9: refresh re-assesses (the model is called again though nothing changed)', async () => {
    await loadDashboard(t, client);
    const before = issueCalls();
    await loadDashboard(t, client);
    expect(issueCalls()).toBe(before); // a plain reload is served from the cache
    const res = await client.request('dashboard:refresh_issues', {}, 'dashboard:issues');
    expect(valid(res)).toBe(true);
    expect(issueCalls()).toBe(before + 1);
  });

  it('Story 12 AS-5: the assessment cache is invalidated when the Dreyfus stages or the knowledge gaps change', async () => {
    const db = t.server.parts.db;
    await loadDashboard(t, client);
    const before = issueCalls();
    upsertDreyfusAssessment(db, {
      skillArea: 'TypeScript',
      stage: 'advanced_beginner',
      confidence: 0.6,
      evidence: 'e',
    });
    await loadDashboard(t, client);
    expect(issueCalls()).toBe(before + 1);
    expect(userText(stub.requests.filter(isIssues).at(-1)!)).toContain('TypeScript: advanced_beginner');
    const gap = recordKnowledgeGap(db, {
      sessionId: null,
      topic: 'OAuth state handling',
      severity: 'high',
      evidence: 'e',
    });
    await loadDashboard(t, client);
    expect(issueCalls()).toBe(before + 2);
    expect(userText(stub.requests.filter(isIssues).at(-1)!)).toContain('OAuth state handling (high)');
    await loadDashboard(t, client);
    expect(issueCalls()).toBe(before + 2);
    setKnowledgeGapAddressed(db, gap.id, true);
    await loadDashboard(t, client);
    expect(issueCalls()).toBe(before + 3);
  });

  it('Story 12 AS-6: learning materials are cached per gap: a second load makes no web search, a new gap is searched alone', async () => {
    const db = t.server.parts.db;
    recordKnowledgeGap(db, {
      sessionId: null,
      topic: 'Async error handling',
      severity: 'high',
      evidence: 'e',
    });
    const searches = () => stub.requests.filter(isMaterials).length;
    const before = searches();
    const first = (await loadDashboard(t, client)).find((m) => m.type === 'dashboard:learning_materials')!;
    expect(searches()).toBe(before + 1);
    const second = (await loadDashboard(t, client)).find((m) => m.type === 'dashboard:learning_materials')!;
    expect(searches()).toBe(before + 1);
    expect(second.payload.materials).toEqual(first.payload.materials);
    recordKnowledgeGap(db, {
      sessionId: null,
      topic: 'Promise.all failure modes',
      severity: 'medium',
      evidence: 'e',
    });
    await loadDashboard(t, client);
    expect(searches()).toBe(before + 2);
    const sent = userText(stub.requests.filter(isMaterials).at(-1)!);
    expect(sent).toContain('Promise.all failure modes');
    expect(sent).not.toContain('Async error handling (high');
  });

  it('Story 4 AS-6 + Story 12 AS-2: actionsLogged, API calls, failures, average latency and cost by model are in the stats on the wire', async () => {
    const db = t.server.parts.db;
    logApiCall(db, {
      sessionId: null,
      callType: 'explain_this',
      model: 'claude-sonnet-4-5',
      inputHash: 'aaaaaaaaaaaaaaaa',
      latencyMs: 2_000,
      inputTokens: 10,
      outputTokens: 10,
      costEstimate: 0.4,
    });
    logApiCall(db, {
      sessionId: null,
      callType: 'explain_this',
      model: 'claude-sonnet-4-5',
      inputHash: 'aaaaaaaaaaaaaaaa',
      latencyMs: -1,
      inputTokens: 900,
      outputTokens: 64,
      costEstimate: 0.1,
    });
    const state = (await loadDashboard(t, client, { statsPeriod: '7d' }))[0]!;
    expect(valid(state)).toBe(true);
    const stats = state.payload.stats as Record<string, unknown> & {
      costByModel: Array<{
        model: string;
        callCount: number;
        costUsd: number;
        averageLatencyMs: number | null;
      }>;
    };
    const rows = db.prepare('SELECT COUNT(*) AS n FROM action_log').get() as { n: number };
    expect(stats.actionsLogged).toBeGreaterThan(0);
    expect(stats.actionsLogged).toBeLessThanOrEqual(rows.n);
    const calls = db
      .prepare(
        'SELECT model, COUNT(*) AS n, SUM(cost_estimate) AS cost, SUM(latency_ms = -1) AS failed FROM api_call_log GROUP BY model',
      )
      .all() as Array<{ model: string; n: number; cost: number; failed: number }>;
    expect(stats.apiCallCount).toBe(calls.reduce((a, c) => a + c.n, 0));
    expect(stats.apiCallsFailed).toBe(calls.reduce((a, c) => a + c.failed, 0));
    const opus = stats.costByModel.find((m) => m.model === 'claude-sonnet-4-5')!;
    expect(opus).toMatchObject({ callCount: 2, averageLatencyMs: 2_000 });
    expect(opus.costUsd).toBeCloseTo(0.5, 10);
    // The dashboard's own model calls (stand-in: haiku for issues, sonnet alias for materials) are counted too.
    expect(stats.costByModel.map((m) => m.model)).toEqual(expect.arrayContaining(calls.map((c) => c.model)));
    expect(typeof stats.averageLatencyMs).toBe('number');
  });
});

describe('Story 12 AS-5: issue suitability is assessed against the Dreyfus stages', () => {
  it('the issue_assessment call carries Novice in React and Competent in Node.js (and the rubric to rate by them)', async () => {
    const t = await startTestServer({ env: { ANTHROPIC_BASE_URL: stub.url, PAIGE_GH_PATH: GH('ok') } });
    const { client } = await WsClient.hello(t.url);
    try {
      upsertDreyfusAssessment(t.server.parts.db, {
        skillArea: 'React',
        stage: 'novice',
        confidence: 0.7,
        evidence: 'e',
      });
      upsertDreyfusAssessment(t.server.parts.db, {
        skillArea: 'Node.js',
        stage: 'competent',
        confidence: 0.8,
        evidence: 'e',
      });
      const before = stub.requests.length;
      const replies = await loadDashboard(t, client);
      const req = stub.requests.slice(before).find(isIssues)!;
      expect(userText(req)).toContain('React: novice (confidence 0.70)');
      expect(userText(req)).toContain('Node.js: competent (confidence 0.80)');
      expect(req.systemText).toContain('good_fit (within reach or slightly above)');
      const issues = replies.find((m) => m.type === 'dashboard:issues')!.payload.issues as Array<{
        number: number;
        suitability: string;
      }>;
      expect(issues.map((i) => [i.number, i.suitability])).toEqual([
        [42, 'good_fit'],
        [57, 'stretch'],
        [61, 'too_advanced'],
      ]);
    } finally {
      await client.close();
      await t.stop();
    }
  });
});

describe('Story 12 AS-11: gh missing, unauthenticated or hanging -> dashboard:issues_error, the rest still loads', () => {
  const cases: Array<{ name: string; gh: string; code: string; message: RegExp; timeoutMs: number }> = [
    {
      name: 'gh fails authentication (exit 4)',
      gh: GH('auth-failure'),
      code: 'GH_NOT_AUTHENTICATED',
      message: /gh auth login/,
      timeoutMs: 10_000,
    },
    {
      name: 'gh is not installed (nothing at the path)',
      gh: GH('empty-path'),
      code: 'GH_NOT_FOUND',
      message: /not installed/,
      timeoutMs: 10_000,
    },
  ];
  for (const c of cases) {
    it(`${c.name}`, async () => {
      const t = await startTestServer({ env: { ANTHROPIC_BASE_URL: stub.url, PAIGE_GH_PATH: c.gh } });
      const { client } = await WsClient.hello(t.url);
      try {
        const replies = await loadDashboard(t, client, {}, c.timeoutMs);
        expect(replies[0]?.type).toBe('dashboard:state');
        const err = replies.find((m) => m.type === 'dashboard:issues_error')!;
        expect(valid(err)).toBe(true);
        expect(err.payload.code).toBe(c.code);
        expect(String(err.payload.error)).toMatch(c.message);
        expect(replies.some((m) => m.type === 'dashboard:challenges')).toBe(true);
        expect(actions(t, 'dashboard_loaded').at(-1)).toMatchObject({
          issuesLoaded: false,
          flows: { issues: 'error', challenges: 'ok' },
        });
        // The server is still fine afterwards.
        expect((await fetch(`${t.url}/health`)).status).toBe(200);
      } finally {
        await client.close();
        await t.stop();
      }
    });
  }

  it('a gh that hangs is killed after the time limit; state and challenges arrive first', async () => {
    const t = await startTestServer({
      env: { ANTHROPIC_BASE_URL: stub.url, PAIGE_GH_PATH: GH('hanging'), PAIGE_GH_TIMEOUT_MS: '1000' },
    });
    const { client } = await WsClient.hello(t.url);
    try {
      const started = Date.now();
      const id = 'hang-1';
      const challenges = client.next((m) => m.id === id && m.type === 'dashboard:challenges', 5_000);
      const error = client.next((m) => m.id === id && m.type === 'dashboard:issues_error', 25_000);
      client.send('dashboard:request', {}, id);
      await challenges;
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(client.received.find((m) => m.id === id)?.type).toBe('dashboard:state');
      const err = await error;
      expect(err.payload.code).toBe('GH_TIMEOUT');
      expect(String(err.payload.error)).toMatch(/did not answer within 1 s/);
    } finally {
      await client.close();
      await t.stop();
    }
  }, 40_000);
});

describe('Issue 10 item 4: the daily budget stops optional dashboard calls', () => {
  it('issues and learning materials answer a budget error, no model call is made, the SQLite state still loads', async () => {
    const t = await startTestServer({
      env: { ANTHROPIC_BASE_URL: stub.url, PAIGE_GH_PATH: GH('ok'), PAIGE_DAILY_BUDGET_USD: '0.5' },
    });
    const { client } = await WsClient.hello(t.url);
    try {
      recordKnowledgeGap(t.server.parts.db, {
        sessionId: null,
        topic: 'Closures',
        severity: 'low',
        evidence: 'e',
      });
      logApiCall(t.server.parts.db, {
        sessionId: null,
        callType: 'coach_agent',
        model: 'claude-sonnet-4-6',
        inputHash: 'h',
        latencyMs: 1,
        inputTokens: 1,
        outputTokens: 1,
        costEstimate: 0.75,
      });
      const before = stub.requests.length;
      const replies = await loadDashboard(t, client);
      expect(replies[0]?.type).toBe('dashboard:state');
      expect(replies.find((m) => m.type === 'dashboard:issues_error')?.payload.code).toBe('BUDGET_EXCEEDED');
      expect(String(replies.find((m) => m.type === 'dashboard:learning_materials')?.payload.error)).toMatch(
        /daily budget/,
      );
      expect(stub.requests.length).toBe(before);
    } finally {
      await client.close();
      await t.stop();
    }
  });
});
