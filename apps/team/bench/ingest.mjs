#!/usr/bin/env node
/**
 * Team server benchmark (issue 26 item 6; DESIGN section 8), run by `pnpm bench` (alone: it starts its own Postgres
 * and a team server child process):
 *  1. ingest: 1,000 simulated learners join with one counted invite and push 10 session summaries each, one push per
 *     session as sessions end, 100 learners at a time, retrying 5xx/429/network failures, 5% of pushes sent twice
 *     (a lost reply): records/s (target >= 500), none lost or duplicated, the team server's RSS.
 *  2. the mentor's view over 10,000 learners x 100 sessions (1M session rows, seeded with SQL): p99 of the cohort
 *     view and of a learner's timeline (target < 200 ms).
 * Writes ../../bench/results/team.json. `DATABASE_URL` uses an existing (empty) Postgres instead of starting one.
 */
import { execFileSync, spawn } from 'node:child_process';
import { chownSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const here = dirname(fileURLToPath(import.meta.url));
const MAIN = join(here, '..', 'dist', 'main.js');
const PG_BIN = process.env.PAIGE_PG_BIN ?? '/usr/lib/postgresql/15/bin';
const MENTOR = 'mentor-token-for-the-team-bench-0123456789';
const LEARNERS = Number(process.env.TEAM_BENCH_LEARNERS ?? 1000);
const SESSIONS = Number(process.env.TEAM_BENCH_SESSIONS ?? 10);
const CONCURRENCY = 100;
const VIEW_LEARNERS = Number(process.env.TEAM_BENCH_VIEW_LEARNERS ?? 10_000);
const VIEW_SESSIONS = Number(process.env.TEAM_BENCH_VIEW_SESSIONS ?? 100);

const freePort = () =>
  new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

async function startPostgres() {
  const dir = mkdtempSync(join(tmpdir(), 'paige-team-bench-pg-'));
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
  chownSync(dir, uid, gid);
  const data = join(dir, 'data');
  const as = (cmd, args) =>
    execFileSync('runuser', ['-u', 'postgres', '--', join(PG_BIN, cmd), ...args], { stdio: 'pipe' });
  as('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
  const port = await freePort();
  // Durable settings (fsync on): the ingest number is what a real deployment would see on this disk.
  writeFileSync(
    join(data, 'postgresql.auto.conf'),
    `port = ${port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '${dir}'\nmax_connections = 200\nshared_buffers = '256MB'\n`,
  );
  chownSync(join(data, 'postgresql.auto.conf'), uid, gid);
  as('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-w', 'start']);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop: () => {
      try {
        as('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
      } catch {
        // already stopped
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function startTeam(databaseUrl) {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'paige-team-bench-'));
  const child = spawn(process.execPath, [MAIN], {
    env: {
      PATH: process.env.PATH,
      DATA_DIR: dataDir,
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      PAIGE_TEAM_TOKEN: MENTOR,
      LOG_LEVEL: 'warn',
      LOG_FORMAT: 'json',
      PAIGE_TEAM_RATE_BURST: '100',
      PAIGE_TEAM_RATE_PER_SECOND: '50',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${base}/health`)).ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const rssMb = () => {
    try {
      return (
        Number(/VmRSS:\s+(\d+)/.exec(execFileSync('cat', [`/proc/${child.pid}/status`]).toString())[1]) / 1024
      );
    } catch {
      return null;
    }
  };
  return {
    base,
    child,
    rssMb,
    stop: () =>
      new Promise((r) => {
        child.on('exit', r);
        child.kill('SIGTERM');
      }),
    dataDir,
  };
}

const at = (ms) => new Date(ms).toISOString();
function session(seq, i) {
  const start = Date.now() - (SESSIONS - i) * 3_600_000;
  return {
    seq,
    kind: 'session_summary',
    occurredAt: at(start + 1_800_000),
    data: {
      sessionId: `s${seq}`,
      issueNumber: 100 + seq,
      issueTitle: `Issue ${seq}`,
      status: seq % 17 === 0 ? 'abandoned' : 'completed',
      phasesCompleted: 3,
      phasesTotal: 4,
      startedAt: at(start),
      endedAt: at(start + 1_800_000),
      durationMs: 1_800_000,
      hintsByLevel: { off: 0, low: 2, medium: 1, high: 0 },
      nudges: seq % 5,
      reviews: 1,
      costUsd: 0.05,
    },
  };
}

async function post(base, path, token, body) {
  return fetch(`${base}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

async function withRetry(fn) {
  for (let attempt = 1; ; attempt++) {
    try {
      const res = await fn();
      if (res.ok) return { res, attempt };
      if (res.status !== 429 && res.status < 500)
        throw new Error(`refused ${res.status} ${await res.text()}`);
    } catch (err) {
      if (String(err.message).startsWith('refused') || attempt > 20) throw err;
    }
    await new Promise((r) => setTimeout(r, Math.min(2000, 50 * 2 ** attempt) * (0.5 + Math.random() / 2)));
  }
}

async function pool(items, n, fn) {
  let next = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < items.length) await fn(items[next++]);
    }),
  );
}

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

const loadNow = () =>
  loadavg()
    .map((x) => x.toFixed(1))
    .join(' / ');

async function main() {
  const loadAtStart = loadNow();
  const own = process.env.DATABASE_URL ? null : await startPostgres();
  const url = process.env.DATABASE_URL ?? own.url;
  const results = [];
  let team;
  try {
    team = await startTeam(url);
    const rss0 = team.rssMb();
    // --- 1. ingest
    const invite = await (
      await post(team.base, '/api/mentor/invites', MENTOR, { uses: 1000, expiresInMs: 3_600_000 })
    ).json();
    const ids = Array.from({ length: LEARNERS }, (_, i) => i);
    const learners = [];
    await pool(ids, 50, async (i) => {
      const { res } = await withRetry(() =>
        post(team.base, '/api/join', '', { code: invite.code, displayName: `Learner ${i}` }),
      );
      learners.push(await res.json());
    });
    let retries = 0;
    let duplicatesSent = 0;
    let peakRss = 0;
    const rssTimer = setInterval(() => (peakRss = Math.max(peakRss, team.rssMb() ?? 0)), 200);
    const t0 = performance.now();
    await pool(learners, CONCURRENCY, async (l) => {
      for (let s = 1; s <= SESSIONS; s++) {
        const body = { learnerId: l.learnerId, records: [session(s, s)] };
        const { attempt } = await withRetry(() => post(team.base, '/api/push', l.token, body));
        retries += attempt - 1;
        if (Math.random() < 0.05) {
          duplicatesSent++;
          await withRetry(() => post(team.base, '/api/push', l.token, body)); // as if the reply had been lost
        }
      }
    });
    const seconds = (performance.now() - t0) / 1000;
    clearInterval(rssTimer);
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    const stored = Number((await c.query('SELECT count(*) AS n FROM records')).rows[0].n);
    const distinct = Number(
      (await c.query('SELECT count(*) AS n FROM (SELECT DISTINCT learner_id, seq FROM records) d')).rows[0].n,
    );
    const sessions = Number((await c.query('SELECT sum(sessions) AS n FROM learner_totals')).rows[0].n);
    const expected = LEARNERS * SESSIONS;
    const rate = expected / seconds;
    console.log(
      `ingest: ${expected} records from ${LEARNERS} learners in ${seconds.toFixed(1)} s = ${rate.toFixed(0)} records/s; stored ${stored} (distinct ${distinct}, sessions ${sessions}); ${retries} retries, ${duplicatesSent} pushes sent twice; RSS ${rss0?.toFixed(0)} -> peak ${peakRss.toFixed(0)} MB`,
    );
    results.push({
      metric: `ingest: ${LEARNERS} learners x ${SESSIONS} sessions, one push per session, ${CONCURRENCY} concurrent, with retries`,
      unit: 'records/s',
      target: '>= 500',
      median: null,
      p99: null,
      value: Math.round(rate),
      pass: rate >= 500,
      notes: `${expected} records in ${seconds.toFixed(1)} s; ${retries} retries; ${duplicatesSent} pushes re-sent`,
    });
    results.push({
      metric: 'ingest: records lost or duplicated',
      unit: 'records',
      target: '0',
      median: null,
      p99: null,
      value: Math.abs(stored - expected) + (stored - distinct),
      pass: stored === expected && distinct === expected && sessions === expected,
      notes: `stored ${stored}, distinct ${distinct}, session rows ${sessions}, expected ${expected}`,
    });
    results.push({
      metric: 'team server RSS during ingest (peak)',
      unit: 'MB',
      target: 'bounded (< 250)',
      median: null,
      p99: null,
      value: Math.round(peakRss),
      pass: peakRss < 250,
      notes: `idle after start ${rss0?.toFixed(0)} MB`,
    });

    // --- 1b. the same volume as a learner's sender sends it after a day offline: one push of 10 sessions per learner
    const invite2 = await (
      await post(team.base, '/api/mentor/invites', MENTOR, { uses: 1000, expiresInMs: 3_600_000 })
    ).json();
    const batchLearners = [];
    await pool(ids, 50, async (i) => {
      const { res } = await withRetry(() =>
        post(team.base, '/api/join', '', { code: invite2.code, displayName: `Batched ${i}` }),
      );
      batchLearners.push(await res.json());
    });
    const t1 = performance.now();
    await pool(batchLearners, CONCURRENCY, async (l) => {
      const body = {
        learnerId: l.learnerId,
        records: Array.from({ length: SESSIONS }, (_, k) => session(k + 1, k + 1)),
      };
      await withRetry(() => post(team.base, '/api/push', l.token, body));
    });
    const batchSeconds = (performance.now() - t1) / 1000;
    const c2 = new pg.Client({ connectionString: url });
    await c2.connect();
    const stored2 = Number((await c2.query('SELECT count(*) AS n FROM records')).rows[0].n) - stored;
    await c2.end();
    const batchRate = expected / batchSeconds;
    console.log(
      `ingest (batched, 10 per push): ${expected} records in ${batchSeconds.toFixed(1)} s = ${batchRate.toFixed(0)} records/s; stored ${stored2}`,
    );
    results.push({
      metric: `ingest: ${LEARNERS} learners x ${SESSIONS} sessions, one push of ${SESSIONS} per learner (the sender after a day offline), ${CONCURRENCY} concurrent`,
      unit: 'records/s',
      target: '>= 500',
      median: null,
      p99: null,
      value: Math.round(batchRate),
      pass: batchRate >= 500 && stored2 === expected,
      notes: `${expected} records in ${batchSeconds.toFixed(1)} s; stored ${stored2}`,
    });

    // --- 2. the mentor's view over 1M session rows (seeded in SQL: the ingest path is measured above)
    const tSeed = performance.now();
    await c.query(`
      INSERT INTO learners (id, display_name, token_hash, joined_at, last_seen_at, highest_seq)
      SELECT gen_random_uuid(), 'Seeded ' || g, md5(g::text) || md5((g * 7)::text), now() - interval '60 days', now() - (g % 500) * interval '1 hour', ${VIEW_SESSIONS}
      FROM generate_series(1, ${VIEW_LEARNERS}) g`);
    await c.query(`
      INSERT INTO sessions (learner_id, session_id, issue_number, issue_title, status, phases_completed, phases_total, started_at, ended_at, duration_ms, hints_low, hints_medium, hints_high, nudges, reviews, cost_usd)
      SELECT l.id, 's' || s, s, 'Issue ' || s, CASE WHEN (s + hashtext(l.id::text)) % 23 = 0 THEN 'abandoned' ELSE 'completed' END, 3, 4,
             now() - (${VIEW_SESSIONS} - s) * interval '6 hours', now() - (${VIEW_SESSIONS} - s) * interval '6 hours' + interval '40 minutes',
             2400000, 1, 1, 0, (s % 7), 1, 0.04
      FROM learners l CROSS JOIN generate_series(1, ${VIEW_SESSIONS}) s WHERE l.display_name LIKE 'Seeded %'`);
    await c.query(`
      INSERT INTO learner_totals (learner_id, sessions, abandoned, last_abandoned_at, nudges, cost_usd, last_session_at)
      SELECT learner_id, count(*), count(*) FILTER (WHERE status = 'abandoned'), max(started_at) FILTER (WHERE status = 'abandoned'), sum(nudges), sum(cost_usd), max(started_at)
      FROM sessions WHERE learner_id IN (SELECT id FROM learners WHERE display_name LIKE 'Seeded %') GROUP BY learner_id`);
    await c.query(`
      INSERT INTO gaps (learner_id, gap_id, topic, topic_key, severity, addressed, identified_at, addressed_at)
      SELECT l.id, 'g' || k, 'Topic ' || ((abs(hashtext(l.id::text)) + k) % 40), 'topic ' || ((abs(hashtext(l.id::text)) + k) % 40),
             (ARRAY['low','medium','high'])[1 + k % 3], k % 2 = 0, now() - (k * 3) * interval '1 day', NULL
      FROM learners l CROSS JOIN generate_series(1, 5) k WHERE l.display_name LIKE 'Seeded %'`);
    await c.query(`
      INSERT INTO stages (learner_id, skill_area, stage, confidence, assessed_at)
      SELECT l.id, (ARRAY['testing','async code','css layout','git','debugging'])[k], (ARRAY['novice','advanced_beginner','competent','proficient','expert'])[1 + (abs(hashtext(l.id::text)) + k) % 5], 0.7, now()
      FROM learners l CROSS JOIN generate_series(1, 5) k WHERE l.display_name LIKE 'Seeded %'`);
    await c.query(
      `UPDATE learner_totals t SET open_gaps = g.n FROM (SELECT learner_id, count(*)::int AS n FROM gaps WHERE NOT addressed GROUP BY learner_id) g WHERE g.learner_id = t.learner_id`,
    );
    await c.query(`
      INSERT INTO gap_topics (topic_key, topic, learners, worst, open_since)
      SELECT topic_key, min(topic), count(DISTINCT learner_id), max(CASE severity WHEN 'high' THEN 3 WHEN 'medium' THEN 2 ELSE 1 END), min(identified_at)
      FROM gaps WHERE NOT addressed GROUP BY topic_key
      ON CONFLICT (topic_key) DO UPDATE SET learners = excluded.learners, worst = excluded.worst, open_since = excluded.open_since`);
    await c.query('ANALYZE');
    const sessionRows = Number((await c.query('SELECT count(*) AS n FROM sessions')).rows[0].n);
    const seedS = (performance.now() - tSeed) / 1000;
    const someIds = (
      await c.query(`SELECT id FROM learners WHERE display_name LIKE 'Seeded %' ORDER BY random() LIMIT 50`)
    ).rows.map((r) => r.id);
    await c.end();
    const time = async (path) => {
      const t = performance.now();
      const res = await fetch(`${team.base}${path}`, { headers: { authorization: `Bearer ${MENTOR}` } });
      await res.arrayBuffer();
      if (!res.ok) throw new Error(`${path}: ${res.status}`);
      return performance.now() - t;
    };
    for (let i = 0; i < 3; i++) await time('/api/mentor/cohort'); // warm
    const cohort = [];
    for (let i = 0; i < 30; i++) cohort.push(await time('/api/mentor/cohort'));
    const timeline = [];
    for (const id of someIds) timeline.push(await time(`/api/mentor/learners/${id}/timeline`));
    console.log(
      `mentor view over ${sessionRows} session rows (${VIEW_LEARNERS} learners, seeded in ${seedS.toFixed(0)} s): cohort p50 ${pct(cohort, 50).toFixed(1)} ms p99 ${pct(cohort, 99).toFixed(1)} ms; timeline p50 ${pct(timeline, 50).toFixed(1)} ms p99 ${pct(timeline, 99).toFixed(1)} ms; RSS ${team.rssMb()?.toFixed(0)} MB`,
    );
    results.push({
      metric: `mentor view: cohort (${VIEW_LEARNERS} learners, ${sessionRows} session rows)`,
      unit: 'ms',
      target: 'p99 < 200',
      median: pct(cohort, 50),
      p99: pct(cohort, 99),
      value: null,
      pass: pct(cohort, 99) < 200,
      notes: '30 requests after 3 warm-up; over HTTP, JSON of the 500 most recent learners',
    });
    results.push({
      metric: `mentor view: a learner's timeline (${sessionRows} session rows)`,
      unit: 'ms',
      target: 'p99 < 200',
      median: pct(timeline, 50),
      p99: pct(timeline, 99),
      value: null,
      pass: pct(timeline, 99) < 200,
      notes: '50 random learners, over HTTP',
    });
  } finally {
    await team?.stop();
    own?.stop();
  }
  const load = `load average ${loadAtStart} at the start, ${loadNow()} at the end (1/5/15 min) on ${cpus().length} cores`;
  for (const r of results) r.notes = `${r.notes}; ${load}`;
  const out = join(here, '..', '..', '..', 'bench', 'results');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'team.json'), `${JSON.stringify({ package: '@paige/team', results }, null, 2)}\n`);
  const failed = results.filter((r) => !r.pass);
  if (failed.length) console.log(`FAILED: ${failed.map((r) => r.metric).join('; ')}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
