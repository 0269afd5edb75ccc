/**
 * Issue 26 item 4 in a real browser: the mentor's view of a cohort made through the real flows. Each learner joins
 * with an invite code (`@paige/team-client`'s join), works in its own SQLite store (sessions ended, gaps found,
 * stages assessed, katas attempted: the outbox is written in the same transactions), and the same background sender
 * the learner's server runs delivers the outbox to the team server. Screenshots in test/artifacts, axe-core clean.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import {
  appendKataAttempt,
  createKata,
  createSession,
  endSession,
  listPendingTeamRecords,
  logApiCall,
  markTeamRecordRejected,
  markTeamRecordsDelivered,
  openDatabase,
  recordKnowledgeGap,
  setTeamLink,
  upsertDreyfusAssessment,
  type PaigeDatabase,
} from '@paige/store';
import { createTeamSender, joinTeamServer } from '@paige/team-client';
import { createLogger } from '../../src/logger.js';
import { loadTeamConfig } from '../../src/config.js';
import { createTeamServer, type TeamServer } from '../../src/server.js';
import { postgresUnavailable, startPostgres, type TestPostgres } from '../support/postgres.js';

const artifacts = join(import.meta.dirname, '..', 'artifacts');
mkdirSync(artifacts, { recursive: true });
const MENTOR = 'mentor-token-for-the-browser-test-0123456789';

let pg: TestPostgres | undefined;
let team: TeamServer;

async function invite(): Promise<string> {
  const res = await fetch(`${team.url}/api/mentor/invites`, {
    method: 'POST',
    headers: { authorization: `Bearer ${MENTOR}`, 'content-type': 'application/json' },
    body: '{}',
  });
  return ((await res.json()) as { code: string }).code;
}

async function learner(name: string, work: (db: PaigeDatabase) => void): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'paige-learner-'));
  const { credentials } = await joinTeamServer({
    url: team.url,
    code: await invite(),
    displayName: name,
    dataDir,
  });
  const db = openDatabase(join(dataDir, 'paige.db'));
  setTeamLink(db, {
    teamUrl: credentials.url,
    learnerId: credentials.learnerId,
    teamName: credentials.teamName,
  });
  work(db);
  const sender = createTeamSender({
    outbox: {
      pending: (n) => listPendingTeamRecords(db, n),
      delivered: (s) => markTeamRecordsDelivered(db, s),
      rejected: (s, r) => markTeamRecordRejected(db, s, r),
    },
    target: () => ({ url: credentials.url, learnerId: credentials.learnerId, token: credentials.token }),
    pollMs: 100,
  });
  sender.start();
  expect(await sender.drained(20_000)).toBe(true);
  await sender.stop();
  db.close();
}

const daysAgo = (d: number) => new Date(Date.now() - d * 86_400_000);

function session(
  db: PaigeDatabase,
  n: number,
  title: string,
  status: 'completed' | 'abandoned',
  costUsd: number,
) {
  const s = createSession(db, { projectDir: '/home/someone/project', issueNumber: n, issueTitle: title });
  logApiCall(db, {
    sessionId: s.id,
    callType: 'coach',
    model: 'claude-sonnet-4-6',
    inputHash: 'h',
    latencyMs: 900,
    inputTokens: 4000,
    outputTokens: 900,
    costEstimate: costUsd,
  });
  endSession(db, { sessionId: s.id, status });
}

test.beforeAll(async () => {
  if (!postgresUnavailable()) pg = await startPostgres();
  const config = loadTeamConfig({
    PORT: '0',
    DATA_DIR: mkdtempSync(join(tmpdir(), 'paige-team-')),
    DATABASE_URL: pg?.url,
    PAIGE_TEAM_TOKEN: MENTOR,
    PAIGE_TEAM_NAME: 'Spring cohort',
  });
  team = createTeamServer(config, { logger: createLogger({ level: 'silent' }) });
  await team.start();
  await fetch(`${team.url}/api/mentor/budget`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${MENTOR}`, 'content-type': 'application/json' },
    body: JSON.stringify({ budgetUsd: 5 }),
  });

  await learner('Ana', (db) => {
    session(db, 101, 'Add pagination to the list', 'completed', 0.42);
    session(db, 102, 'Fix the date picker', 'completed', 0.31);
    upsertDreyfusAssessment(db, { skillArea: 'testing', stage: 'competent', confidence: 0.8, evidence: 'e' });
    upsertDreyfusAssessment(db, {
      skillArea: 'async code',
      stage: 'advanced_beginner',
      confidence: 0.6,
      evidence: 'e',
    });
    const gap = recordKnowledgeGap(db, {
      sessionId: null,
      topic: 'Promise error handling',
      severity: 'medium',
      evidence: 'e',
    });
    const kata = createKata(db, {
      knowledgeGapId: gap.id,
      title: 'Retry with backoff',
      description: 'd',
      scaffoldingCode: 'c',
      instructorNotes: 'n',
    });
    appendKataAttempt(db, kata.id, { code: 'x', passed: true, level: 3 });
  });
  await learner('Bo', (db) => {
    session(db, 201, 'Debounce the search box', 'abandoned', 0.9);
    session(db, 202, 'Debounce the search box', 'abandoned', 0.7);
    upsertDreyfusAssessment(db, { skillArea: 'testing', stage: 'novice', confidence: 0.5, evidence: 'e' });
    upsertDreyfusAssessment(db, { skillArea: 'async code', stage: 'novice', confidence: 0.5, evidence: 'e' });
    recordKnowledgeGap(db, {
      sessionId: null,
      topic: 'Promise error handling',
      severity: 'high',
      evidence: 'e',
    });
    recordKnowledgeGap(db, { sessionId: null, topic: 'Closures', severity: 'medium', evidence: 'e' });
  });
  await learner('Chen', (db) => {
    session(db, 301, 'Cache the avatar images', 'completed', 1.1);
    upsertDreyfusAssessment(db, {
      skillArea: 'testing',
      stage: 'proficient',
      confidence: 0.7,
      evidence: 'e',
    });
    upsertDreyfusAssessment(db, {
      skillArea: 'css layout',
      stage: 'competent',
      confidence: 0.7,
      evidence: 'e',
    });
    recordKnowledgeGap(db, {
      sessionId: null,
      topic: 'promise  error handling',
      severity: 'low',
      evidence: 'e',
    });
  });
  void daysAgo;
});

test.afterAll(async () => {
  await team?.stop();
  pg?.destroy();
});

test.describe('issue 26 item 4: the mentor view', () => {
  test('shows the cohort, who may be stuck, shared gaps, timelines and spend; axe-core clean', async ({
    page,
  }) => {
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));

    // without the token: the page says how to get in
    await page.goto(`${team.url}/`);
    await expect(page.getByRole('alert')).toContainText('Open the URL that paige-team printed');

    errors.length = 0; // the 403 of the cohort request above was expected
    await page.goto(team.mentorUrl);
    await expect(page.getByRole('heading', { name: "Spring cohort: mentor's view" })).toBeVisible();
    const table = page.getByRole('table').first();
    await expect(table.getByRole('rowheader'))
      .toHaveText(
        ['Ana', 'Bo', 'Chen'].map((n) => new RegExp(n)),
        { useInnerText: true },
      )
      .catch(async () => {
        // the order is by last seen: any order of the three
        await expect(table.getByRole('rowheader')).toHaveCount(3);
      });
    await expect(table.getByRole('columnheader', { name: 'testing' })).toBeVisible();
    await expect(table.getByRole('row', { name: /Bo/ })).toContainText('Novice');
    await expect(table.getByRole('row', { name: /Chen/ })).toContainText('Proficient');

    const stuck = page.getByRole('region', { name: 'Who may be stuck' });
    await expect(stuck).toContainText('Bo');
    await expect(stuck).toContainText('2 abandoned sessions, the latest today');

    const gaps = page.getByRole('region', { name: 'Gaps the cohort shares' });
    await expect(gaps.getByRole('row', { name: /Promise error handling/i })).toContainText('3 (100%)');

    const spend = page.getByRole('region', { name: 'Model spend' });
    await expect(spend).toContainText('Total $3.43 of a $5.00 budget (69%)');
    await expect(spend.getByRole('meter')).toBeVisible();
    await page.screenshot({ path: join(artifacts, 'mentor-cohort.png'), fullPage: true });

    await page.getByRole('button', { name: 'Timeline of Ana' }).first().click();
    const timeline = page.getByRole('region', { name: /Timeline of Ana/ });
    await expect(timeline).toContainText('#101 Add pagination to the list');
    await expect(timeline).toContainText('Retry with backoff');
    await expect(timeline).not.toContainText('/home/someone');
    await page.screenshot({ path: join(artifacts, 'mentor-timeline.png'), fullPage: true });

    await page.getByLabel('Budget (USD)').fill('2');
    await page.getByRole('button', { name: 'Save budget' }).click();
    await expect(spend).toContainText('of a $2.00 budget');

    await page.getByRole('button', { name: 'Make an invite code' }).click();
    await expect(page.getByRole('region', { name: 'Invite a learner' })).toContainText('paige team join');

    const results = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
      .analyze();
    const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    writeFileSync(
      join(artifacts, 'a11y-mentor.json'),
      JSON.stringify(
        results.violations.map((v) => ({
          id: v.id,
          impact: v.impact,
          help: v.help,
          nodes: v.nodes.map((n) => n.target),
        })),
        null,
        2,
      ),
    );
    expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    expect(errors).toEqual([]);
  });
});
