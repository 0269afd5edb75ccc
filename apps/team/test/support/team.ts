/** Test helpers: a fresh database per test, a team server on an ephemeral port, and small HTTP clients. */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TeamRecord } from '@paige/team-protocol';
import { createLogger } from '../../src/logger.js';
import { loadTeamConfig } from '../../src/config.js';
import { createTeamServer, type TeamServer } from '../../src/server.js';

export const MENTOR_TOKEN = 'mentor-token-for-tests-0123456789abcdef';

/** Creates a new database in the test Postgres and returns its URL. */
export async function freshDatabaseUrl(baseUrl: string): Promise<string> {
  const name = `team_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: baseUrl });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  return baseUrl.replace(/\/[^/]*$/, `/${name}`);
}

export function tempDir(prefix = 'paige-team-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export async function startTeam(
  opts: { databaseUrl?: string; dataDir?: string; env?: Record<string, string> } = {},
): Promise<TeamServer> {
  const config = loadTeamConfig({
    PORT: '0',
    DATA_DIR: opts.dataDir ?? tempDir(),
    DATABASE_URL: opts.databaseUrl,
    PAIGE_TEAM_TOKEN: MENTOR_TOKEN,
    PAIGE_TEAM_NAME: 'Cohort 7',
    LOG_LEVEL: 'silent',
    ...opts.env,
  });
  const server = createTeamServer(config, {
    logger: createLogger({ level: 'silent' }),
    webDir: null as unknown as undefined,
  });
  await server.start();
  return server;
}

export async function api(
  base: string,
  method: string,
  path: string,
  opts: { token?: string; body?: unknown; raw?: string } = {},
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read reply fields freely
): Promise<{ status: number; body: any }> {
  const headers: Record<string, string> = {};
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined || opts.raw !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${base}${path}`, {
    method,
    headers,
    body: opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body)),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, body };
}

export async function invite(base: string, body: Record<string, unknown> = {}): Promise<string> {
  const res = await api(base, 'POST', '/api/mentor/invites', { token: MENTOR_TOKEN, body });
  if (res.status !== 201) throw new Error(`invite failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.code as string;
}

export async function joinWithNewInvite(
  base: string,
  displayName: string,
): Promise<{ learnerId: string; token: string }> {
  const code = await invite(base);
  const res = await api(base, 'POST', '/api/join', { body: { code, displayName } });
  if (res.status !== 201) throw new Error(`join failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();

/** A session summary record. */
export function sessionRecord(seq: number, over: Partial<Record<string, unknown>> = {}): TeamRecord {
  return {
    seq,
    kind: 'session_summary',
    occurredAt: at(1),
    data: {
      sessionId: `s-${seq}`,
      issueNumber: 10 + seq,
      issueTitle: `Fix the login redirect ${seq}`,
      status: 'completed',
      phasesCompleted: 3,
      phasesTotal: 3,
      startedAt: at(60),
      endedAt: at(1),
      durationMs: 59 * 60_000,
      hintsByLevel: { off: 0, low: 1, medium: 2, high: 0 },
      nudges: 2,
      reviews: 1,
      costUsd: 0.05,
      ...over,
    },
  } as TeamRecord;
}

export function gapRecord(
  seq: number,
  topic: string,
  over: Partial<Record<string, unknown>> = {},
): TeamRecord {
  return {
    seq,
    kind: 'knowledge_gap',
    occurredAt: at(1),
    data: {
      gapId: `g-${seq}`,
      topic,
      severity: 'medium',
      addressed: false,
      identifiedAt: at(60 * 24 * 10),
      addressedAt: null,
      sessionId: null,
      ...over,
    },
  } as TeamRecord;
}

export function stageRecord(seq: number, skillArea: string, stage: string): TeamRecord {
  return {
    seq,
    kind: 'dreyfus_stage',
    occurredAt: at(1),
    data: { skillArea, stage, confidence: 0.8, assessedAt: at(1) },
  } as TeamRecord;
}

export function costRecord(seq: number, costUsd: number): TeamRecord {
  return {
    seq,
    kind: 'model_cost',
    occurredAt: at(1),
    data: {
      sessionId: null,
      model: 'claude-haiku-4-5',
      calls: 3,
      inputTokens: 900,
      outputTokens: 300,
      costUsd,
    },
  } as TeamRecord;
}

export function practiceRecord(seq: number, passed: boolean): TeamRecord {
  return {
    seq,
    kind: 'practice_result',
    occurredAt: at(1),
    data: {
      kataId: `k-${seq}`,
      title: 'Balanced brackets',
      passed,
      level: 2,
      testsPassed: passed ? 4 : 2,
      testsTotal: 4,
      attemptedAt: at(1),
    },
  } as TeamRecord;
}
