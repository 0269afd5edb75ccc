/**
 * Issue 23 item 4, the session's arc in the page (brainstorm "Work Mode Workflow" 1-6): the pipeline's progress in
 * the sidebar and what to do first (the terminal gets focus), "End session" with a confirmation, the wrap-up screen of
 * its own (`/wrap-up/<sessionId>`: summary, knowledge gaps, katas linked to Practice, Dreyfus stages that changed,
 * time and cost; the same after a reload), "Summary for my team lead" with a Copy button and its error in place, and
 * the next session one click away. axe-core: nothing serious on the wrap-up screen.
 */
import type { Page } from '@playwright/test';
import { refusal, textReply, type StubReply, type StubRequest } from '@paige/llm/testing';
import { expect, test } from './support/fixtures.js';
import { openIde, seriousA11yViolations, shot } from './support/page.js';
import { DREYFUS_ROWS, GAPS_MAIN, KATA, learnerCallOf } from './support/learner.js';
import { startPaige, type Paige } from './support/paige.js';

const MANAGER_SUMMARY =
  'I worked on making npm suggest closer script names when one is mistyped. I finished the first of two steps in about an hour and practised how close two words must be to count as a typo.';

const script = { summaryRefuse: false };

function reply(request: StubRequest): StubReply | undefined {
  if (request.systemText.includes('you write stand-up notes')) {
    if (script.summaryRefuse) {
      script.summaryRefuse = false;
      return refusal('I cannot write this summary.');
    }
    return textReply({ summary: MANAGER_SUMMARY });
  }
  switch (learnerCallOf(request)) {
    case 'knowledge_gaps':
      return textReply({
        knowledgeGaps: GAPS_MAIN,
        addressedGaps: [],
        katas: [
          {
            gapTopic: GAPS_MAIN[0]!.topic,
            ...KATA,
            instructorNotes: 'A threshold that scales with length.',
            testCases: ['suggest("tset", ["test"]) returns ["test"]'],
          },
        ],
        sessionSummary: { phasesCompleted: 1, totalTimeMinutes: 40, hintsUsed: 2, independentCompletions: 1 },
      });
    case 'dreyfus':
      return textReply({
        assessments: DREYFUS_ROWS.slice(0, 2).map((d) => ({
          ...d,
          previousStage: null,
          evidence: 'Seen in the session.',
          recommendation: 'Point at patterns first.',
        })),
      });
    case 'memories':
      return textReply({
        memories: [
          {
            text: 'Worked on typo suggestions in did-you-mean.js.',
            type: 'worked_on',
            tags: ['npm'],
            importance: 'medium',
          },
        ],
      });
    default:
      return undefined;
  }
}

let paige: Paige;
test.beforeAll(async () => {
  paige = await startPaige(
    { SHELL: '/bin/bash', PAIGE_TERMINAL_COMMAND: 'exec bash --norc --noprofile', PS1: '$ ' },
    { reply },
  );
  await paige.tool('paige_start_session', {
    issueNumber: 8841,
    issueTitle: 'npm run <typo> suggests unrelated scripts',
    issueSummary: 'Noisy suggestions.',
  });
});
test.afterAll(async () => {
  await paige?.stop();
});

test.describe.configure({ mode: 'serial' });

const sidebarOf = (page: Page) => page.getByRole('complementary', { name: 'Coaching' });
let wrapUpUrl = '';

