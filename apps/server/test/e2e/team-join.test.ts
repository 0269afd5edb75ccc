/**
 * Issue 26 item 2 end to end: the learner's page joins and leaves a team over `/ws` (`team:join`, `team:leave`),
 * against a real team server (`paige-team`, embedded Postgres, temp data dir) and the real learner server. A bad code
 * or URL is refused with the team server's code and stores nothing; joining shares what the outbox holds (waiting
 * reaches 0, the mentor sees the learner); leaving stops sharing.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSession, endSession, getTeamLink } from '@paige/store';
import { freePort } from '../hardening/spawned.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  eventually,
  startTestServer,
  WsClient,
  type TestServer,
  type WireMessage,
} from '../support/harness.js';

const PAIGE_TEAM = fileURLToPath(new URL('../../../team/dist/main.js', import.meta.url));
const MENTOR = 'mentor-token-for-the-join-test-0123456789';
const temp: string[] = [];
const tempDir = (p: string) => {
  const d = mkdtempSync(join(tmpdir(), p));
  temp.push(d);
  return d;
};

let team: ChildProcess | undefined;
let teamEnv: Record<string, string>;
let base = '';
let paige: TestServer;
let ws: WsClient;

function invite(extra: string[] = []): string {
  const r = spawnSync(process.execPath, [PAIGE_TEAM, 'invite', '--expires', '1h', ...extra], {
    env: { PATH: process.env.PATH, HOME: teamEnv.DATA_DIR, ...teamEnv },
    encoding: 'utf8',
  });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout.trim();
}

async function mentorCohort() {
  const res = await fetch(`${base}/api/mentor/cohort`, { headers: { authorization: `Bearer ${MENTOR}` } });
  return (await res.json()) as { learners: Array<{ displayName: string; sessions: number; left: boolean }> };
}

beforeAll(async () => {
  const port = await freePort();
  teamEnv = {
    DATA_DIR: tempDir('team-'),
    PORT: String(port),
    PAIGE_TEAM_TOKEN: MENTOR,
    PAIGE_TEAM_NAME: 'Join cohort',
  };
  team = spawn(process.execPath, [PAIGE_TEAM], {
    env: { PATH: process.env.PATH ?? '', HOME: tempDir('home-'), LOG_FORMAT: 'json', ...teamEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  team.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`team server not ready: ${out}`)), 110_000);
    team!.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.includes("mentor's view")) {
        clearTimeout(t);
        resolve();
      }
    });
    team!.on('exit', () => reject(new Error(`team server exited: ${out}`)));
  });
  base = `http://127.0.0.1:${port}`;
  paige = await startTestServer({ env: { PAIGE_TERMINAL: 'false' } });
  ws = (await WsClient.hello(paige.url)).client;
}, 130_000);

afterAll(async () => {
  await ws?.close();
  await paige?.stop();
  if (team && team.exitCode === null) {
    const exited = new Promise((r) => team!.once('exit', r));
    team.kill('SIGTERM');
    await exited;
  }
  for (const d of temp) rmSync(d, { recursive: true, force: true });
});

const status = async () => (await ws.request('team:status_request', {}, 'team:status')).payload;
const nothingStored = () => {
  expect(getTeamLink(paige.server.parts.db)).toBeNull();
  expect(existsSync(join(paige.dataDir, 'team.json'))).toBe(false);
};

describe('issue 26 item 2: joining and leaving a team from the page', () => {
  it('refuses a bad URL, a bad code and an unknown invite with a typed error, storing nothing', async () => {
    const bad = async (payload: Record<string, unknown>): Promise<WireMessage> =>
      ws.request('team:join', payload, undefined, 20_000);

    const badUrl = await bad({ url: 'ftp://example.test', code: 'x', displayName: 'Ana' });
    expect(badUrl.type).toBe('connection:error'); // the schema refuses it before any handler
    expect(badUrl.payload.code).toBe('INVALID_PAYLOAD');

    const extra = await bad({ url: base, code: 'x', displayName: 'Ana', token: 'nope' });
    expect(extra.type).toBe('connection:error'); // strict: no other field

    const badCode = await bad({ url: base, code: 'not-a-code', displayName: 'Ana' });
    expect(badCode).toMatchObject({ type: 'team:join_error', payload: { code: 'INVALID_REQUEST' } });

    const pathName = await bad({ url: base, code: invite(), displayName: '/home/ana/secret' });
    expect(pathName).toMatchObject({ type: 'team:join_error', payload: { code: 'INVALID_REQUEST' } });

    const unknown = await bad({ url: base, code: `pti_${'A'.repeat(32)}`, displayName: 'Ana' });
    expect(unknown).toMatchObject({ type: 'team:join_error', payload: { code: 'INVITE_INVALID' } });
    expect(String(unknown.payload.message).length).toBeGreaterThan(0);

    const down = await bad({
      url: `http://127.0.0.1:${await freePort()}`,
      code: invite(),
      displayName: 'Ana',
    });
    expect(down).toMatchObject({ type: 'team:join_error', payload: { code: 'UNREACHABLE' } });

    nothingStored();
    expect(await status()).toMatchObject({ joined: false, teamName: null, waiting: 0 });
  }, 60_000);

  it('joins: the status says joined, every window hears it, records are delivered and the mentor sees them', async () => {
    const other = (await WsClient.hello(paige.url)).client;
    try {
      const code = invite();
      const joined = await ws.request(
        'team:join',
        { url: base, code, displayName: 'Page Pat' },
        undefined,
        20_000,
      );
      expect(joined).toMatchObject({
        type: 'team:status',
        payload: { joined: true, teamName: 'Join cohort', teamUrl: base },
      });
      const seen = await other.next('team:status', 5000);
      expect(seen.id).toBeUndefined();
      expect(seen.payload).toMatchObject({ joined: true });
      expect(statSync(join(paige.dataDir, 'team.json')).mode & 0o777).toBe(0o600);

      // the same invite again: used up
      const again = await ws.request(
        'team:join',
        { url: base, code, displayName: 'Page Pat' },
        undefined,
        20_000,
      );
      expect(again).toMatchObject({ type: 'team:join_error', payload: { code: 'ALREADY_JOINED' } });

      const db = paige.server.parts.db;
      for (let n = 1; n <= 2; n++) {
        const s = createSession(db, {
          projectDir: paige.projectDir,
          issueNumber: n,
          issueTitle: `Issue ${n}`,
        });
        endSession(db, { sessionId: s.id, status: 'completed' });
      }
      expect((await status()).waiting).toBeGreaterThan(0);
      const delivered = await eventually(
        async () => {
          const s = await status();
          if (s.waiting !== 0 || !s.lastDeliveredAt) throw new Error(`waiting ${String(s.waiting)}`);
          return s;
        },
        30_000,
        250,
      );
      expect(delivered).toMatchObject({ joined: true, waiting: 0, lastError: null });
      const cohort = await mentorCohort();
      expect(cohort.learners).toEqual([expect.objectContaining({ displayName: 'Page Pat', sessions: 2 })]);
    } finally {
      await other.close();
    }
  }, 60_000);

  it('leaves: not joined, the token deleted, nothing more queued', async () => {
    const left = await ws.request('team:leave', {}, undefined, 20_000);
    expect(left).toMatchObject({
      type: 'team:status',
      payload: { joined: false, teamName: null, waiting: 0 },
    });
    nothingStored();
    const db = paige.server.parts.db;
    const s = createSession(db, {
      projectDir: paige.projectDir,
      issueNumber: 9,
      issueTitle: 'After leaving',
    });
    endSession(db, { sessionId: s.id, status: 'completed' });
    expect(await status()).toMatchObject({ joined: false, waiting: 0 });
    const cohort = await mentorCohort();
    expect(cohort.learners[0]).toMatchObject({ displayName: 'Page Pat', sessions: 2, left: true });
  }, 30_000);

  it('the team server down: the status shows the records waiting and the last error, and answers at once', async () => {
    const rejoined = await ws.request(
      'team:join',
      { url: base, code: invite(), displayName: 'Page Pat' },
      undefined,
      20_000,
    );
    expect(rejoined).toMatchObject({ type: 'team:status', payload: { joined: true } });
    const exited = new Promise((r) => team!.once('exit', r));
    team!.kill('SIGTERM');
    await exited;
    const db = paige.server.parts.db;
    const s = createSession(db, {
      projectDir: paige.projectDir,
      issueNumber: 10,
      issueTitle: 'Offline work',
    });
    endSession(db, { sessionId: s.id, status: 'completed' });
    const failing = await eventually(
      async () => {
        const t0 = performance.now();
        const st = await status();
        expect(performance.now() - t0).toBeLessThan(1000);
        if (!st.lastError) throw new Error('no failure yet');
        return st;
      },
      20_000,
      250,
    );
    expect(failing).toMatchObject({ joined: true, teamName: 'Join cohort' });
    expect(failing.waiting).toBeGreaterThan(0);
    expect(String(failing.lastError)).not.toMatch(/ptl_/); // never the token
    // leaving while the team server is down still stops sharing here
    const left = await ws.request('team:leave', {}, undefined, 20_000);
    expect(left).toMatchObject({ type: 'team:status', payload: { joined: false, waiting: 0 } });
    nothingStored();
  }, 60_000);
});
