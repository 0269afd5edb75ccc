/** Issue 24: runnable kata tests, kata runs and non-code challenges in the store; migration 0004 keeps old katas. */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { KataRunResult, KataTests } from '@paige/protocol';
import {
  appendChallengeAttempt,
  appendKataAttempt,
  createChallenge,
  createKata,
  defaultMigrationsFolder,
  getChallenge,
  getKata,
  listChallenges,
  listKataRuns,
  openDatabase,
  recordKataRun,
  recordKnowledgeGap,
  setKataTests,
  type PaigeDatabase,
} from '../src/index.js';

const dirs: string[] = [];
const open: PaigeDatabase[] = [];
afterEach(() => {
  for (const d of open.splice(0)) d.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'store-practice-'));
  dirs.push(dir);
  return dir;
}
function fresh(): PaigeDatabase {
  const database = openDatabase(join(tempDir(), 'paige.db'));
  open.push(database);
  return database;
}

const tests: KataTests = {
  language: 'javascript',
  preamble: "import { slugify } from './solution.js';",
  cases: [{ name: 'spaces become dashes', code: "assert.equal(slugify('a b'), 'a-b');" }],
};
const run: KataRunResult = {
  status: 'failed',
  language: 'javascript',
  tests: [{ name: 'spaces become dashes', status: 'fail', message: "'a b' !== 'a-b'", durationMs: 1 }],
  message: '1 of 1 tests failed.',
  stdout: '',
  stderr: '',
  outputTruncated: false,
  durationMs: 120,
};

describe('issue 24: practice records', () => {
  it('migration 0004 keeps every existing kata and attempt; an old kata says it has no runnable tests', () => {
    const dir = tempDir();
    // A database at the schema before issue 24: the migrations folder without 0004 and the ones after it.
    const before = join(dir, 'before');
    cpSync(defaultMigrationsFolder(), before, { recursive: true });
    const journalPath = join(before, 'meta', '_journal.json');
    const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: Array<{ tag: string }> };
    journal.entries = journal.entries.filter((e) => e.tag < '0004_');
    writeFileSync(journalPath, JSON.stringify(journal));
    const path = join(dir, 'paige.db');
    const old = openDatabase(path, { migrationsFolder: before });
    old.sqlite.exec(
      "INSERT INTO knowledge_gaps (id, session_id, topic, severity, evidence, related_concepts, frequency, addressed, last_encountered_at) VALUES ('g1', NULL, 'strings', 'low', 'e', '[]', 1, 0, '2026-01-01T00:00:00.000Z')",
    );
    old.sqlite.exec(
      `INSERT INTO kata_specs (id, knowledge_gap_id, title, description, scaffolding_code, instructor_notes, constraints, user_attempts, created_at) VALUES ('k1', 'g1', 'Slugify', 'Make a slug', 'export function slugify(s) {}', 'notes', '[]', '[{"code":"x","level":3,"passed":false}]', '2026-01-01T00:00:00.000Z')`,
    );
    old.close();

    const database = openDatabase(path);
    open.push(database);
    const kata = getKata(database, 'k1');
    expect(kata?.title).toBe('Slugify');
    expect(kata?.userAttempts).toEqual([{ code: 'x', level: 3, passed: false }]);
    expect(kata?.tests).toBeNull();
    expect(kata?.language).toBeNull();
    // An old kata can be given tests later.
    expect(setKataTests(database, 'k1', tests).tests).toEqual(tests);
  });

  it('a kata stores its runnable tests; runs and the attempt run are kept', () => {
    const database = fresh();
    const gap = recordKnowledgeGap(database, {
      sessionId: null,
      topic: 'strings',
      severity: 'low',
      evidence: 'e',
    });
    const kata = createKata(database, {
      knowledgeGapId: gap.id,
      title: 'Slugify',
      description: 'd',
      scaffoldingCode: 's',
      instructorNotes: 'n',
      tests,
    });
    expect(kata.tests).toEqual(tests);
    expect(kata.language).toBe('javascript');
    recordKataRun(database, { kataId: kata.id, trigger: 'run', result: run });
    recordKataRun(database, {
      kataId: kata.id,
      trigger: 'submit',
      result: { ...run, status: 'passed', tests: [{ ...run.tests[0]!, status: 'pass', message: null }] },
    });
    const runs = listKataRuns(database, kata.id);
    expect(runs).toHaveLength(2);
    expect(runs.map((r) => r.trigger).sort()).toEqual(['run', 'submit']);
    const after = appendKataAttempt(database, kata.id, { code: 'x', passed: false, run });
    expect(after.userAttempts[0]?.run?.status).toBe('failed');
    expect(() => recordKataRun(database, { kataId: 'nope', trigger: 'run', result: run })).toThrow(
      /not found/,
    );
    expect(() =>
      createKata(database, {
        knowledgeGapId: gap.id,
        title: 't',
        description: '',
        scaffoldingCode: '',
        instructorNotes: '',
        tests: { ...tests, cases: [] },
      }),
    ).toThrow(/invalid kata/);
  });

  it('quizzes and explain-it-back challenges keep their attempts; the first pass is reported once', () => {
    const database = fresh();
    const gap = recordKnowledgeGap(database, {
      sessionId: null,
      topic: 'effects',
      severity: 'medium',
      evidence: 'e',
    });
    const quiz = createChallenge(database, {
      knowledgeGapId: gap.id,
      title: 'When effects run',
      topic: 'effects',
      content: {
        kind: 'quiz',
        questions: [
          {
            question: 'When?',
            choices: [
              { text: 'Render', explanation: 'No' },
              { text: 'After commit', explanation: 'Yes' },
            ],
            correctIndex: 1,
          },
        ],
      },
    });
    const explain = createChallenge(database, {
      knowledgeGapId: gap.id,
      title: 'Explain effects',
      topic: 'effects',
      content: { kind: 'explain_back', prompt: 'Explain useEffect', rubric: ['When it runs'] },
    });
    expect(listChallenges(database, { kind: 'quiz' }).map((c) => c.id)).toEqual([quiz.id]);
    expect(getChallenge(database, explain.id)?.content).toEqual({
      kind: 'explain_back',
      prompt: 'Explain useEffect',
      rubric: ['When it runs'],
    });
    expect(
      appendChallengeAttempt(database, quiz.id, {
        passed: false,
        submittedAt: '2026-01-01T00:00:00.000Z',
        answers: [0],
        correct: 0,
      }).firstPass,
    ).toBe(false);
    const first = appendChallengeAttempt(database, quiz.id, {
      passed: true,
      submittedAt: '2026-01-01T00:01:00.000Z',
      answers: [1],
      correct: 1,
    });
    expect(first.firstPass).toBe(true);
    expect(first.challenge.passedAt).not.toBeNull();
    expect(
      appendChallengeAttempt(database, quiz.id, {
        passed: true,
        submittedAt: '2026-01-01T00:02:00.000Z',
        answers: [1],
        correct: 1,
      }).firstPass,
    ).toBe(false);
    expect(getChallenge(database, quiz.id)?.attempts).toHaveLength(3);
    expect(() =>
      createChallenge(database, {
        knowledgeGapId: null,
        title: 'x',
        topic: null,
        content: { kind: 'quiz', questions: [] },
      }),
    ).toThrow(/invalid challenge/);
  });
});