test.describe('Issue 23 item 4: the session from plan to wrap-up', () => {
  test('the pipeline shows its progress, then what to do first, and the terminal gets focus', async ({
    page,
  }) => {
    await openIde(page, paige.url);
    await expect(page.getByRole('status', { name: 'Terminal status' })).toHaveText(/bash/, {
      timeout: 20_000,
    });
    await paige.tool('paige_run_coaching_pipeline', {
      planText: '1. Read did-you-mean.js. 2. Tighten isClose.',
      issueSummary: 'Noisy suggestions.',
      issueNumber: 8841,
    });
    const progress = sidebarOf(page).getByRole('status', { name: 'Session progress' });
    await expect(progress).toHaveAttribute('data-stage', 'coaching');
    await expect(progress).toContainText('What to do first');
    await expect(page.locator('#dock-terminal .xterm textarea')).toBeFocused();
    await paige.tool('paige_update_phase', { phase: 1, status: 'active' });
    await shot(page, 'wrap-up-pipeline');
  });

  test('End session asks first, then opens the wrap-up screen, which fills in and survives a reload', async ({
    page,
  }) => {
    await openIde(page, paige.url);
    await paige.tool('paige_update_phase', { phase: 1, status: 'complete' });
    await sidebarOf(page).getByRole('button', { name: 'End session' }).click();
    const dialog = page.getByRole('dialog', { name: 'End this coaching session?' });
    await expect(dialog).toBeVisible();
    await dialog.getByRole('button', { name: 'Keep working' }).click();
    await expect(dialog).toBeHidden();
    await sidebarOf(page).getByRole('button', { name: 'End session' }).click();
    await dialog.getByRole('button', { name: 'End session' }).click();

    await expect(page).toHaveURL(/\/wrap-up\/[0-9a-f-]{36}$/);
    wrapUpUrl = page.url();
    await expect(page.getByRole('heading', { name: 'Session wrap-up', level: 1 })).toBeVisible();
    const gaps = page.getByRole('list', { name: 'Knowledge gaps' });
    await expect(gaps).toContainText(GAPS_MAIN[0]!.topic, { timeout: 30_000 });
    await expect(
      page.getByRole('list', { name: 'Katas' }).getByRole('link', { name: KATA.title }),
    ).toHaveAttribute('href', /^\/practice\/[0-9a-f-]{36}$/);
    await expect(page.getByRole('list', { name: 'Dreyfus stages' })).toContainText(DREYFUS_ROWS[0].skillArea);
    const facts = page.getByRole('definition').or(page.locator('.wrap-facts'));
    await expect(facts.first()).toContainText(/min/);
    await expect(page.locator('.wrap-facts')).toContainText('$');
    await expect(page.locator('.wrap-up')).toContainText('npm run <typo> suggests unrelated scripts');
    await shot(page, 'wrap-up-screen');
    const axe = await seriousA11yViolations(page, 'wrap-up');
    expect(axe.count, axe.report).toBe(0);

    await page.reload();
    await expect(page.getByRole('heading', { name: 'Session wrap-up', level: 1 })).toBeVisible();
    await expect(page.getByRole('list', { name: 'Knowledge gaps' })).toContainText(GAPS_MAIN[0]!.topic);
    await expect(page.getByRole('list', { name: 'Katas' })).toContainText(KATA.title);
  });

  test('Summary for my team lead: a paragraph with a Copy button; a failure shows in place with Try again', async ({
    page,
  }) => {
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: paige.url });
    await page.goto(wrapUpUrl);
    const card = page.getByRole('region', { name: 'Summary for my team lead' });
    script.summaryRefuse = true;
    await card.getByRole('button', { name: 'Write the summary' }).click();
    await expect(card.getByRole('alert')).toContainText('The summary failed', { timeout: 20_000 });
    await shot(page, 'wrap-up-summary-error');
    await card.getByRole('button', { name: 'Try again' }).click();
    await expect(card.getByTestId('manager-summary')).toHaveText(MANAGER_SUMMARY, { timeout: 20_000 });
    await card.getByRole('button', { name: 'Copy' }).click();
    await expect(card.getByRole('status')).toHaveText('Copied.');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(MANAGER_SUMMARY);
    await shot(page, 'wrap-up-summary');

    // The next session is one click away: the dashboard's issues.
    await page.getByRole('link', { name: 'Start a session' }).click();
    await expect(page).toHaveURL(`${paige.url}/dashboard`);
  });
});
