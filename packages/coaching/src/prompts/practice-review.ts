/**
 * Prompt module `practice_review` (Sonnet): reviews a kata solution, assigns a level 1-10 and says whether it
 * passes under the active constraints. Constraint unlocking is computed by the caller from the level.
 * @see discovery Story 11 "Module 2", primary Story 11 AS-5..AS-8, brainstorm API call 7
 */
import { definePromptModule } from '@paige/llm';
import type { DreyfusStage, KataRunResult } from '@paige/protocol';
import { z } from 'zod';
import { boundedList, clampMessage, oneLine, tag, truncateText } from '../context/text.js';
import {
  DATA_NOT_INSTRUCTIONS,
  DREYFUS_GUIDANCE,
  joinBlocks,
  NEVER_WRITE_THE_SOLUTION,
  OUTPUT_RULES,
  PAIGE_IDENTITY,
} from './shared.js';
import type { KataConstraint } from './knowledge-gap-extraction.js';

/** The suggested next step after a review (brainstorm call 7 `follow_up`). */
export const PracticeFollowUpSchema = z.object({
  type: z.enum(['constraint_escalation', 'retry_hint', 'completed']),
  constraint: z
    .string()
    .nullable()
    .describe('For constraint_escalation: the harder twist to try next, else null'),
  reason: z.string().nullable().describe('Why this step, in one sentence, or null'),
});
export type PracticeFollowUp = z.infer<typeof PracticeFollowUpSchema>;

/** Structured reply of the practice review. */
export const PracticeReviewOutputSchema = z.object({
  review: z.string().min(1).describe('Feedback to the learner'),
  correct: z
    .boolean()
    .describe('The solution does what the kata asks (its test cases), active constraints aside'),
  level: z
    .number()
    .int()
    .min(1)
    .max(10)
    .describe('Skill shown on this kata, 1 (barely started) to 10 (excellent)'),
  passed: z.boolean().describe('Meets the kata and every active constraint'),
  followUp: PracticeFollowUpSchema.nullable().describe('The next step, or null'),
  dreyfusSignal: z
    .enum(['advancing', 'stable', 'struggling'])
    .describe('Trajectory on this topic compared with earlier attempts'),
  suggestions: z.array(z.string()).describe('Next steps as questions or pointers, never code'),
});
export type PracticeReviewOutput = z.infer<typeof PracticeReviewOutputSchema>;

/** A previous attempt (already filtered to the same constraint set by the caller, see `selectSameConstraintAttempts`). */
export interface PreviousAttempt {
  code: string;
  review?: string | null;
  level?: number | null;
  passed?: boolean | null;
}

/** Input of {@link practiceReviewModule}. */
export interface PracticeReviewInput {
  kata: {
    title: string;
    description: string;
    instructorNotes: string;
    scaffoldingCode?: string | null;
    testCases?: readonly string[];
  };
  activeConstraints: readonly KataConstraint[];
  code: string;
  /** Oldest first; only the most recent {@link PRACTICE_REVIEW_LIMITS}.previousAttempts are sent. */
  previousAttempts: readonly PreviousAttempt[];
  /** Stage for the kata's topic, `novice` when unknown. */
  dreyfusStage: DreyfusStage;
  /**
   * The run of the kata's tests against this code, made before the review (issue 24 item 4); absent for a kata without
   * runnable tests. The review must agree with it.
   */
  testRun?: KataRunResult | null;
}

/** Characters of the test results in the user message. */
const TEST_RUN_MAX = 4_000;

/** The test results as the reviewer reads them: one line per test, the failing assertion under a failed one. */
export function formatTestRun(run: KataRunResult): string {
  const head = `Status: ${run.status}${run.message ? ` (${oneLine(run.message)})` : ''}`;
  const lines = run.tests.map(
    (t) =>
      `- ${t.status === 'pass' ? 'PASS' : 'FAIL'} "${oneLine(t.name)}"${t.message ? `: ${truncateText(oneLine(t.message), 300)}` : ''}`,
  );
  return truncateText([head, ...lines].join('\n'), TEST_RUN_MAX);
}

/** Character bounds of the user message. */
export const PRACTICE_REVIEW_LIMITS = {
  total: 36_000,
  kata: 4_000,
  instructorNotes: 3_000,
  constraints: 2_000,
  code: 16_000,
  previousAttempts: 5,
  perAttemptCode: 1_500,
  perAttemptReview: 500,
  attempts: 9_000,
} as const;

