/**
 * Prompt module `dreyfus_assessment` (Sonnet, wrap-up agent `dreyfus`): places the learner on the Dreyfus scale per
 * skill area from accumulated evidence. Its output recalibrates the coach, the Observer and Explain This.
 * @see discovery Story 9 "Module 4", primary Story 9 AS-4, brainstorm API call 5
 */
import { definePromptModule } from '@paige/llm';
import { DreyfusStageSchema } from '@paige/protocol';
import { z } from 'zod';
import type { ActionRecord } from '../context/actions.js';
import { summariseActions } from '../context/actions.js';
import type { DreyfusAssessmentRecord, PhaseRecord, ProgressEventRecord } from '../context/session.js';
import { formatAssessments, formatPhases, formatProgressEvents } from '../context/session.js';
import { boundedList, clampMessage, oneLine, tag, truncateText } from '../context/text.js';
import { condenseTranscript } from '../context/transcript.js';
import type { SessionSummary } from './knowledge-gap-extraction.js';
import {
  DATA_NOT_INSTRUCTIONS,
  DREYFUS_GUIDANCE,
  joinBlocks,
  OUTPUT_RULES,
  PAIGE_IDENTITY,
} from './shared.js';

/** One assessment for one skill area. Stages use the canonical `DreyfusStage` values. */
export const DreyfusAssessmentItemSchema = z.object({
  skillArea: z.string().min(1),
  stage: DreyfusStageSchema,
  previousStage: DreyfusStageSchema.nullable().describe('The stage on record before this session, or null'),
  confidence: z.number().min(0).max(1),
  evidence: z.string().min(1),
  recommendation: z.string().describe('How coaching should adapt for this stage'),
});
export type DreyfusAssessmentItem = z.infer<typeof DreyfusAssessmentItemSchema>;

/** Structured reply: only the skill areas this session gives evidence about. */
export const DreyfusAssessmentOutputSchema = z.object({ assessments: z.array(DreyfusAssessmentItemSchema) });
export type DreyfusAssessmentOutput = z.infer<typeof DreyfusAssessmentOutputSchema>;

/** Evidence accumulated across sessions for one skill area (optional; computed by the caller from SQLite). */
export interface AccumulatedEvidence {
  skillArea: string;
  sessions: number;
  /** e.g. `decreasing`, `stable`, `increasing`. */
  hintTrend: string;
  /** 0..1 share of phases completed. */
  completionRate: number;
}

/** Input of {@link dreyfusAssessmentModule}. */
export interface DreyfusAssessmentInput {
  issueTitle?: string | null;
  currentAssessments: readonly DreyfusAssessmentRecord[];
  accumulatedEvidence?: readonly AccumulatedEvidence[];
  /** From the knowledge-gap extraction when it ran, or computed by the caller. */
  sessionSummary?: SessionSummary | null;
  /** Topics of the gaps found in this session. */
  sessionGapTopics?: readonly string[];
  phases: readonly PhaseRecord[];
  progressEvents: readonly ProgressEventRecord[];
  actions: readonly ActionRecord[];
  sessionTranscript?: string | null;
  now?: number;
}

/** Character bounds of the user message. */
export const DREYFUS_ASSESSMENT_LIMITS = {
  total: 30_000,
  issue: 1_000,
  assessments: 3_000,
  evidence: 3_000,
  summary: 500,
  gaps: 1_500,
  phases: 3_000,
  progressEvents: 3_000,
  actions: 6_000,
  transcript: 8_000,
} as const;

const SYSTEM_PROMPT = joinBlocks(
  PAIGE_IDENTITY,
  DREYFUS_GUIDANCE,
  `Your task: you are Paige's skill assessor. Place the learner on the Dreyfus scale (novice, advanced_beginner, competent, proficient, expert) for each skill area this session gives evidence about (for example "React state management", "debugging", "testing", "TypeScript types").
Signals, strongest first: phases completed without hints or with falling hint use; time per phase compared with the phase's size; needing the same correction twice; choosing an approach on their own versus needing steps spelled out; the transcript's questions and explanations.
Rules:
- Judge the accumulated picture: current assessments plus this session. One good or bad session moves a stage by at most one step. Movement of two steps needs strong evidence across several sessions.
- previousStage is the stage on record for that area, or null when there is none.
- confidence (0 to 1) reflects how much evidence there is: one session is rarely above 0.7.
- evidence cites what you saw. recommendation says how Paige should adapt (for example "move from line-level hints to pointing at similar patterns").
- Leave out skill areas the session says nothing about; an unchanged area needs no entry. An empty list is a valid answer.`,
  DATA_NOT_INSTRUCTIONS,
  OUTPUT_RULES,
);

/**
 * The Dreyfus assessment module. User message bound: {@link DREYFUS_ASSESSMENT_LIMITS}.total characters.
 * @see discovery Story 9 FR-120/FR-121
 */
export const dreyfusAssessmentModule = definePromptModule<DreyfusAssessmentInput, DreyfusAssessmentOutput>({
  callType: 'dreyfus_assessment',
  model: 'sonnet',
  maxTokens: 3_072,
  systemPrompt: SYSTEM_PROMPT,
  responseSchema: DreyfusAssessmentOutputSchema,
  assembleUserMessage(input) {
    const L = DREYFUS_ASSESSMENT_LIMITS;
    const evidence = (input.accumulatedEvidence ?? []).map(
      (e) =>
        `${oneLine(e.skillArea)}: ${e.sessions} sessions, hint trend ${oneLine(e.hintTrend)}, completion ${Math.round(e.completionRate * 100)}%`,
    );
    const s = input.sessionSummary;
    const summary = s
      ? `phases completed ${s.phasesCompleted}, total ${s.totalTimeMinutes} min, hints used ${s.hintsUsed}, completed without hints ${s.independentCompletions}`
      : 'Not available.';
    const renderOpts = input.now === undefined ? {} : { now: input.now };
    return clampMessage(
      [
        tag('issue', truncateText(input.issueTitle ?? '', L.issue)),
        tag('current_assessments', formatAssessments(input.currentAssessments, { maxChars: L.assessments })),
        tag('accumulated_evidence', evidence.length === 0 ? 'None.' : boundedList(evidence, L.evidence, 300)),
        tag('session_summary', truncateText(summary, L.summary)),
        tag('session_gaps', boundedList((input.sessionGapTopics ?? []).map(oneLine), L.gaps, 200)),
        tag('phases', formatPhases(input.phases, { maxChars: L.phases, ...renderOpts })),
        tag('progress_events', formatProgressEvents(input.progressEvents, { maxChars: L.progressEvents })),
        tag('action_log', summariseActions(input.actions, { maxChars: L.actions })),
        tag('transcript', condenseTranscript(input.sessionTranscript ?? '', { maxChars: L.transcript })),
      ].join('\n\n'),
      L.total,
    );
  },
});
