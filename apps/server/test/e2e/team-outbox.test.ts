/**
 * Issue 26 item 3 end to end, with real processes: a learner's `paige` joins a real team server (`paige-team`, its
 * embedded Postgres) with `paige team join`, and its outbox survives a SIGKILLed learner server and a stopped team
 * server: every record arrives later, none twice.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createSession,
  endSession,
  getTeamOutboxStatus,
  openDatabase,
  recordKnowledgeGap,
  upsertDreyfusAssessment,
  type PaigeDatabase,
} from '@paige/store';
import type { CohortView, LearnerTimeline } from '@paige/team-protocol';
import { freePort } from '../hardening/spawned.js';
import { afterAll, describe, expect, it } from 'vitest';

const PAIGE = fileURLToPath(new URL('../../dist/main.js', import.meta.url));
const PAIGE_TEAM = fileURLToPath(new URL('../../../team/dist/main.js', import.meta.url));
const MENTOR = 'mentor-token-for-the-outbox-test-0123456789';
const temp: string[] = [];
const tempDir = (p: string) => {
  const d = mkdtempSync(join(tmpdir(), p));
  temp.push(d);
  return d;
};
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  for (const d of temp) rmSync(d, { recursive: true, force: true });
});

function start(
  bin: string,
  args: string[],
  env: Record<string, string>,
  readyText: string,
  timeoutMs: number,
) {
  const child = spawn(process.execPath, [bin, ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: tempDir('home-'), LOG_FORMAT: 'json', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const ready = new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`not ready: ${out}`)), timeoutMs);
    const check = () => {
      if (out.includes(readyText)) {
        clearTimeout(t);
        resolve();
      }
    };
    child.stdout!.on('data', check);
    child.on('exit', () => reject(new Error(`exited: ${out}`)));
  });
  return { child, ready, exited, out: () => out };
}

/** A mentor's GET (the cohort or a learner's timeline), typed as the team server's views. */
async function mentor<T extends CohortView | LearnerTimeline>(base: string, path: string): Promise<T> {
  const res = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${MENTOR}` } });
  return (await res.json()) as T;
}

async function until<T>(fn: () => Promise<T>, ok: (v: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn().catch(() => undefined as T);
    if (v !== undefined && ok(v)) return v;
    if (Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 250));
  }
}

function endedSession(db: PaigeDatabase, n: number): void {
  const s = createSession(db, {
    projectDir: '/home/learner/secret-project',
    issueNumber: n,
    issueTitle: `Issue number ${n}`,
  });
  endSession(db, { sessionId: s.id, status: 'completed' });
}

describe('issue 26 item 3: the outbox survives a killed learner server and a stopped team server', () => {
  it('delivers every record exactly once', async () => {
    const teamDir = tempDir('team-');
    const teamPort = await freePort();
    const teamEnv = {
      DATA_DIR: teamDir,
      PORT: String(teamPort),
      PAIGE_TEAM_TOKEN: MENTOR,
      PAIGE_TEAM_NAME: 'Outbox cohort',
    };
    let team = start(PAIGE_TEAM, [], teamEnv, "mentor's view", 110_000);
    await team.ready;
    const base = `http://127.0.0.1:${teamPort}`;

    const invite = spawnSync(process.execPath, [PAIGE_TEAM, 'invite', '--expires', '1h'], {
      env: { PATH: process.env.PATH, ...teamEnv },
      encoding: 'utf8',
    });
    expect(invite.status, invite.stderr).toBe(0);
    const learnerDir = tempDir('learner-');
    const join_ = spawnSync(
      process.execPath,
      [PAIGE, 'team', 'join', base, invite.stdout.trim(), '--name', 'Outbox Olive', '--data-dir', learnerDir],
      { encoding: 'utf8' },
    );
    expect(join_.status, join_.stderr).toBe(0);
    expect(join_.stdout).toMatch(/Never your code, diffs, file contents, transcripts or paths/);
    expect(statSync(join(learnerDir, 'team.json')).mode & 0o777).toBe(0o600);

    const paigeEnv = {
      DATA_DIR: learnerDir,
      PROJECT_DIR: tempDir('project-'),
      ANTHROPIC_API_KEY: 'k',
      PORT: '0',
      PAIGE_START_CHROMA: 'false',
      PAIGE_WATCH: 'false',
      PAIGE_TERMINAL: 'false',
      PAIGE_WEB: 'false',
    };
    let paige = start(PAIGE, [], paigeEnv, 'ready on', 30_000);
    await paige.ready;

    const db = openDatabase(join(learnerDir, 'paige.db'));
    try {
      for (let i = 1; i <= 3; i++) endedSession(db, i);
      upsertDreyfusAssessment(db, {
        skillArea: 'testing',
        stage: 'competent',
        confidence: 0.7,
        evidence: 'private evidence',
      });
      const first = await until(
        () => mentor<CohortView>(base, '/api/mentor/cohort'),
        (v) => v.learners?.[0]?.sessions === 3,
        20_000,
      );
      expect(first.learners[0]).toMatchObject({
        displayName: 'Outbox Olive',
        sessions: 3,
        stages: { testing: 'competent' },
      });

      // the learner's server is killed, the team server stops; the learner keeps working
      paige.child.kill('SIGKILL');
      await paige.exited;
      team.child.kill('SIGTERM');
      expect(await team.exited).toBe(0);
      for (let i = 4; i <= 6; i++) endedSession(db, i);
      recordKnowledgeGap(db, {
        sessionId: null,
        topic: 'Error handling',
        severity: 'high',
        evidence: 'private',
      });
      expect(getTeamOutboxStatus(db).pending).toBeGreaterThanOrEqual(4);

      // the learner's server comes back first: the team server is down, the outbox waits, the server is fine
      paige = start(PAIGE, [], paigeEnv, 'ready on', 30_000);
      await paige.ready;
      const port = /ready on http:\/\/127\.0\.0\.1:(\d+)/.exec(paige.out())![1];
      const t0 = performance.now();
      expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
      expect(performance.now() - t0).toBeLessThan(1000);
      await new Promise((r) => setTimeout(r, 1500));
      expect(getTeamOutboxStatus(db).pending).toBeGreaterThanOrEqual(4);

      team = start(PAIGE_TEAM, [], teamEnv, "mentor's view", 60_000);
      await team.ready;
      const later = await until(
        () => mentor<CohortView>(base, '/api/mentor/cohort'),
        (v) => v.learners?.[0]?.sessions === 6 && v.learners[0].openGaps === 1,
        60_000,
      );
      expect(later.learners[0]).toMatchObject({ sessions: 6, openGaps: 1 });
      const status = await until(
        async () => getTeamOutboxStatus(db),
        (s) => s.pending === 0,
        10_000,
      );
      expect(status.pending).toBe(0);
      const timeline = await mentor<LearnerTimeline>(
        base,
        `/api/mentor/learners/${later.learners[0]!.learnerId}/timeline`,
      );
      const sessions = timeline.entries.filter((e) => e.kind === 'session');
      expect(sessions).toHaveLength(6); // none twice
      expect(JSON.stringify(timeline)).not.toMatch(/secret-project|private/);

      // leaving: the token is deleted, nothing more is queued
      const leave = spawnSync(process.execPath, [PAIGE, 'team', 'leave', '--data-dir', learnerDir], {
        encoding: 'utf8',
      });
      expect(leave.status, leave.stderr).toBe(0);
      endedSession(db, 7);
      expect(getTeamOutboxStatus(db)).toMatchObject({ pending: 0, linked: null });
    } finally {
      db.close();
      paige.child.kill('SIGTERM');
      team.child.kill('SIGTERM');
      await Promise.all([paige.exited, team.exited]);
    }
  }, 240_000);
});
