/**
 * Prompt module `work_review` (Sonnet): "Review my work" during a coaching session (brainstorm "Review Checkpoints";
 * issue 23 item 2). Compares the learner's work in progress with the active phase's goal and answers with feedback
 * written for the hint level in force and line references the page opens.
 * @see brainstorm "Work Mode Workflow" 4, Story 5 catalog `user:review`
 */
import { definePromptModule } from '@paige/llm';
import type { DreyfusStage, HintLevel } from '@paige/protocol';
import { z } from 'zod';
import { clampMessage, oneLine, tag, truncateText } from '../context/text.js';
import {
  DATA_NOT_INSTRUCTIONS,
  DREYFUS_GUIDANCE,
  joinBlocks,
  NEVER_WRITE_THE_SOLUTION,
  OUTPUT_RULES,
  PAIGE_IDENTITY,
} from './shared.js';

/** One line range the review talks about. */
export const WorkReviewReferenceSchema = z.object({
  path: z
    .string()
    .min(1)
    .describe('Project-relative path of a file shown in <files>, exactly as written there'),
  startLine: z.number().int().min(1).describe('First line (1-based) the note is about'),
  endLine: z.number().int().min(1).nullable().describe('Last line of the range, or null for one line'),
  note: z.string().min(1).describe('What to look at there, in one sentence, never code'),
});
export type WorkReviewReference = z.infer<typeof WorkReviewReferenceSchema>;

/** Structured reply of the work review. */
export const WorkReviewOutputSchema = z.object({
  review: z.string().min(1).describe('Feedback to the learner on their progress toward the phase goal'),
  phaseGoalMet: z.boolean().describe('The phase goal looks met by the work shown'),
  suggestions: z.array(z.string()).describe('One to three next steps as questions or pointers, never code'),
  references: z
    .array(WorkReviewReferenceSchema)
    .describe('Lines of the shown files the review refers to (at most 5)'),
});
export type WorkReviewOutput = z.infer<typeof WorkReviewOutputSchema>;

/** Input of {@link workReviewModule}. */
export interface WorkReviewInput {
  issueTitle: string | null;
  /** The active phase, or null before a plan exists. */
  phase: { number: number; title: string; description: string } | null;
  /** The learner's files (live buffers), with their project-relative paths. */
  files: ReadonlyArray<{ path: string; content: string }>;
  /** Unified diffs of unsaved edits, if any. */
  diffs?: ReadonlyArray<{ path: string; diff: string }>;
  dreyfusStage: DreyfusStage;
  /** The hint level in force (the learner's choice, else Paige's suggestion). */
  hintLevel: HintLevel;
}

/** Character bounds of the user message. */
export const WORK_REVIEW_LIMITS = { total: 40_000, perFile: 6_000, files: 4, diffs: 8_000 } as const;

/** How specific the review may be at each hint level (brainstorm "The Hinting System"). */
const LEVEL_GUIDANCE = `The hint level (in <learner>) is how much guidance the learner asked for; write the review for it:
- off: no pointers to places. Talk about the goal and the reasoning; references stays empty.
- low: name the files that matter, not lines. references point at the first line of a file at most.
- medium: point at line ranges and say what to look at there.
- high: point at line ranges and explain what each one should make them notice, as detailed guidance (still never the code).`;

const SYSTEM_PROMPT = joinBlocks(
  PAIGE_IDENTITY,
  DREYFUS_GUIDANCE,
  `Your task: you are Paige's work reviewer. The learner is in a coaching session on a real issue and asked "review my work". Compare their work in progress (the files and unsaved diffs shown) with the current phase's goal and tell them where they stand.
- Say what works before what does not. phaseGoalMet is true only when the work shown meets the phase goal.
- references are line ranges of the shown files that your review talks about, with a one-sentence note each; use the line numbers shown in <files> and only paths shown there.
- suggestions are one to three next steps phrased as questions or pointers.`,
  LEVEL_GUIDANCE,
  NEVER_WRITE_THE_SOLUTION,
  DATA_NOT_INSTRUCTIONS,
  OUTPUT_RULES,
);

/** Prefixes each line with its 1-based number (`  12| code`) so the model can cite lines. */
function numbered(content: string): string {
  const lines = content.split(/\r\n|\r|\n/);
  const width = String(lines.length).length;
  return lines.map((line, i) => `${String(i + 1).padStart(width, ' ')}| ${line}`).join('\n');
}

/**
 * The work review module. User message bound: {@link WORK_REVIEW_LIMITS}.total characters (files cut at
 * `perFile` characters each, at most `files` files).
 */
export const workReviewModule = definePromptModule<WorkReviewInput, WorkReviewOutput>({
  callType: 'work_review',
  model: 'sonnet',
  maxTokens: 2_048,
  systemPrompt: SYSTEM_PROMPT,
  responseSchema: WorkReviewOutputSchema,
  assembleUserMessage(input) {
    const L = WORK_REVIEW_LIMITS;
    const phase = input.phase
      ? `Phase ${input.phase.number}: ${oneLine(input.phase.title)}\n${truncateText(input.phase.description, 3_000)}`
      : 'No coaching plan yet: judge progress toward the issue.';
    const files = input.files
      .slice(0, L.files)
      .map((f) => `File: ${oneLine(f.path)}\n${numbered(truncateText(f.content, L.perFile))}`)
      .join('\n\n');
    const diffs = (input.diffs ?? []).map((d) => d.diff).join('\n');
    return clampMessage(
      [
        tag('learner', `dreyfus_stage: ${input.dreyfusStage}\nhint_level: ${input.hintLevel}`),
        tag('issue', oneLine(input.issueTitle ?? 'Current coaching session')),
        tag('phase', phase),
        tag('files', files.length > 0 ? files : '(no open or edited files)'),
        tag('unsaved_diffs', diffs.length > 0 ? truncateText(diffs, L.diffs) : 'None.'),
      ].join('\n\n'),
      L.total,
    );
  },
});