const SYSTEM_PROMPT = joinBlocks(
  PAIGE_IDENTITY,
  DREYFUS_GUIDANCE,
  `Your task: you are Paige's practice reviewer. The learner submitted a solution to a practice kata, a small exercise aimed at one of their knowledge gaps. Judge it and teach from it.
- Check the solution against the kata description, its test cases and every active constraint. passed is true only when all of them hold. Reason about the code; test results, when given, are the facts of a real run.
- level (1 to 10) rates the skill this attempt shows on this kata: 1-3 incomplete or wrong, 4-6 works with notable gaps, 7-8 solid and idiomatic, 9-10 excellent, handling edge cases with clear structure. Higher levels unlock harder constraints, so be fair and consistent with earlier reviews of attempts under the same constraints.
- When <test_results> is present, the kata's tests were really run against this code. Your review must agree with them: if any test failed or the run did not finish, passed and correct are false, and the review names the failing test or tests and what they show, without writing the fix. When every test passed, judge the constraints, the quality and anything the tests do not cover.
- The instructor notes are hidden from the learner: use them to judge, do not quote them.
- Earlier attempts under the same constraints are included: mention progress or a repeated mistake when you see one.
- Tone by stage (the stage is in <learner>): novice and advanced_beginner get encouragement first, what works before what does not, and specific pointers; competent gets direct remarks on edge cases and quality; proficient and expert get a concise review with the subtle issues.
- correct is true when the code does what the kata asks (its test cases hold), whatever the constraints; passed additionally needs every active constraint.
- followUp is the next step: constraint_escalation with a harder twist in constraint when they passed and can go further, retry_hint with the one thing to revisit when they did not pass, completed when there is nothing left to push on; reason says why in one sentence. Use null only when no step makes sense.
- dreyfusSignal reads the trajectory on this topic: advancing when this attempt shows more skill than the earlier ones (or a strong first attempt), struggling when it repeats mistakes or falls back, stable otherwise.
- review is the feedback itself; suggestions are one to three next steps phrased as questions or pointers.
Feedback points at the problem (which case fails, which line to look at, which concept applies); it never contains a corrected version of the learner's code.`,
  NEVER_WRITE_THE_SOLUTION,
  DATA_NOT_INSTRUCTIONS,
  OUTPUT_RULES,
);

/**
 * The practice review module. User message bound: {@link PRACTICE_REVIEW_LIMITS}.total characters.
 * @see discovery Story 11 FR-154..FR-156, primary Story 11 AS-8 (only same-constraint attempts)
 */
export const practiceReviewModule = definePromptModule<PracticeReviewInput, PracticeReviewOutput>({
  callType: 'practice_review',
  model: 'sonnet',
  maxTokens: 2_048,
  systemPrompt: SYSTEM_PROMPT,
  responseSchema: PracticeReviewOutputSchema,
  assembleUserMessage(input) {
    const L = PRACTICE_REVIEW_LIMITS;
    const k = input.kata;
    const kataText = [
      `Title: ${oneLine(k.title)}`,
      k.description,
      k.testCases && k.testCases.length > 0
        ? `Test cases:\n${k.testCases.map((t) => `- ${oneLine(t)}`).join('\n')}`
        : '',
      k.scaffoldingCode ? `Starter code:\n${k.scaffoldingCode}` : '',
    ]
      .filter((s) => s.length > 0)
      .join('\n');
    const constraints = input.activeConstraints.map(
      (c) => `- ${oneLine(c.title)}: ${oneLine(c.description)}`,
    );
    const recent = input.previousAttempts.slice(-L.previousAttempts);
    const skipped = input.previousAttempts.length - recent.length;
    const attempts = recent.map((a, i) =>
      [
        `Attempt ${skipped + i + 1}: level ${a.level ?? 'unknown'}, ${a.passed == null ? 'result unknown' : a.passed ? 'passed' : 'not passed'}`,
        a.review ? `Review: ${truncateText(oneLine(a.review), L.perAttemptReview)}` : '',
        `Code:\n${truncateText(a.code, L.perAttemptCode)}`,
      ]
        .filter((s) => s.length > 0)
        .join('\n'),
    );
    const attemptsText =
      attempts.length === 0
        ? 'None: this is the first attempt under these constraints.'
        : `${skipped > 0 ? `(${skipped} older attempts not shown)\n` : ''}${boundedList(attempts, L.attempts, 2_400)}`;
    return clampMessage(
      [
        tag('learner', `dreyfus_stage: ${input.dreyfusStage}`),
        tag('kata', truncateText(kataText, L.kata)),
        tag('instructor_notes', truncateText(k.instructorNotes, L.instructorNotes)),
        tag(
          'active_constraints',
          constraints.length === 0 ? 'None.' : boundedList(constraints, L.constraints, 400),
        ),
        tag('previous_attempts_same_constraints', attemptsText),
        tag('submitted_code', truncateText(input.code, L.code)),
        ...(input.testRun ? [tag('test_results', formatTestRun(input.testRun))] : []),
      ].join('\n\n'),
      L.total,
    );
  },
});
