/**
 * Issue 26 item 2: the one join/leave procedure behind `paige team join|leave` and the page's `team:join` /
 * `team:leave`. Bad input sends and writes nothing; the team server's refusal keeps its code; success writes the
 * token (0600) and the link. The team server is a fake `fetch` here (its real behaviour: test/e2e/team-join.test.ts).
 */
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getTeamLink, openDatabase, type PaigeDatabase } from '@paige/store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runTeamCommand } from '../../src/team-command.js';
import { joinTeam, leaveTeam, TeamLinkError } from '../../src/team-link.js';

const CODE = `pti_${'a'.repeat(32)}`;
const LEARNER = '0b7c6f8e-4a4d-4c55-9a57-5b0b2f3f8c11';
let dir: string;
let db: PaigeDatabase;
let calls: string[];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'paige-team-link-'));
  db = openDatabase(join(dir, 'paige.db'));
  calls = [];
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function fakeTeam(status: number, body: unknown): typeof fetch {
  return (async (input: string | URL | Request) => {
    calls.push(String(input));
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
}
const joined = fakeTeam(201, {
  learnerId: LEARNER,
  token: `ptl_${'b'.repeat(43)}`,
  teamName: 'Cohort 7',
  shares: ['session_summary'],
});

async function refusal(p: Promise<unknown>): Promise<TeamLinkError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(TeamLinkError);
  return err as TeamLinkError;
}
const nothingWritten = () => {
  expect(getTeamLink(db)).toBeNull();
  expect(existsSync(join(dir, 'team.json'))).toBe(false);
};

describe('issue 26 item 2: joining and leaving (one procedure for the CLI and the page)', () => {
  it('refuses a bad URL, code or name before sending anything', async () => {
    const base = { database: db, dataDir: dir, fetch: joined };
    for (const [opts, re] of [
      [{ url: 'ftp://team.example', code: CODE, displayName: 'Ana' }, /http/],
      [{ url: 'http://u:p@team.example', code: CODE, displayName: 'Ana' }, /http/],
      [{ url: 'http://team.example', code: 'nope', displayName: 'Ana' }, /invite code/],
      [{ url: 'http://team.example', code: CODE, displayName: '' }, /name is required/],
      [{ url: 'http://team.example', code: CODE, displayName: 'x'.repeat(61) }, /too long/],
      [{ url: 'http://team.example', code: CODE, displayName: '/home/ana/secret' }, /path/],
    ] as const) {
      const err = await refusal(joinTeam({ ...base, ...opts }));
      expect(err.code).toBe('INVALID_REQUEST');
      expect(err.message).toMatch(re);
    }
    expect(calls).toEqual([]);
    nothingWritten();
  });

  it("keeps the team server's refusal code and writes nothing", async () => {
    const err = await refusal(
      joinTeam({
        database: db,
        dataDir: dir,
        url: 'http://team.example',
        code: CODE,
        displayName: 'Ana',
        fetch: fakeTeam(410, { error: { code: 'INVITE_EXPIRED', message: 'this invite code has expired' } }),
      }),
    );
    expect(err).toMatchObject({ code: 'INVITE_EXPIRED', message: 'this invite code has expired' });
    const down = await refusal(
      joinTeam({
        database: db,
        dataDir: dir,
        url: 'http://team.example',
        code: CODE,
        displayName: 'Ana',
        fetch: (() => Promise.reject(new Error('connect ECONNREFUSED'))) as typeof fetch,
      }),
    );
    expect(down.code).toBe('UNREACHABLE');
    nothingWritten();
  });

  it('joins (token 0600, link stored), refuses a second team unless replacing, and leaves', async () => {
    const opts = { database: db, dataDir: dir, url: 'http://team.example/', code: CODE, displayName: 'Ana' };
    const { link } = await joinTeam({ ...opts, fetch: joined });
    expect(link).toMatchObject({ teamName: 'Cohort 7', teamUrl: 'http://team.example', learnerId: LEARNER });
    expect(calls).toEqual(['http://team.example/api/join']);
    expect(statSync(join(dir, 'team.json')).mode & 0o777).toBe(0o600);
    expect((await refusal(joinTeam({ ...opts, fetch: joined }))).code).toBe('ALREADY_JOINED');
    await joinTeam({ ...opts, fetch: joined, replace: true });

    const left = await leaveTeam({ database: db, dataDir: dir, fetch: fakeTeam(200, { ok: true }) });
    expect(left.confirmed).toBe(true);
    expect(left.credentials?.teamName).toBe('Cohort 7');
    nothingWritten();
  });

  it('paige team join prints the shared list from @paige/team-protocol and a typed refusal; leave when not joined', async () => {
    let out = '';
    let err = '';
    const io = {
      out: { write: (s: string) => (out += s) },
      err: { write: (s: string) => (err += s) },
      env: {},
    };
    const code = await runTeamCommand(['join', 'http://127.0.0.1:9', 'nope', '--data-dir', dir], io);
    expect(code).toBe(1);
    expect(out).toMatch(/Session summaries: issue number and title/);
    expect(out).toMatch(/Never your code, diffs, file contents, transcripts or paths\./);
    expect(err).toMatch(/paige team join: INVALID_REQUEST: The invite code is not valid/);
    nothingWritten();
    out = '';
    expect(await runTeamCommand(['leave', '--data-dir', dir], io)).toBe(0);
    expect(out).toBe('not in a team: nothing is shared\n');
  });
});
