import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { MAX_PUSH_BYTES } from '@paige/team-protocol';
import type { TeamServer } from '../src/server.js';
import {
  MENTOR_TOKEN,
  api,
  costRecord,
  freshDatabaseUrl,
  gapRecord,
  invite,
  joinWithNewInvite,
  practiceRecord,
  sessionRecord,
  stageRecord,
  startTeam,
} from './support/team.js';

const pgUrl = inject('pgUrl');
const pgSkip = inject('pgSkip');

const backends = [
  {
    name: 'Postgres',
    skip: pgSkip,
    open: async () => startTeam({ databaseUrl: await freshDatabaseUrl(pgUrl) }),
  },
  { name: 'PGlite (embedded)', skip: '', open: async () => startTeam() },
];

for (const backend of backends) {
  describe.skipIf(Boolean(backend.skip))(`issue 26: team server on ${backend.name}`, () => {
    let team: TeamServer;
    let base: string;
    beforeAll(async () => {
      team = await backend.open();
      base = team.url;
    });
    afterAll(async () => team?.stop());

    it('reports the database in /health', async () => {
      const res = await api(base, 'GET', '/health');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        status: 'ok',
        database: { ok: true, driver: backend.name === 'Postgres' ? 'postgres' : 'pglite' },
      });
    });

    it('migrations are idempotent: migrating again changes nothing', async () => {
      await team.database!.migrate();
      const res = await api(base, 'GET', '/health');
      expect(res.status).toBe(200);
    });

    it('joins with an invite; a single-use invite cannot be reused; a counted one allows N joins', async () => {
      const code = await invite(base);
      const first = await api(base, 'POST', '/api/join', { body: { code, displayName: 'Ana' } });
      expect(first.status).toBe(201);
      expect(first.body.token).toMatch(/^ptl_/);
      expect(first.body.shares).toContain('session_summary');
      const again = await api(base, 'POST', '/api/join', { body: { code, displayName: 'Bo' } });
      expect(again.status).toBe(410);
      expect(again.body.error.code).toBe('INVITE_USED');

      const counted = await invite(base, { uses: 2 });
      expect(
        (await api(base, 'POST', '/api/join', { body: { code: counted, displayName: 'C1' } })).status,
      ).toBe(201);
      expect(
        (await api(base, 'POST', '/api/join', { body: { code: counted, displayName: 'C2' } })).status,
      ).toBe(201);
      expect(
        (await api(base, 'POST', '/api/join', { body: { code: counted, displayName: 'C3' } })).body.error
          .code,
      ).toBe('INVITE_USED');

      const unknown = await api(base, 'POST', '/api/join', {
        body: { code: `pti_${'x'.repeat(32)}`, displayName: 'D' },
      });
      expect(unknown.status).toBe(403);
      expect(unknown.body.error.code).toBe('INVITE_INVALID');
      const malformed = await api(base, 'POST', '/api/join', { body: { code: 'nope', displayName: 'D' } });
      expect(malformed.status).toBe(400);
    });

    it('refuses an expired invite', async () => {
      // the shortest allowed expiry is a minute: create one, then move its expiry into the past through the database
      const code = await invite(base, { expiresInMs: 60_000 });
      await team.database!.db.execute(
        (await import('drizzle-orm')).sql`UPDATE invites SET expires_at = now() - interval '1 second'`,
      );
      const res = await api(base, 'POST', '/api/join', { body: { code, displayName: 'Late' } });
      expect(res.status).toBe(410);
      expect(res.body.error.code).toBe('INVITE_EXPIRED');
    });

    it('ingests records idempotently: a record sent twice is stored once', async () => {
      const ana = await joinWithNewInvite(base, 'Ana Ingest');
      const records = [
        sessionRecord(1),
        gapRecord(2, 'Async error handling'),
        stageRecord(3, 'testing', 'competent'),
        practiceRecord(4, true),
        costRecord(5, 0.25),
      ];
      const first = await api(base, 'POST', '/api/push', {
        token: ana.token,
        body: { learnerId: ana.learnerId, records },
      });
      expect(first.status).toBe(200);
      expect(first.body).toEqual({ accepted: 5, duplicates: 0, highestSeq: 5 });
      const again = await api(base, 'POST', '/api/push', {
        token: ana.token,
        body: { learnerId: ana.learnerId, records: [...records, costRecord(6, 0.5)] },
      });
      expect(again.body).toEqual({ accepted: 1, duplicates: 5, highestSeq: 6 });

      const cohort = await api(base, 'GET', '/api/mentor/cohort', { token: MENTOR_TOKEN });
      expect(cohort.status).toBe(200);
      const me = cohort.body.learners.find((l: { learnerId: string }) => l.learnerId === ana.learnerId);
      expect(me).toMatchObject({
        displayName: 'Ana Ingest',
        sessions: 1,
        nudges: 2,
        openGaps: 1,
        stages: { testing: 'competent' },
      });
      expect(me.costUsd).toBeCloseTo(0.75);
      const timeline = await api(base, 'GET', `/api/mentor/learners/${ana.learnerId}/timeline`, {
        token: MENTOR_TOKEN,
      });
      expect(timeline.body.entries.map((e: { kind: string }) => e.kind).sort()).toEqual([
        'gap',
        'practice',
        'session',
        'stage',
      ]);
      const status = await api(base, 'GET', '/api/me', { token: ana.token });
      expect(status.body).toMatchObject({ learnerId: ana.learnerId, highestSeq: 6 });
    });

    it('a summary sent again replaces the earlier one in the totals, also within one batch and under concurrent pushes', async () => {
      const bo = await joinWithNewInvite(base, 'Bo Totals');
      const push = (records: unknown[]) =>
        api(base, 'POST', '/api/push', { token: bo.token, body: { learnerId: bo.learnerId, records } });
      // seq 1: abandoned; seq 2 (same batch): the same session again with more nudges; seq 3: a cost
      const first = await push([
        sessionRecord(1, { sessionId: 's-x', status: 'abandoned', nudges: 4 }),
        sessionRecord(2, { sessionId: 's-x', status: 'abandoned', nudges: 6 }),
        costRecord(3, 0.2),
      ]);
      expect(first.body).toEqual({ accepted: 3, duplicates: 0, highestSeq: 3 });
      const mine = async () =>
        (await api(base, 'GET', '/api/mentor/cohort', { token: MENTOR_TOKEN })).body.learners.find(
          (l: { learnerId: string }) => l.learnerId === bo.learnerId,
        );
      expect(await mine()).toMatchObject({ sessions: 1, abandonedSessions: 1, nudges: 6 });
      // later the session is completed after all: the abandoned count and nudges follow the latest summary
      await push([sessionRecord(4, { sessionId: 's-x', status: 'completed', nudges: 1 })]);
      expect(await mine()).toMatchObject({ sessions: 1, abandonedSessions: 0, nudges: 1 });
      // ten pushes at once, each a new session and a cost: nothing lost in the running totals
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          push([sessionRecord(10 + 2 * i, { sessionId: `s-c${i}` }), costRecord(11 + 2 * i, 0.1)]),
        ),
      );
      expect(results.every((r) => r.status === 200)).toBe(true);
      const after = await mine();
      expect(after).toMatchObject({ sessions: 11, abandonedSessions: 0, nudges: 21 });
      expect(after.costUsd).toBeCloseTo(1.2);
    });

    it('stores a session summary for the team lead that the learner shared, shown in the timeline (item 5)', async () => {
      const cy = await joinWithNewInvite(base, 'Cy Summary');
      const summary = (seq: number, text: string, minutesAgo: number) => ({
        seq,
        kind: 'manager_summary',
        occurredAt: new Date(Date.now() - minutesAgo * 60_000).toISOString(),
        data: {
          sessionId: 's-1',
          summary: text,
          generatedAt: new Date(Date.now() - minutesAgo * 60_000).toISOString(),
        },
      });
      const push = (records: unknown[]) =>
        api(base, 'POST', '/api/push', { token: cy.token, body: { learnerId: cy.learnerId, records } });
      const first = await push([
        sessionRecord(1),
        summary(2, 'Cy fixed the login redirect with little help and asked good questions.', 5),
      ]);
      expect(first.body).toEqual({ accepted: 2, duplicates: 0, highestSeq: 2 });
      // regenerated later: the newer paragraph replaces it; code in a summary is refused and changes nothing
      await push([summary(3, 'Cy fixed the login redirect and wrote the tests first.', 1)]);
      const bad = await push([summary(4, 'He wrote const x = () => { return 1 };', 0)]);
      expect(bad.status).toBe(400);
      const timeline = await api(base, 'GET', `/api/mentor/learners/${cy.learnerId}/timeline`, {
        token: MENTOR_TOKEN,
      });
      const summaries = timeline.body.entries.filter((e: { kind: string }) => e.kind === 'summary');
      expect(summaries).toEqual([
        expect.objectContaining({
          title: '#11 Fix the login redirect 1: summary for the team lead',
          detail: 'Cy fixed the login redirect and wrote the tests first.',
        }),
      ]);
    });

    it('refuses malformed, path-carrying and oversized pushes with a 4xx and writes nothing', async () => {
      const bo = await joinWithNewInvite(base, 'Bo Bad');
      const withPath = sessionRecord(2);
      (withPath.data as Record<string, unknown>).path = '/home/bo/project/src/app.ts';
      const withCodeTitle = sessionRecord(3, { issueTitle: 'src/app/main.ts is broken' });
      const cases: { body?: unknown; raw?: string; status: number; code: string }[] = [
        { raw: '{not json', status: 400, code: 'INVALID_REQUEST' },
        {
          body: { learnerId: bo.learnerId, records: [sessionRecord(1), withPath] },
          status: 400,
          code: 'INVALID_REQUEST',
        },
        {
          body: { learnerId: bo.learnerId, records: [sessionRecord(1), withCodeTitle] },
          status: 400,
          code: 'INVALID_REQUEST',
        },
        {
          body: { learnerId: bo.learnerId, records: [{ ...sessionRecord(1), kind: 'transcript' }] },
          status: 400,
          code: 'INVALID_REQUEST',
        },
        {
          raw: JSON.stringify({
            learnerId: bo.learnerId,
            records: [sessionRecord(1)],
            pad: 'x'.repeat(MAX_PUSH_BYTES),
          }),
          status: 413,
          code: 'PAYLOAD_TOO_LARGE',
        },
      ];
      for (const c of cases) {
        const res = await api(base, 'POST', '/api/push', {
          token: bo.token,
          ...(c.raw ? { raw: c.raw } : { body: c.body }),
        });
        expect(res.status, JSON.stringify(res.body)).toBe(c.status);
        expect(res.body.error.code).toBe(c.code);
      }
      const status = await api(base, 'GET', '/api/me', { token: bo.token });
      expect(status.body.highestSeq).toBe(0);
      const cohort = await api(base, 'GET', '/api/mentor/cohort', { token: MENTOR_TOKEN });
      expect(
        cohort.body.learners.find((l: { learnerId: string }) => l.learnerId === bo.learnerId).sessions,
      ).toBe(0);
    });

    it('isolates learners: no pushing as another, no mentor view, no timeline with a learner token', async () => {
      const a = await joinWithNewInvite(base, 'Iso A');
      const b = await joinWithNewInvite(base, 'Iso B');
      const asOther = await api(base, 'POST', '/api/push', {
        token: b.token,
        body: { learnerId: a.learnerId, records: [sessionRecord(1)] },
      });
      expect(asOther.status).toBe(403);
      expect(asOther.body.error.code).toBe('LEARNER_MISMATCH');
      for (const path of ['/api/mentor/cohort', `/api/mentor/learners/${a.learnerId}/timeline`]) {
        expect((await api(base, 'GET', path, { token: b.token })).status).toBe(403);
        expect((await api(base, 'GET', path)).status).toBe(403);
      }
      expect(
        (await api(base, 'POST', `/api/mentor/learners/${a.learnerId}/revoke`, { token: b.token })).status,
      ).toBe(403);
      expect((await api(base, 'POST', '/api/mentor/invites', { token: b.token, body: {} })).status).toBe(403);
      expect((await api(base, 'POST', '/api/push', { token: 'ptl_wrong', body: {} })).status).toBe(401);
      expect((await api(base, 'GET', '/api/me', { token: a.token })).body.learnerId).toBe(a.learnerId);
    });

    it('revocation: a revoked learner is refused; leaving stops the token', async () => {
      const r = await joinWithNewInvite(base, 'Revoked R');
      expect(
        (
          await api(base, 'POST', '/api/push', {
            token: r.token,
            body: { learnerId: r.learnerId, records: [sessionRecord(1)] },
          })
        ).status,
      ).toBe(200);
      expect(
        (await api(base, 'POST', `/api/mentor/learners/${r.learnerId}/revoke`, { token: MENTOR_TOKEN }))
          .status,
      ).toBe(200);
      const refused = await api(base, 'POST', '/api/push', {
        token: r.token,
        body: { learnerId: r.learnerId, records: [sessionRecord(2)] },
      });
      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe('LEARNER_REVOKED');

      const l = await joinWithNewInvite(base, 'Leaving L');
      expect((await api(base, 'POST', '/api/leave', { token: l.token })).status).toBe(200);
      expect(
        (
          await api(base, 'POST', '/api/push', {
            token: l.token,
            body: { learnerId: l.learnerId, records: [sessionRecord(1)] },
          })
        ).status,
      ).toBe(401);
      const cohort = await api(base, 'GET', '/api/mentor/cohort', { token: MENTOR_TOKEN });
      const rows = cohort.body.learners.filter((x: { learnerId: string }) =>
        [r.learnerId, l.learnerId].includes(x.learnerId),
      );
      expect(rows.map((x: { revoked: boolean; left: boolean }) => [x.revoked, x.left]).sort()).toEqual([
        [false, true],
        [true, false],
      ]);
    });

    it('shows shared gaps, who may be stuck, and spend against the budget', async () => {
      const names = ['Gap One', 'Gap Two', 'Gap Three'];
      const ids: string[] = [];
      for (const [i, name] of names.entries()) {
        const l = await joinWithNewInvite(base, name);
        ids.push(l.learnerId);
        const records = [
          gapRecord(1, i === 0 ? 'Closures in loops' : 'closures  in loops'),
          costRecord(2, 1),
        ];
        if (i === 0)
          records.push(
            sessionRecord(3, { status: 'abandoned', sessionId: 'a1' }),
            sessionRecord(4, { status: 'abandoned', sessionId: 'a2', nudges: 12 }),
          );
        expect(
          (
            await api(base, 'POST', '/api/push', {
              token: l.token,
              body: { learnerId: l.learnerId, records },
            })
          ).status,
        ).toBe(200);
      }
      expect(
        (await api(base, 'PUT', '/api/mentor/budget', { token: MENTOR_TOKEN, body: { budgetUsd: 20 } }))
          .status,
      ).toBe(200);
      const { body } = await api(base, 'GET', '/api/mentor/cohort', { token: MENTOR_TOKEN });
      const shared = body.sharedGaps.find((g: { topic: string }) =>
        g.topic.toLowerCase().startsWith('closures'),
      );
      expect(shared.learners).toBe(3);
      const stuck = body.stuck.find((s: { learnerId: string }) => s.learnerId === ids[0]);
      expect(stuck.evidence.join(' ')).toMatch(/2 abandoned sessions, the latest today/);
      expect(stuck.evidence.join(' ')).toMatch(/gap "Closures in loops" open for 10 days/);
      expect(body.spend.budgetUsd).toBe(20);
      expect(body.spend.totalUsd).toBeGreaterThanOrEqual(3);
    });

    // per-process logic, the same on both databases: run once (a second embedded database costs a WASM initdb)
    it.runIf(backend === backends.find((b) => !b.skip))(
      'rate-limits pushes per token (429 with Retry-After)',
      async () => {
        const limited = await startTeam({
          ...(backend.name === 'Postgres' ? { databaseUrl: await freshDatabaseUrl(pgUrl) } : {}),
          env: { PAIGE_TEAM_RATE_BURST: '3', PAIGE_TEAM_RATE_PER_SECOND: '0.1' },
        });
        try {
          const l = await joinWithNewInvite(limited.url, 'Fast F');
          const other = await joinWithNewInvite(limited.url, 'Calm C');
          const statuses: number[] = [];
          for (let i = 1; i <= 4; i++) {
            statuses.push(
              (
                await api(limited.url, 'POST', '/api/push', {
                  token: l.token,
                  body: { learnerId: l.learnerId, records: [sessionRecord(i)] },
                })
              ).status,
            );
          }
          expect(statuses).toEqual([200, 200, 200, 429]);
          // another learner's bucket is untouched
          expect(
            (
              await api(limited.url, 'POST', '/api/push', {
                token: other.token,
                body: { learnerId: other.learnerId, records: [sessionRecord(1)] },
              })
            ).status,
          ).toBe(200);
        } finally {
          await limited.stop();
        }
      },
    );
  });
}
