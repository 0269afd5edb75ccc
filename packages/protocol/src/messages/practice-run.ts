/**
 * Practice that runs (issue 24): katas with runnable tests, the results of a run, and the messages of the Run
 * button (`practice:run` -> `practice:run_result` | `practice:run_error`, `practice:cancel_run`,
 * `practice:run_queued`).
 */
import { z } from 'zod';
import { CountSchema, ErrorMessageSchema, IdSchema, LIMITS, LabelSchema, ProseSchema } from '../common.js';
import { WsErrorCodeSchema } from '../envelope.js';

/** Languages a kata's tests can be run in (issue 24 item 1): the language of the learner's project. */
export const KataLanguageSchema = z.enum(['javascript', 'typescript', 'python']);
export type KataLanguage = z.infer<typeof KataLanguageSchema>;

/** Size of one test's code or of the shared preamble (64 KiB). */
const TEST_CODE_MAX = 64 * 1024;

/**
 * One runnable test of a kata (issue 24 item 1): a name a learner understands and the code that checks one
 * behaviour. For JavaScript and TypeScript `code` is the body of a `node:test` test with `assert`
 * (`node:assert/strict`) in scope; for Python it is the body of a `unittest.TestCase` method (`self` in scope).
 */
export const KataTestCaseSchema = z.object({
  name: LabelSchema,
  code: z.string().min(1).max(TEST_CODE_MAX),
});
export type KataTestCase = z.infer<typeof KataTestCaseSchema>;

/**
 * A kata's runnable tests (issue 24 item 1). `preamble` is shared code placed before the tests, usually the import
 * of the learner's solution (`import { slugify } from './solution.js'`, `from solution import slugify`); the
 * solution is always the module `solution` beside the tests. Visible to the learner: they are the specification.
 */
export const KataTestsSchema = z.object({
  language: KataLanguageSchema,
  preamble: z.string().max(TEST_CODE_MAX),
  cases: z.array(KataTestCaseSchema).min(1).max(50),
});
export type KataTests = z.infer<typeof KataTestsSchema>;

/**
 * How a run ended (issue 24 item 2): `passed` (every test passed), `failed` (at least one did not), `timeout` (wall
 * time limit reached, process group killed), `crashed` (the process died or exited before the tests finished),
 * `syntax_error` (the solution does not parse), `output_limit` (more output than allowed, killed),
 * `memory_limit` (the memory cap was hit), `no_interpreter` (e.g. no `python3`), `broken_tests` (the kata's tests
 * do not parse or do not load: the kata's fault, not the learner's), `cancelled` (the learner left or submitted).
 */
export const KataRunStatusSchema = z.enum([
  'passed',
  'failed',
  'timeout',
  'crashed',
  'syntax_error',
  'output_limit',
  'memory_limit',
  'no_interpreter',
  'broken_tests',
  'cancelled',
]);
export type KataRunStatus = z.infer<typeof KataRunStatusSchema>;

/** The result of one test: `message` is the failing assertion's message (null when it passed). */
export const KataTestResultSchema = z.object({
  name: LabelSchema,
  status: z.enum(['pass', 'fail']),
  message: z.string().max(LIMITS.errorMessage).nullable(),
  /** Duration of the test in milliseconds. */
  durationMs: z.number().nonnegative(),
});
export type KataTestResult = z.infer<typeof KataTestResultSchema>;

/** Largest stdout or stderr kept with a run (64 KiB each; the run's own output limit is larger). */
export const KATA_RUN_OUTPUT_MAX = 64 * 1024;

/**
 * The result of running a solution against a kata's tests (issue 24 item 2). `message` explains a status other than
 * `passed`/`failed` in words a learner reads ("Stopped after 10 s: the tests did not finish"). `stdout`/`stderr`
 * are capped; `outputTruncated` says when bytes were dropped. `durationMs` is the wall time of the whole run.
 */
export const KataRunResultSchema = z.object({
  status: KataRunStatusSchema,
  language: KataLanguageSchema,
  tests: z.array(KataTestResultSchema).max(200),
  message: z.string().max(LIMITS.errorMessage).nullable(),
  stdout: z.string().max(KATA_RUN_OUTPUT_MAX),
  stderr: z.string().max(KATA_RUN_OUTPUT_MAX),
  outputTruncated: z.boolean(),
  durationMs: z.number().nonnegative(),
});
export type KataRunResult = z.infer<typeof KataRunResultSchema>;

export const practiceRunClientMessages = {
  /**
   * Run a solution against the kata's tests (issue 24 item 3). No model call and no cost; the reply
   * (`practice:run_result` or `practice:run_error`) echoes `id`. A kata without runnable tests is answered
   * `practice:run_error` code `NO_RUNNABLE_TESTS`. Logged `kata_run`.
   */
  'practice:run': z.object({ kataId: IdSchema, code: z.string().max(LIMITS.code) }),
  /** Cancel this window's run of the kata, if one is going (the learner left or submitted). */
  'practice:cancel_run': z.object({ kataId: IdSchema }),
} as const;

export const practiceRunServerMessages = {
  /** The result of a `practice:run` (issue 24 item 3); `cancelled` when the learner cancelled it. */
  'practice:run_result': z.object({ kataId: IdSchema, result: KataRunResultSchema }),
  /** The run could not start: unknown kata, no runnable tests, too many runs waiting. */
  'practice:run_error': z.object({
    kataId: IdSchema,
    error: ErrorMessageSchema,
    code: WsErrorCodeSchema.optional(),
  }),
  /** Runs are going in other windows: this one waits; `position` is 1 for the next to start. */
  'practice:run_queued': z.object({ kataId: IdSchema, position: CountSchema }),
} as const;

