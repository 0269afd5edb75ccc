/**
 * Issue 26 items 2, 3 and 5 in the page: a learner joins a real team server (`paige-team`, its embedded Postgres in a
 * temp dir, an invite made with its CLI) from Settings, after a screen listing exactly what is shared; a used invite
 * shows the team server's refusal in place and Cancel joins nothing; once joined, the header says "Sharing with ...",
 * the settings show the last delivery and the records waiting (down to 0 once delivered) and the mentor's API lists
 * the learner; the wrap-up screen's "Share with my team" switch sends the lead summary to the team; "Stop sharing"
 * (confirmed) leaves. axe-core: nothing serious on the settings view, joined or not.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { textReply, type StubReply, type StubRequest } from '@paige/llm/testing';
import { NEVER_SHARED, SHARED_ITEMS } from '@paige/team-protocol';
import { expect, test } from './support/fixtures.js';
import { seriousA11yViolations, shot } from './support/page.js';
import { DREYFUS_ROWS, GAPS_MAIN, learnerCallOf } from './support/learner.js';
import { repoRoot, startPaige, TEST_TOKEN, type Paige } from './support/paige.js';

const PAIGE_TEAM = join(repoRoot, 'apps/team/dist/main.js');
const MENTOR = 'mentor-token-for-the-browser-test-0123456789';
const TEAM_NAME = 'Browser cohort';
const LEARNER = 'Robin Page';
const LEAD_SUMMARY =
  'I worked on making npm suggest closer script names when one is mistyped and finished the first step in about an hour.';

function reply(request: StubRequest): StubReply | undefined {
  if (request.systemText.includes('you write stand-up notes')) return textReply({ summary: LEAD_SUMMARY });
  switch (learnerCallOf(request)) {
    case 'knowledge_gaps':
      return textReply({
        knowledgeGaps: GAPS_MAIN,
        addressedGaps: [],
        katas: [],
        sessionSummary: { phasesCompleted: 1, totalTimeMinutes: 40, hintsUsed: 2, independentCompletions: 1 },
      });
    case 'dreyfus':
      return textReply({
        assessments: DREYFUS_ROWS.slice(0, 1).map((d) => ({
          ...d,
          previousStage: null,
          evidence: 'Seen in the session.',
          recommendation: 'Point at patterns first.',
        })),
      });
    case 'memories':
      return textReply({ memories: [] });
    default:
      return undefined;
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

let teamDir = '';
let teamUrl = '';
let team: ChildProcess | undefined;
let teamEnv: Record<string, string> = {};
let paige: Paige;
let sessionId = '';

function makeInvite(): string {
  const r = spawnSync(process.execPath, [PAIGE_TEAM, 'invite', '--expires', '1h'], {
    env: { PATH: process.env.PATH ?? '', HOME: teamDir, ...teamEnv },
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`paige-team invite failed: ${r.stderr}`);
  return r.stdout.trim();
}

async function mentor<T>(path: string): Promise<T> {
  const res = await fetch(`${teamUrl}${path}`, { headers: { authorization: `Bearer ${MENTOR}` } });
  return (await res.json()) as T;
}
type Cohort = {
  learners: Array<{ learnerId: string; displayName: string; sessions: number; left: boolean }>;
};

test.beforeAll(async () => {
  test.setTimeout(150_000);
  teamDir = mkdtempSync(join(tmpdir(), 'paige-team-browser-'));
  const port = await freePort();
  teamUrl = `http://127.0.0.1:${port}`;
  teamEnv = {
    DATA_DIR: join(teamDir, 'data'),
    PORT: String(port),
    PAIGE_TEAM_TOKEN: MENTOR,
    PAIGE_TEAM_NAME: TEAM_NAME,
  };
  team = spawn(process.execPath, [PAIGE_TEAM], {
    env: { PATH: process.env.PATH ?? '', HOME: teamDir, LOG_FORMAT: 'json', ...teamEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  team.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`the team server did not start: ${out}`)), 120_000);
    team!.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.includes("mentor's view")) {
        clearTimeout(t);
        resolve();
      }
    });
    team!.once('exit', () => reject(new Error(`the team server exited: ${out}`)));
  });
  paige = await startPaige({ PAIGE_TERMINAL: 'false' }, { reply });
});

test.afterAll(async () => {
  await paige?.stop();
  if (team && team.exitCode === null) {
    const exited = new Promise((r) => team!.once('exit', r));
    team.kill('SIGTERM');
    await exited;
  }
  if (teamDir) rmSync(teamDir, { recursive: true, force: true });
});

test.describe.configure({ mode: 'serial' });

const teamSection = (page: Page) => page.getByRole('region', { name: 'Team', exact: true });

async function openSettings(page: Page) {
  await page.goto(`${paige.url}/?token=${TEST_TOKEN}`);
  await expect(page.getByRole('status', { name: 'Connection' })).toHaveText(/Connected/);
  await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Settings' }).click();
  await expect(page).toHaveURL(`${paige.url}/settings`);
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
}

async function fillForm(page: Page, code: string) {
  const section = teamSection(page);
  await section.getByLabel('Team server URL').fill(teamUrl);
  await section.getByLabel('Invite code').fill(code);
  await section.getByLabel('Your name').fill(LEARNER);
  await section.getByRole('button', { name: 'Continue' }).click();
}

test.describe('Issue 26: sharing with a team from the page', () => {
  test('the form, then exactly what is shared; Cancel joins nothing; a used invite shows the refusal in place', async ({
    page,
  }) => {
    await openSettings(page);
    const section = teamSection(page);
    // The page checks the URL before anything is sent.
    await section.getByLabel('Team server URL').fill('ftp://nowhere');
    await section.getByRole('button', { name: 'Continue' }).click();
    await expect(section.getByRole('alert')).toContainText('http:// or https://');
    await expect(section.getByLabel('Team server URL')).toHaveAttribute('aria-invalid', 'true');

    // A used invite: another learner joined with it first.
    const used = makeInvite();
    const first = await fetch(`${teamUrl}/api/join`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: used, displayName: 'Someone Else' }),
    });
    expect(first.ok).toBe(true);

    await fillForm(page, used);
    await expect(section.getByRole('heading', { name: 'What your team will see' })).toBeFocused();
    const shared = section.getByRole('region', { name: 'Shared', exact: true }).getByRole('listitem');
    await expect(shared).toHaveCount(SHARED_ITEMS.length);
    for (const item of SHARED_ITEMS)
      await expect(shared.filter({ hasText: item.label })).toContainText(item.detail);
    const never = section.getByRole('region', { name: 'Never shared' }).getByRole('listitem');
    await expect(never).toHaveCount(NEVER_SHARED.length);
    await expect(never.first()).toHaveText('Your code');
    await shot(page, 'team-what-is-shared');

    await section.getByRole('button', { name: 'Cancel' }).click();
    await expect(section.getByLabel('Invite code')).toHaveValue(used);
    expect((await mentor<Cohort>('/api/mentor/cohort')).learners.map((l) => l.displayName)).toEqual([
      'Someone Else',
    ]);

    await section.getByRole('button', { name: 'Continue' }).click();
    await section.getByRole('button', { name: 'Share and join' }).click();
    const alert = section.getByRole('alert');
    await expect(alert).toContainText('The team server refused', { timeout: 20_000 });
    await expect(alert).toContainText('used up');
    await expect(section.getByLabel('Invite code')).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByTestId('team-badge')).toHaveCount(0);
    await shot(page, 'team-join-refused');
    const axe = await seriousA11yViolations(page, 'settings-not-joined');
    expect(axe.count, axe.report).toBe(0);
  });

  test('joins: the header says so, records are delivered (waiting 0), the mentor lists the learner', async ({
    page,
  }) => {
    await openSettings(page);
    await fillForm(page, makeInvite());
    await teamSection(page).getByRole('button', { name: 'Share and join' }).click();
    const badge = page.getByTestId('team-badge');
    await expect(badge).toContainText(`Sharing with ${TEAM_NAME}`, { timeout: 20_000 });
    await expect(page.getByRole('heading', { name: 'Team', exact: true })).toBeFocused();
    const section = teamSection(page);
    await expect(section).toContainText(teamUrl);
    await expect(section.getByTestId('team-last-delivered')).toHaveText('not yet');

    // A session ends while joined: its records go to the outbox, then to the team server.
    await paige.tool('paige_start_session', {
      issueNumber: 8841,
      issueTitle: 'npm run <typo> suggests unrelated scripts',
      issueSummary: 'Noisy suggestions.',
    });
    const ended = await paige.tool('paige_end_session', {
      sessionTranscript: 'Learner traced the suggestion logic.',
      wait: true,
    });
    sessionId = String(ended.sessionId);
    await expect(section.getByTestId('team-last-delivered')).toHaveText('just now', { timeout: 30_000 });
    await expect(section.getByTestId('team-waiting')).toHaveText('0 records waiting', { timeout: 30_000 });
    await expect(badge).not.toContainText('waiting');
    const cohort = await mentor<Cohort>('/api/mentor/cohort');
    expect(cohort.learners.find((l) => l.displayName === LEARNER)).toMatchObject({
      sessions: 1,
      left: false,
    });
    await shot(page, 'team-joined');
    const axe = await seriousA11yViolations(page, 'settings-joined');
    expect(axe.count, axe.report).toBe(0);
  });

  test('the wrap-up screen shares the summary for the team lead when the switch is on', async ({ page }) => {
    await page.goto(`${paige.url}/wrap-up/${sessionId}?token=${TEST_TOKEN}`);
    await expect(page.getByRole('heading', { name: 'Session wrap-up', level: 1 })).toBeVisible();
    const card = page.getByRole('region', { name: 'Summary for my team lead' });
    const toggle = card.getByRole('switch', { name: `Share with my team (${TEAM_NAME})` });
    await expect(toggle).not.toBeChecked();
    await toggle.check();
    const axe = await seriousA11yViolations(page, 'wrap-up-share-switch');
    expect(axe.count, axe.report).toBe(0);
    await card.getByRole('button', { name: 'Write the summary' }).click();
    await expect(card.getByTestId('manager-summary')).toHaveText(LEAD_SUMMARY, { timeout: 20_000 });
    await expect(card.getByText(`Shared with ${TEAM_NAME}.`)).toBeVisible();
    await shot(page, 'team-wrap-up-shared');
    // The header's count follows the delivery on any view.
    await expect(page.getByTestId('team-badge')).toHaveText(`Sharing with ${TEAM_NAME}`, { timeout: 30_000 });
    const cohort = await mentor<Cohort>('/api/mentor/cohort');
    const me = cohort.learners.find((l) => l.displayName === LEARNER)!;
    await expect
      .poll(
        async () =>
          (
            await mentor<{ entries: Array<{ kind: string; detail: string }> }>(
              `/api/mentor/learners/${me.learnerId}/timeline`,
            )
          ).entries.some((e) => e.kind === 'summary' && e.detail.includes('npm suggest closer')),
        { timeout: 30_000 },
      )
      .toBe(true);
  });

  test('Stop sharing asks first, then leaves: the form is back, the badge is gone, the mentor sees the learner left', async ({
    page,
  }) => {
    await openSettings(page);
    const section = teamSection(page);
    await section.getByRole('button', { name: 'Stop sharing' }).click();
    const dialog = page.getByRole('dialog', { name: `Stop sharing with ${TEAM_NAME}?` });
    await expect(dialog).toBeVisible();
    await shot(page, 'team-stop-dialog');
    await dialog.getByRole('button', { name: 'Keep sharing' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId('team-badge')).toBeVisible();
    await section.getByRole('button', { name: 'Stop sharing' }).click();
    await dialog.getByRole('button', { name: 'Stop sharing' }).click();
    await expect(section.getByLabel('Team server URL')).toBeVisible({ timeout: 20_000 });
    await expect(page.getByTestId('team-badge')).toHaveCount(0);
    await expect(section.getByRole('status')).toHaveText(`You stopped sharing with ${TEAM_NAME}.`);
    const cohort = await mentor<Cohort>('/api/mentor/cohort');
    expect(cohort.learners.find((l) => l.displayName === LEARNER)).toMatchObject({ left: true });
    await shot(page, 'team-left');
  });
});
