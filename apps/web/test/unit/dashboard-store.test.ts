/**
 * Issue 25 item 3: the dashboard store against a fake `/ws` (the real client over an in-memory socket): one
 * `dashboard:request` fills its sections from the replies that echo its id, follow-up replies fill the rest,
 * an unrelated or stale reply changes nothing, a `connection:error` fails what was waiting, a refused session start
 * says why in words, and a session's start marks the data stale.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ServerPayload } from '@paige/protocol';
import { createDashboardStore, type DashboardStore } from '../../src/state/dashboard-store.js';
import { fakeServer, settle, type FakeServer } from './support/fake-server.js';

const ISO = '2026-02-11T10:00:00.000Z';
const stats = (period: 'all' | '7d' = 'all'): ServerPayload<'dashboard:state'>['stats'] => ({
  period,
  sessionsCompleted: 3,
  totalCoachingMinutes: 90,
  issuesWorkedOn: 2,
  knowledgeGapsIdentified: 1,
  knowledgeGapsAddressed: 1,
  hintsUsed: 4,
  apiCostTotal: 0.02,
  actionsLogged: 12,
  apiCallCount: 2,
  apiCallsFailed: 0,
  averageLatencyMs: 850,
  costByModel: [],
});
const state = (over: Partial<ServerPayload<'dashboard:state'>> = {}): ServerPayload<'dashboard:state'> => ({
  dreyfus: [{ skillArea: 'testing', stage: 'novice', confidence: 0.5, assessedAt: ISO }],
  stats: stats(),
  inProgress: [{ id: 's-1', issueNumber: null, issueTitle: null, startedAt: ISO }],
  issues: null,
  challenges: null,
  materials: null,
  ...over,
});
const challenge = {
  kataId: 'k1',
  title: 'Recursion kata',
  description: 'Walk a tree',
  topic: 'recursion',
  attemptsCount: 2,
  bestLevel: 4,
  constraintCount: 3,
  unlockedConstraints: [{ title: 'No loops', description: 'Use recursion', minLevel: 3 }],
};

let server: FakeServer;
let dash: DashboardStore;
afterEach(() => {
  dash?.dispose();
  server?.client.close();
});

describe('Issue 25 item 3: the dashboard store', () => {
  it('fills the sections from the replies to its own request; later replies fill the rest', async () => {
    server = await fakeServer();
    dash = createDashboardStore(server.client);
    dash.load();
    const req = server.lastRequest('dashboard:request');
    expect(req.payload).toEqual({ statsPeriod: 'all' });
    expect(dash.store.get().stats.status).toBe('loading');
    // a reply to somebody else's request changes nothing
    server.push('dashboard:state', state({ dreyfus: [] }), 'someone-else');
    expect(dash.store.get().dreyfus.status).toBe('loading');
    server.push('dashboard:state', state(), req.id);
    let s = dash.store.get();
    expect(s.dreyfus).toMatchObject({ status: 'ready', data: [{ skillArea: 'testing' }] });
    expect(s.stats.data?.sessionsCompleted).toBe(3);
    expect(s.inProgress.data).toHaveLength(1);
    expect(s.challenges.status).toBe('loading');
    server.push('dashboard:challenges', { challenges: [challenge] }, req.id);
    server.push('dashboard:issues_error', { error: 'GitHub CLI not found', code: 'GH_NOT_FOUND' }, req.id);
    s = dash.store.get();
    expect(s.challenges).toMatchObject({ status: 'ready', data: [{ kataId: 'k1' }] });
    expect(s.issues).toMatchObject({
      status: 'error',
      error: 'GitHub CLI not found',
      code: 'GH_NOT_FOUND',
      refreshing: false,
    });
    expect(s.loadedAt).not.toBeNull();
  });

  it('a connection:error answering the request fails every section still waiting, keeping the ready ones', async () => {
    server = await fakeServer();
    dash = createDashboardStore(server.client);
    dash.load();
    const req = server.lastRequest('dashboard:request');
    server.push('dashboard:state', state(), req.id);
    server.push('connection:error', { code: 'INTERNAL_ERROR', message: 'database is locked' }, req.id);
    const s = dash.store.get();
    expect(s.stats.status).toBe('ready');
    expect(s.challenges).toMatchObject({
      status: 'error',
      error: 'database is locked',
      code: 'INTERNAL_ERROR',
    });
    expect(s.materials.status).toBe('error');
  });

  it('switching the period shows that period’s cached stats at once while it reloads', async () => {
    server = await fakeServer();
    dash = createDashboardStore(server.client);
    dash.load('7d');
    server.push('dashboard:state', state({ stats: stats('7d') }), server.lastRequest('dashboard:request').id);
    dash.setPeriod('all');
    server.push('dashboard:state', state(), server.lastRequest('dashboard:request').id);
    dash.setPeriod('7d');
    const s = dash.store.get();
    expect(s.period).toBe('7d');
    expect(s.stats).toMatchObject({ status: 'loading', data: { period: '7d' } });
    expect(server.sent('dashboard:request').map((m) => m.payload.statsPeriod)).toEqual(['7d', 'all', '7d']);
  });

  it('a refused session start says why in words and is shown beside its button; a started session marks the data stale', async () => {
    server = await fakeServer();
    dash = createDashboardStore(server.client);
    const started = dash.startSession({ number: 7, title: 'Add retry', summary: 'Retry failed uploads' });
    expect(dash.store.get().sessionAction).toMatchObject({ kind: 'start', target: 7, status: 'pending' });
    server.push(
      'connection:error',
      { code: 'SESSION_ALREADY_ACTIVE', message: 'active' },
      server.lastRequest('session:start').id,
    );
    const result = await started;
    expect(result).toEqual({ ok: false, error: expect.stringContaining('already active') as string });
    expect(dash.store.get().sessionAction).toMatchObject({ status: 'error' });
    expect(dash.store.get().stale).toBe(false);
    dash.markStale();
    expect(dash.store.get().stale).toBe(true);
    await settle();
  });
});
