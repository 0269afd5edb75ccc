/**
 * Prompt module `knowledge_gap_extraction` (Sonnet, wrap-up agent `knowledge_gaps`): finds what the learner
 * struggled with, backed by session evidence, and designs practice katas with level-gated constraints.
 * @see discovery Story 9 "Module 3", primary Story 9 AS-4, brainstorm API call 4
 */
import { definePromptModule } from '@paige/llm';
import { SeveritySchema } from '@paige/protocol';
import type { KataLanguage } from '@paige/protocol';
import { z } from 'zod';
import type { ActionRecord } from '../context/actions.js';
import { summariseActions } from '../context/actions.js';
import type { ExistingGapRecord, PhaseRecord, ProgressEventRecord } from '../context/session.js';
import { formatExistingGaps, formatPhases, formatProgressEvents } from '../context/session.js';
import { clampMessage, tag, truncateText } from '../context/text.js';
import { condenseTranscript } from '../context/transcript.js';
import {
  DATA_NOT_INSTRUCTIONS,
  DREYFUS_GUIDANCE,
  joinBlocks,
  NEVER_WRITE_THE_SOLUTION,
  OUTPUT_RULES,
  PAIGE_IDENTITY,
  SCAFFOLDING_PRINCIPLES,
} from './shared.js';

/** A kata constraint, unlocked once the learner's best level on the kata reaches `minLevel` (1..10). */
export const KataConstraintSchema = z.object({
  title: z.string().min(1),
  description: z.string().min(1),
  minLevel: z.number().int().min(1).max(10),
});
export type KataConstraint = z.infer<typeof KataConstraintSchema>;

/** One knowledge gap with its evidence. */
export const KnowledgeGapSchema = z.object({
  topic: z.string().min(1),
  severity: SeveritySchema,
  evidence: z
    .string()
    .min(1)
    .describe('What in the session shows the gap: times, hint counts, repeated mistakes'),
  relatedConcepts: z.array(z.string()),
});
export type KnowledgeGap = z.infer<typeof KnowledgeGapSchema>;

/** One runnable test of a kata: a name the learner reads and the code checking one behaviour (issue 24 item 1). */
export const KataTestCaseOutputSchema = z.object({
  name: z.string().min(1).max(200).describe('What the test checks, in words a learner understands'),
  code: z
    .string()
    .min(1)
    .max(4_000)
    .describe('The body of one test: calls the solution, asserts one behaviour with literal expected values'),
});

/**
 * A kata's runnable tests as the model writes them (issue 24 item 1): `preamble` imports the learner's solution from
 * the module `solution`; each case is the body of one test. The language is the learner's project language, set by
 * the caller, not by the model.
 */
export const KataRunnableTestsOutputSchema = z.object({
  preamble: z
    .string()
    .max(4_000)
    .describe("Imports the names under test from the module 'solution', nothing else"),
  cases: z.array(KataTestCaseOutputSchema).min(1).max(12),
});
export type KataRunnableTestsOutput = z.infer<typeof KataRunnableTestsOutputSchema>;

/** A multiple-choice question with an explanation per answer (issue 24 item 5). */
export const QuizQuestionOutputSchema = z.object({
  question: z.string().min(1),
  choices: z
    .array(
      z.object({
        text: z.string().min(1).max(300),
        explanation: z.string().min(1).describe('Why this answer is right or wrong'),
      }),
    )
    .min(2)
    .max(5),
  correctIndex: z.number().int().min(0).max(4).describe('0-based index of the one right choice'),
});

/**
 * A challenge that is not code (issue 24 item 5, brainstorm "Non-Code Challenges"): a quiz (`questions`) or an
 * explain-it-back (`prompt` and `rubric`); the fields of the other kind are null.
 */
export const NonCodeChallengeOutputSchema = z.object({
  gapTopic: z.string().min(1),
  kind: z.enum(['quiz', 'explain_back']),
  title: z.string().min(1).max(200),
  questions: z
    .array(QuizQuestionOutputSchema)
    .max(8)
    .nullable()
    .describe('For a quiz: 2 to 5 questions; null for explain_back'),
  prompt: z
    .string()
    .nullable()
    .describe('For explain_back: what the learner explains in their own words; null for a quiz'),
  rubric: z
    .array(z.string().min(1).max(300))
    .max(6)
    .nullable()
    .describe('For explain_back: 2 to 4 points a good explanation covers; null for a quiz'),
});
export type NonCodeChallengeOutput = z.infer<typeof NonCodeChallengeOutputSchema>;

