/**
 * Issue 26 on a real Postgres only: concurrent migrations, two team servers on one database, and a Postgres
 * restart in the middle of ingest (the client retries; nothing is lost or duplicated).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import pg from 'pg';
import type { TeamRecord } from '@paige/team-protocol';
import { MIGRATIONS_FOLDER, openTeamDatabase } from '../src/db/index.js';
import type { TeamServer } from '../src/server.js';
import { startPostgres, type TestPostgres } from './support/postgres.js';
import {
  MENTOR_TOKEN,
  api,
  freshDatabaseUrl,
  gapRecord,
  joinWithNewInvite,
  sessionRecord,
  startTeam,
} from './support/team.js';

const pgUrl = inject('pgUrl');
const pgSkip = inject('pgSkip');

async function count(url: string, query: string): Promise<number> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const r = await c.query(query);
    return Number(r.rows[0].n);
  } finally {
    await c.end();
  }
}

/** Pushes with retries (like the learner's sender): 5xx and network errors are retried after a short pause. */
async function pushWithRetry(
  base: string,
  token: string,
  learnerId: string,
  records: TeamRecord[],
  deadline = Date.now() + 30_000,
) {
  for (;;) {
    try {
      const res = await api(base, 'POST', '/api/push', { token, body: { learnerId, records } });
      if (res.status === 200) return res.body as { accepted: number; duplicates: number };
      if (res.status < 500 && res.status !== 429)
        throw new Error(`refused: ${res.status} ${JSON.stringify(res.body)}`);
    } catch (err) {
      if ((err as Error).message.startsWith('refused')) throw err;
    }
    if (Date.now() > deadline) throw new Error('gave up');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.skipIf(Boolean(pgSkip))('issue 26: team server on a real Postgres', () => {
  it('runs migrations safely when several servers start at once', async () => {
    const url = await freshDatabaseUrl(pgUrl);
    const dbs = await Promise.all([1, 2, 3].map(() => openTeamDatabase({ url })));
    await Promise.all(dbs.map((d) => d.migrate()));
    await Promise.all(dbs.map((d) => d.close()));
    const migrations = JSON.parse(readFileSync(join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as {
      entries: unknown[];
    };
    // each migration applied once, though three servers migrated at the same moment
    expect(await count(url, 'SELECT count(*) AS n FROM drizzle.__drizzle_migrations')).toBe(
      migrations.entries.length,
    );
    expect(
      await count(url, "SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = 'public'"),
    ).toBeGreaterThanOrEqual(9);
  });

  describe('two team server instances on one database', () => {
    let a: TeamServer;
    let b: TeamServer;
    let url: string;
    beforeAll(async () => {
      url = await freshDatabaseUrl(pgUrl);
      [a, b] = await Promise.all([startTeam({ databaseUrl: url }), startTeam({ databaseUrl: url })]);
    });
    afterAll(async () => {
      await a?.stop();
      await b?.stop();
    });

    it('serve the same learners: an invite made on one joins on the other, pushes through both are stored once', async () => {
      const learner = await joinWithNewInvite(a.url, 'Twin T'); // invite and join on A
      expect((await api(b.url, 'GET', '/api/me', { token: learner.token })).body.learnerId).toBe(
        learner.learnerId,
      );
      const records = Array.from({ length: 40 }, (_, i) => sessionRecord(i + 1));
      // the same batches through both instances at once, as a load balancer might after a retry
      const results = await Promise.all([
        api(a.url, 'POST', '/api/push', {
          token: learner.token,
          body: { learnerId: learner.learnerId, records: records.slice(0, 30) },
        }),
        api(b.url, 'POST', '/api/push', {
          token: learner.token,
          body: { learnerId: learner.learnerId, records: records.slice(10) },
        }),
      ]);
      expect(results.map((r) => r.status)).toEqual([200, 200]);
      const accepted = results.reduce((n, r) => n + r.body.accepted, 0);
      const duplicates = results.reduce((n, r) => n + r.body.duplicates, 0);
      expect(accepted).toBe(40);
      expect(duplicates).toBe(20);
      expect(await count(url, 'SELECT count(*) AS n FROM records')).toBe(40);
      const [va, vb] = await Promise.all(
        [a, b].map((s) => api(s.url, 'GET', '/api/mentor/cohort', { token: MENTOR_TOKEN })),
      );
      expect(va!.body.learners[0].sessions).toBe(40);
      expect(vb!.body.learners).toEqual(va!.body.learners);
    });

    it('counts a gap shared by learners pushing at the same moment through both instances', async () => {
      const joined = await Promise.all(
        Array.from({ length: 8 }, (_, i) => joinWithNewInvite(a.url, `Concurrent ${i}`)),
      );
      await Promise.all(
        joined.map((l, i) =>
          api(i % 2 ? a.url : b.url, 'POST', '/api/push', {
            token: l.token,
            body: {
              learnerId: l.learnerId,
              records: [gapRecord(1, 'Race conditions'), gapRecord(2, 'Closures')],
            },
          }),
        ),
      );
      const { body } = await api(b.url, 'GET', '/api/mentor/cohort', { token: MENTOR_TOKEN });
      expect(body.sharedGaps.find((g: { topic: string }) => g.topic === 'Race conditions').learners).toBe(8);
      expect(body.sharedGaps.find((g: { topic: string }) => g.topic === 'Closures').learners).toBe(8);
    });
  });

  describe('Postgres restarting mid-ingest', () => {
    let own: TestPostgres;
    let team: TeamServer;
    beforeAll(async () => {
      own = await startPostgres(); // its own Postgres: restarting it must not disturb the other test files
      team = await startTeam({ databaseUrl: own.url });
    });
    afterAll(async () => {
      await team?.stop();
      own?.destroy();
    });

    it('loses nothing: the client retries through the outage and every record is stored exactly once', async () => {
      const learner = await joinWithNewInvite(team.url, 'Restart R');
      const total = 300;
      const batches: TeamRecord[][] = [];
      for (let s = 1; s <= total; s += 10)
        batches.push(Array.from({ length: 10 }, (_, i) => sessionRecord(s + i)));
      let sent = 0;
      const pushing = (async () => {
        for (const batch of batches) {
          await pushWithRetry(team.url, learner.token, learner.learnerId, batch);
          sent += batch.length;
        }
      })();
      while (sent < 60) await new Promise((r) => setTimeout(r, 5));
      own.stop('fast'); // terminates the team server's connections mid-ingest
      const health = await api(team.url, 'GET', '/health');
      expect(health.status).toBe(503);
      expect(health.body.database.ok).toBe(false);
      await new Promise((r) => setTimeout(r, 300));
      own.start();
      await pushing;
      // and again, all of it (a retry after a lost reply): all duplicates
      for (const batch of batches.slice(0, 3))
        expect((await pushWithRetry(team.url, learner.token, learner.learnerId, batch)).duplicates).toBe(10);
      expect(await count(own.url, 'SELECT count(*) AS n FROM records')).toBe(total);
      expect(await count(own.url, 'SELECT count(DISTINCT seq) AS n FROM records')).toBe(total);
      expect(await count(own.url, 'SELECT sessions AS n FROM learner_totals')).toBe(total);
      expect((await api(team.url, 'GET', '/health')).status).toBe(200);
    });
  });
});