/**
 * Challenges that are not code (issue 24 item 5, brainstorm "Non-Code Challenges"): a multiple-choice quiz, graded
 * in the page from `correctIndex` with an explanation per answer, and "explain it back", graded by the model against
 * a rubric at the learner's Dreyfus stage. Both count toward their gap being addressed like a passed kata.
 */
export const ChallengeKindSchema = z.enum(['quiz', 'explain_back']);
export type ChallengeKind = z.infer<typeof ChallengeKindSchema>;

/** One answer of a quiz question, with why it is right or wrong (shown after answering). */
export const QuizChoiceSchema = z.object({ text: LabelSchema, explanation: ProseSchema });
export type QuizChoice = z.infer<typeof QuizChoiceSchema>;

/** A quiz question: 2..6 choices, one of them right (`correctIndex`, 0-based). */
export const QuizQuestionSchema = z
  .object({
    question: ProseSchema.min(1),
    choices: z.array(QuizChoiceSchema).min(2).max(6),
    correctIndex: z.number().int().nonnegative(),
  })
  .refine((q) => q.correctIndex < q.choices.length, {
    message: 'correctIndex must name a choice',
    path: ['correctIndex'],
  });
export type QuizQuestion = z.infer<typeof QuizQuestionSchema>;

const ChallengeBaseSchema = z.object({
  id: IdSchema,
  title: LabelSchema,
  topic: LabelSchema.nullable(),
  /** The knowledge gap it practises, when it was written for one. */
  gapId: IdSchema.nullable(),
  attemptsCount: CountSchema,
  /** Whether the learner has passed it (null: not tried). */
  passed: z.boolean().nullable(),
});

/** A multiple-choice quiz (passed with every answer right). */
export const QuizChallengeSchema = ChallengeBaseSchema.extend({
  kind: z.literal('quiz'),
  questions: z.array(QuizQuestionSchema).min(1).max(20),
});
export type QuizChallenge = z.infer<typeof QuizChallengeSchema>;

/** "Explain it back": the learner explains a concept in their own words; the model grades it against `rubric`. */
export const ExplainBackChallengeSchema = ChallengeBaseSchema.extend({
  kind: z.literal('explain_back'),
  prompt: ProseSchema.min(1),
  rubric: z.array(LabelSchema).min(1).max(10),
});
export type ExplainBackChallenge = z.infer<typeof ExplainBackChallengeSchema>;

/** A non-code challenge. */
export const NonCodeChallengeSchema = z.discriminatedUnion('kind', [
  QuizChallengeSchema,
  ExplainBackChallengeSchema,
]);
export type NonCodeChallenge = z.infer<typeof NonCodeChallengeSchema>;

/** A non-code challenge as the dashboard's practice list shows it. */
export const NonCodeChallengeSummarySchema = ChallengeBaseSchema.extend({ kind: ChallengeKindSchema });
export type NonCodeChallengeSummary = z.infer<typeof NonCodeChallengeSummarySchema>;

/** How one rubric criterion was judged. */
export const RubricVerdictSchema = z.object({ criterion: LabelSchema, met: z.boolean(), note: ProseSchema });
export type RubricVerdict = z.infer<typeof RubricVerdictSchema>;

export const challengeClientMessages = {
  /** Load a quiz or explain-it-back challenge into the practice view; reply `practice:challenge_load`. */
  'practice:load_challenge': z.object({ challengeId: IdSchema }),
  /**
   * The learner's quiz answers (0-based choice per question, in order). The page grades them itself; the server
   * grades them again, records them (`quiz_answered`) and replies `practice:quiz_result`.
   */
  'practice:answer_quiz': z.object({
    challengeId: IdSchema,
    answers: z.array(z.number().int().nonnegative()).min(1).max(20),
  }),
  /** The learner's explanation for an explain-it-back challenge; reply `practice:explain_back_review` (a model call). */
  'practice:explain_back': z.object({
    challengeId: IdSchema,
    explanation: z.string().min(1).max(LIMITS.prose),
  }),
} as const;

export const challengeServerMessages = {
  'practice:challenge_load': z.object({ challenge: NonCodeChallengeSchema }),
  /** The recorded grade of a quiz: `correct` of `total`, passed when all are right. */
  'practice:quiz_result': z.object({
    challengeId: IdSchema,
    correct: CountSchema,
    total: CountSchema,
    passed: z.boolean(),
    answers: z.array(z.object({ chosen: z.number().int().nonnegative(), correct: z.boolean() })).max(20),
  }),
  /** The model's grade of an explanation, per rubric criterion, written for the learner's Dreyfus stage. */
  'practice:explain_back_review': z.object({
    challengeId: IdSchema,
    passed: z.boolean(),
    feedback: ProseSchema.min(1),
    criteria: z.array(RubricVerdictSchema).max(10),
  }),
  /** A challenge request failed: unknown challenge (`CHALLENGE_NOT_FOUND`), wrong kind, model failure. */
  'practice:challenge_error': z.object({
    challengeId: IdSchema,
    error: ErrorMessageSchema,
    code: WsErrorCodeSchema.optional(),
  }),
} as const;