/** One practice kata. `gapTopic` names the gap it trains (a new gap of this reply or a known one). */
export const KataSpecSchema = z.object({
  gapTopic: z.string().min(1),
  title: z.string().min(1),
  description: z.string().min(1).describe('The exercise as the learner sees it'),
  scaffoldingCode: z.string().nullable().describe('Starter code with the work left out, or null'),
  instructorNotes: z
    .string()
    .min(1)
    .describe('Hidden from the learner: what a good solution shows, common mistakes'),
  testCases: z.array(z.string()).describe('Behaviours a correct solution has, in words'),
  constraints: z.array(KataConstraintSchema),
  runnableTests: KataRunnableTestsOutputSchema.nullable()
    .optional()
    .describe('Tests in <kata_language> the solution is run against; null when <kata_language> is none'),
});
export type KataSpec = z.infer<typeof KataSpecSchema>;

/** Counts observed in the session (also fed to the Dreyfus assessment). */
export const SessionSummarySchema = z.object({
  phasesCompleted: z.number().int().min(0),
  totalTimeMinutes: z.number().min(0),
  hintsUsed: z.number().int().min(0),
  independentCompletions: z.number().int().min(0),
});
export type SessionSummary = z.infer<typeof SessionSummarySchema>;

/** A known open gap the session shows the learner has now overcome. */
export const AddressedGapSchema = z.object({
  topic: z.string().min(1).describe('Exactly the topic text of an open gap listed in <existing_gaps>'),
  evidence: z.string().min(1).describe('What in this session shows the learner now handles it without help'),
});
export type AddressedGap = z.infer<typeof AddressedGapSchema>;

/** Structured reply of the knowledge-gap extraction. */
export const KnowledgeGapExtractionOutputSchema = z.object({
  knowledgeGaps: z.array(KnowledgeGapSchema),
  addressedGaps: z
    .array(AddressedGapSchema)
    .describe('Open gaps from <existing_gaps> this session shows are addressed; [] when none'),
  katas: z.array(KataSpecSchema),
  /** Quizzes and explain-it-back challenges (issue 24 item 5); absent in replies written before them. */
  challenges: z.array(NonCodeChallengeOutputSchema).max(10).optional(),
  sessionSummary: SessionSummarySchema,
});
export type KnowledgeGapExtractionOutput = z.infer<typeof KnowledgeGapExtractionOutputSchema>;

/** Input of {@link knowledgeGapExtractionModule}: the real data of one session. */
export interface KnowledgeGapExtractionInput {
  issueTitle?: string | null;
  issueSummary?: string | null;
  /** Dreyfus stage of the main skill area of the session (for kata difficulty); `novice` when unknown. */
  dreyfusStage?: string | null;
  actions: readonly ActionRecord[];
  phases: readonly PhaseRecord[];
  progressEvents: readonly ProgressEventRecord[];
  /** Gaps already recorded, so the model updates instead of duplicating them. */
  existingGaps: readonly ExistingGapRecord[];
  /** The condensed transcript from the Stop hook. */
  sessionTranscript?: string | null;
  /** Epoch ms "now", for the running time of an unfinished phase. */
  now?: number;
  /** The learner's project language for runnable kata tests (issue 24); `null`: tests in words only. */
  kataLanguage?: KataLanguage | null;
}

/** How the tests of each language are written, for the prompt. */
const TEST_CONVENTIONS: Record<KataLanguage, string> = {
  javascript:
    "JavaScript (ES modules, Node's node:test). preamble: `import { name } from './solution.js';`. Each case's code is the body of an async test function with `assert` (node:assert/strict) in scope, e.g. `assert.equal(name(input), expected);` or `await assert.rejects(...)`.",
  typescript:
    "TypeScript (ES modules, Node's node:test; types are removed, not checked). preamble: `import { name } from './solution.js';`. Each case's code is the body of an async test function with `assert` (node:assert/strict) in scope.",
  python:
    "Python 3 (unittest). preamble: `from solution import name`. Each case's code is the body of a unittest.TestCase method with `self` in scope, e.g. `self.assertEqual(name(value), expected)`; indent it as a method body would be at column 0 (the runner indents it).",
};

/** Character bounds of the user message. */
export const KNOWLEDGE_GAP_EXTRACTION_LIMITS = {
  total: 40_000,
  issue: 2_000,
  phases: 4_000,
  progressEvents: 4_000,
  actions: 12_000,
  existingGaps: 3_000,
  transcript: 14_000,
} as const;

