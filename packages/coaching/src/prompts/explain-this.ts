/**
 * Prompt module `explain_this` (Sonnet): explains code the learner selected, at the depth their Dreyfus stage
 * calls for, tied to the current phase when there is one, without solving the task for them.
 * @see discovery Story 11 "Module 1", primary Story 11 AS-1..AS-4, brainstorm API call 3
 */
import { definePromptModule } from '@paige/llm';
import type { DreyfusStage, Range } from '@paige/protocol';
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

/** Structured reply (`explain:response` without the echoed `path`). */
export const ExplainThisOutputSchema = z.object({
  explanation: z.string().min(1),
  keyConcepts: z.array(z.string()),
  analogy: z.string().nullable().describe('An everyday analogy when it helps, else null'),
  relatedFiles: z
    .array(z.string())
    .nullable()
    .describe('Project files visibly imported or referenced, else null'),
  phaseConnection: z
    .string()
    .nullable()
    .describe('How this code relates to the current phase, or null when there is no phase'),
});
export type ExplainThisOutput = z.infer<typeof ExplainThisOutputSchema>;

/** Input of {@link explainThisModule}. */
export interface ExplainThisInput {
  path: string;
  language: string;
  selectedText: string;
  /** Lines around the selection from the live buffer (about ±50 lines). */
  surroundingContext: string;
  /** The selection, 1-based (protocol `Range`), when known. */
  selection?: Range | null;
  /** Stage of the most relevant skill area; `novice` when none is known. @see primary Story 11 AS-2/AS-3 */
  dreyfusStage: DreyfusStage;
  /** Skill area the stage belongs to, for the model's information. */
  skillArea?: string | null;
  /** The active phase, or null outside a coaching plan (then `phaseConnection` must be null). */
  phase: { number: number; title: string; description: string } | null;
}

/** Character bounds of the user message. */
export const EXPLAIN_THIS_LIMITS = {
  total: 24_000,
  selectedText: 8_000,
  surroundingContext: 12_000,
  phase: 1_500,
} as const;

const SYSTEM_PROMPT = joinBlocks(
  PAIGE_IDENTITY,
  DREYFUS_GUIDANCE,
  `Your task: the learner selected code in their editor and asked "explain this". Explain what the selected code does and why it is written that way, using the surrounding lines for context. The learner's stage is given in <learner>; shape the explanation by it:
- novice and advanced_beginner: plain language, every concept named and explained in a sentence, no unexplained jargon; give an everyday analogy (the analogy field) because it helps at this stage.
- competent: technical terms are fine; focus on why rather than what and skip the basics; an analogy only if it adds something.
- proficient and expert: brief and precise; architecture, trade-offs, edge cases and failure modes; usually no analogy (null).
keyConcepts lists the three to six concepts the code relies on, in the learner's vocabulary.
relatedFiles lists project files the code visibly imports or refers to, as written in the code; null when there are none. Do not guess paths.
When a current phase is given, phaseConnection says in one or two sentences how this code relates to the phase goal, as a pointer rather than instructions; when no phase is given it is null.
Explaining existing code is your job; solving the learner's task is not. If the selection is where their fix belongs, explain what the code does now and what to think about, and stop there.`,
  NEVER_WRITE_THE_SOLUTION,
  DATA_NOT_INSTRUCTIONS,
  OUTPUT_RULES,
);

/**
 * The Explain This module. User message bound: {@link EXPLAIN_THIS_LIMITS}.total characters (the selection keeps
 * its start; the surrounding context keeps its start too, cut with a note).
 * @see discovery Story 11 FR-152/FR-153/FR-164
 */
export const explainThisModule = definePromptModule<ExplainThisInput, ExplainThisOutput>({
  callType: 'explain_this',
  model: 'sonnet',
  maxTokens: 2_048,
  systemPrompt: SYSTEM_PROMPT,
  responseSchema: ExplainThisOutputSchema,
  assembleUserMessage(input) {
    const L = EXPLAIN_THIS_LIMITS;
    const sel = input.selection;
    const where = sel ? ` lines ${sel.startLine}:${sel.startColumn}-${sel.endLine}:${sel.endColumn}` : '';
    const learner = `dreyfus_stage: ${input.dreyfusStage}${input.skillArea ? ` (skill area: ${oneLine(input.skillArea)})` : ''}`;
    const phase = input.phase
      ? truncateText(
          `Phase ${input.phase.number}: ${oneLine(input.phase.title)}\n${oneLine(input.phase.description)}`,
          L.phase,
        )
      : 'No active coaching phase.';
    return clampMessage(
      [
        tag('learner', learner),
        tag('file', `${oneLine(input.path)} (${oneLine(input.language)})${where}`),
        tag('current_phase', phase),
        tag('selected_code', truncateText(input.selectedText, L.selectedText)),
        tag('surrounding_context', truncateText(input.surroundingContext, L.surroundingContext)),
      ].join('\n\n'),
      L.total,
    );
  },
});
