/**
 * Issue 24 browser tests: Run shows per-test results in the practice view (a failing run, then a passing one); Submit
 * after a failing run gets a review that names the failing test and cannot pass; a kata without runnable tests says
 * so; screenshots; axe-core clean on the practice layout with results on screen.
 */
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { textReply, type StubRequest } from '@paige/llm/testing';
import { createChallenge, createKata, openDatabase, recordKnowledgeGap } from '@paige/store';
import { expect, test } from './support/fixtures.js';
import { openHome, seriousA11yViolations, shot } from './support/page.js';
import { startPaige, type Paige } from './support/paige.js';

const TESTS = {
  language: 'javascript' as const,
  preamble: "import { slugify } from './solution.js';",
  cases: [
    { name: 'spaces become dashes', code: "assert.equal(slugify('a b c'), 'a-b-c');" },
    {
      name: 'letters become lower case',
      code: "assert.equal(slugify('Hello World'), 'hello-world', 'upper case letters must be lowered');",
    },
  ],
};

let paige: Paige;
let kataId: string;
let oldKataId: string;
let quizId: string;
let explainId: string;
const reviews: string[] = [];

function reply(req: StubRequest) {
  if (req.systemText.includes('explain a concept in their own words')) {
    return textReply({
      criteria: [
        { criterion: 'Says when the effect runs', met: true, note: 'You said after render.' },
        { criterion: 'Says why cleanup matters', met: true, note: 'Timers stop.' },
      ],
      passed: true,
      feedback: 'Clear: you named when it runs and why the cleanup matters.',
    });
  }
  if (req.systemText.includes('practice reviewer')) {
    reviews.push(JSON.stringify(req.messages));
    return textReply({
      review: 'The test "letters become lower case" fails: what happens to capital letters?',
      correct: true,
      level: 5,
      passed: true,
      followUp: null,
      dreyfusSignal: 'stable',
      suggestions: [],
    });
  }
  return undefined;
}

test.beforeAll(async () => {
  paige = await startPaige({}, { reply });
  const db = openDatabase(join(paige.dataDir, 'paige.db'));
  try {
    const gap = recordKnowledgeGap(db, {
      sessionId: null,
      topic: 'String methods',
      severity: 'medium',
      evidence: 'Needed two hints for split and join.',
    });
    kataId = createKata(db, {
      knowledgeGapId: gap.id,
      title: 'Slugify a title',
      description: 'Turn a title into a URL slug: lower case, words joined by dashes.',
      scaffoldingCode: 'export function slugify(title) {\n  return title.split(" ").join("-");\n}\n',
      instructorNotes: 'n',
      tests: TESTS,
    }).id;
    quizId = createChallenge(db, {
      knowledgeGapId: gap.id,
      title: 'Splitting strings',
      topic: 'String methods',
      content: {
        kind: 'quiz',
        questions: [
          {
            question: "What does 'a b'.split(' ') return?",
            choices: [
              { text: "'a-b'", explanation: 'split returns an array, not a string.' },
              { text: "['a', 'b']", explanation: 'Right: the parts between the separators.' },
            ],
            correctIndex: 1,
          },
        ],
      },
    }).id;
    explainId = createChallenge(db, {
      knowledgeGapId: gap.id,
      title: 'Explain effects',
      topic: 'React effects',
      content: {
        kind: 'explain_back',
        prompt: 'Explain when an effect runs and why its cleanup matters.',
        rubric: ['Says when the effect runs', 'Says why cleanup matters'],
      },
    }).id;
    oldKataId = createKata(db, {
      knowledgeGapId: gap.id,
      title: 'An older kata',
      description: 'Tests in words only.',
      scaffoldingCode: 'export function f() {}\n',
      instructorNotes: 'n',
    }).id;
  } finally {
    db.close();
  }
});
test.afterAll(async () => {
  await paige?.stop();
});

const editorOf = (page: Page) => page.locator('.practice-editor .monaco-editor');