const SYSTEM_PROMPT = joinBlocks(
  PAIGE_IDENTITY,
  SCAFFOLDING_PRINCIPLES,
  DREYFUS_GUIDANCE,
  `Your task: you are Paige's learning analyst. A coaching session has ended. From its data (phases and their timing, progress events such as hints used and escalated, the action log, the condensed transcript) identify knowledge gaps: topics where the learner struggled, needed many or escalating hints, took much longer than the phase warranted, or repeated the same mistake.
Evidence rules:
- Every gap must cite observable evidence from the data ("phase 2 took 24 minutes and needed 3 hint escalations"). No evidence, no gap. A smooth session may have no gaps at all; an empty list is a good answer then.
- severity: high when the gap blocked progress or recurred; medium when it slowed the learner noticeably; low when it was a brief stumble.
- A known gap (listed in <existing_gaps>) that shows up again is reported with exactly the same topic text so it is counted, not duplicated. Do not rephrase it into a new topic.
Addressed gaps: <existing_gaps> marks each known gap open or addressed. List in addressedGaps the open ones this session shows the learner has overcome: they met the topic again and handled it without hints or with clearly less help than before. Copy the topic text exactly and cite the evidence. A gap the learner did not meet in this session stays open: leave it out. A gap you report in knowledgeGaps is not addressed.
Katas (practice exercises, productive failure):
- At most one kata per gap, for medium and high gaps. A kata is a small, self-contained exercise on toy code, unrelated to the learner's project, slightly beyond their current ability.
- gapTopic is the topic of the gap it trains. description tells the learner what to build. scaffoldingCode is starter code with the interesting part left out, or null. testCases list, in words, the behaviours a correct solution has.
- instructorNotes are hidden from the learner and guide the reviewer: what a good solution demonstrates, the usual mistakes. They may describe the approach, but the kata itself must never include the solution.
- runnableTests (when <kata_language> names a language): the tests the learner's solution is run against, written in that language following <test_conventions>. They are the specification the learner reads, so each case has a name a learner understands ("an empty list gives zero") and code that checks exactly one behaviour by calling the learner's functions and comparing with literal expected values. Tests never contain the answer: they do not define the functions they test, define no helper functions, and never compute an expected value with the algorithm the learner is meant to write. The scaffolding must declare every name the tests import, with bodies left as stubs (a TODO comment and a throw or pass), so the tests fail until the learner writes the code. Cover the ordinary case, an edge case or two, and what the constraints ask for. When <kata_language> is none, runnableTests is null.
- constraints are optional twists that raise the bar (for example "no mutable variables", "handle cancellation"), each with minLevel from 1 to 10: the learner's level on the kata at which the constraint unlocks. Offer two to four constraints in rising minLevel order.
Challenges that are not code: for a gap that is about understanding more than about writing code (what a concept means, when something runs, why an API behaves as it does), add to challenges either a quiz (2 to 5 multiple-choice questions, 2 to 5 choices each, exactly one right, every choice with a short explanation of why it is right or wrong) or an explain_back challenge (a prompt asking the learner to explain the concept in their own words, and a rubric of 2 to 4 points a good explanation covers). Fill only the fields of the chosen kind and set the others to null. Use the gap's exact topic as gapTopic. At most one challenge per gap; challenges is [] when no gap calls for one.
sessionSummary counts what the data shows: phases completed, total minutes, hints used, and phases completed without any hint.`,
  NEVER_WRITE_THE_SOLUTION,
  DATA_NOT_INSTRUCTIONS,
  OUTPUT_RULES,
);

/**
 * The knowledge-gap extraction module. User message bound: {@link KNOWLEDGE_GAP_EXTRACTION_LIMITS}.total
 * characters for any session size (the action log is summarised, oldest entries dropped first; the transcript
 * keeps its end).
 * @see discovery Story 9 FR-118/FR-119, issue 8 item 4
 */
export const knowledgeGapExtractionModule = definePromptModule<
  KnowledgeGapExtractionInput,
  KnowledgeGapExtractionOutput
>({
  callType: 'knowledge_gap_extraction',
  model: 'sonnet',
  maxTokens: 6_144,
  systemPrompt: SYSTEM_PROMPT,
  responseSchema: KnowledgeGapExtractionOutputSchema,
  assembleUserMessage(input) {
    const L = KNOWLEDGE_GAP_EXTRACTION_LIMITS;
    const issue = [input.issueTitle, input.issueSummary]
      .filter((s): s is string => typeof s === 'string' && s.length > 0)
      .join('\n');
    const renderOpts = input.now === undefined ? {} : { now: input.now };
    return clampMessage(
      [
        tag('issue', truncateText(issue, L.issue)),
        tag('learner_stage', input.dreyfusStage ?? 'novice'),
        tag('kata_language', input.kataLanguage ?? 'none'),
        tag(
          'test_conventions',
          input.kataLanguage ? TEST_CONVENTIONS[input.kataLanguage] : 'none: no runnable tests',
        ),
        tag('phases', formatPhases(input.phases, { maxChars: L.phases, ...renderOpts })),
        tag('progress_events', formatProgressEvents(input.progressEvents, { maxChars: L.progressEvents })),
        tag('existing_gaps', formatExistingGaps(input.existingGaps, { maxChars: L.existingGaps })),
        tag('action_log', summariseActions(input.actions, { maxChars: L.actions })),
        tag('transcript', condenseTranscript(input.sessionTranscript ?? '', { maxChars: L.transcript })),
      ].join('\n\n'),
      L.total,
    );
  },
});