test.describe('Issue 24: practice that runs', () => {
  test('Run shows per-test results; a fix passes; Submit after a failing run names the failing test and does not pass', async ({
    page,
  }) => {
    await openHome(page, paige.url, 'dashboard');
    await page.goto(`${paige.url}/practice/${kataId}`);
    await expect(page.getByRole('heading', { level: 1, name: 'Slugify a title' })).toBeVisible();
    await expect(editorOf(page)).toContainText('export function slugify(title)');
    const tests = page.getByRole('list', { name: 'Test results' });
    await expect(tests.getByRole('listitem')).toHaveCount(2);
    await expect(tests).toContainText('not run');

    await page.getByRole('button', { name: 'Run tests' }).click();
    await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'failed');
    await expect(page.getByTestId('run-status')).toContainText('1 of 2 passed');
    await expect(tests.locator('li', { hasText: 'spaces become dashes' })).toHaveAttribute(
      'data-state',
      'pass',
    );
    const failing = tests.locator('li', { hasText: 'letters become lower case' });
    await expect(failing).toHaveAttribute('data-state', 'fail');
    await expect(failing).toContainText('upper case letters must be lowered');
    await shot(page, 'practice-run-failing');
    const a11y = await seriousA11yViolations(page, 'practice-run');
    expect(a11y.count, a11y.report).toBe(0);

    // Submit now: the tests run first, the reviewer sees the failure, and the review cannot pass.
    await page.getByRole('button', { name: 'Submit for review' }).click();
    const review = page.getByRole('complementary', { name: 'Tests and review of your solution' });
    await expect(review.getByTestId('review-passed')).toHaveText('Not passed yet');
    await expect(review).toContainText('letters become lower case');
    expect(reviews.at(-1)).toContain('FAIL \\"letters become lower case\\"');

    // Fix it in the editor and run again with the shortcut.
    await editorOf(page).locator('.view-lines').click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await page.keyboard.type(
      'export function slugify(title) {\nreturn title.toLowerCase().split(" ").join("-");\n',
    );
    await page.keyboard.press("Control+'");
    await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'passed');
    await expect(page.getByTestId('run-status')).toContainText('2 of 2 passed');
    await shot(page, 'practice-run-passing');
  });

  test('a kata without runnable tests says so and cannot be run', async ({ page }) => {
    await openHome(page, paige.url, 'dashboard');
    await page.goto(`${paige.url}/practice/${oldKataId}`);
    await expect(page.getByRole('heading', { level: 1, name: 'An older kata' })).toBeVisible();
    await expect(page.getByTestId('no-runnable-tests')).toContainText('no runnable tests');
    await expect(page.getByRole('button', { name: 'Run tests' })).toBeDisabled();
    await shot(page, 'practice-no-tests');
  });

  test('a quiz answered wrong then right, graded in the page with an explanation per answer', async ({
    page,
  }) => {
    await openHome(page, paige.url, 'dashboard');
    await expect(page.getByRole('list', { name: 'Quizzes and explanations' })).toContainText(
      'Splitting strings',
    );
    await page.goto(`${paige.url}/practice?challenge=${quizId}`);
    await expect(page.getByRole('heading', { level: 1, name: 'Splitting strings' })).toBeVisible();
    await page.getByLabel("'a-b'").check();
    await page.getByRole('button', { name: 'Check my answers' }).click();
    await expect(page.getByTestId('quiz-score')).toContainText('0 of 1 right');
    await expect(page.getByRole('group')).toContainText('split returns an array, not a string.');
    await page.getByLabel("['a', 'b']").check();
    await page.getByRole('button', { name: 'Check my answers' }).click();
    await expect(page.getByTestId('quiz-score')).toContainText('1 of 1 right: passed.');
    await expect(page.getByTestId('quiz-score')).toContainText('Your answers are saved.');
    await shot(page, 'practice-quiz');
    const a11y = await seriousA11yViolations(page, 'practice-quiz');
    expect(a11y.count, a11y.report).toBe(0);
  });

  test('an explain-it-back is graded against its rubric', async ({ page }) => {
    await openHome(page, paige.url, 'dashboard');
    await page.goto(`${paige.url}/practice?challenge=${explainId}`);
    await expect(page.getByRole('heading', { level: 1, name: 'Explain effects' })).toBeVisible();
    await page
      .getByLabel('Your explanation, in your own words')
      .fill('It runs after render; the cleanup stops timers so they do not leak.');
    await page.getByRole('button', { name: 'Submit my explanation' }).click();
    await expect(page.getByTestId('explain-back-passed')).toHaveText('Passed');
    await expect(page.getByRole('list', { name: 'Rubric' })).toContainText(
      'Covered: Says why cleanup matters',
    );
    await shot(page, 'practice-explain-back');
    const a11y = await seriousA11yViolations(page, 'practice-explain-back');
    expect(a11y.count, a11y.report).toBe(0);
  });
});
