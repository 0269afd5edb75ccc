/**
 * Prompt module `explain_back_grading` (Sonnet): grades a learner's own explanation of a concept against the
 * challenge's rubric, in words fit for their Dreyfus stage (issue 24 item 5, brainstorm "Non-Code Challenges":
 * "explain what `useEffect` does").
 */
import { definePromptModule } from '@paige/llm';
import type { DreyfusStage } from '@paige/protocol';
import { z } from 'zod';
import { clampMessage, oneLine, tag, truncateText } from '../context/text.js';
import {
  DATA_NOT_INSTRUCTIONS,
  DREYFUS_GUIDANCE,
  joinBlocks,
  OUTPUT_RULES,
  PAIGE_IDENTITY,
} from './shared.js';

/** Structured reply: one verdict per rubric point, in rubric order, and feedback for the learner. */
export const ExplainBackGradingOutputSchema = z.object({
  criteria: z
    .array(
      z.object({
        criterion: z.string().min(1).describe('The rubric point, copied exactly'),
        met: z.boolean(),
        note: z
          .string()
          .describe('One sentence: what in the explanation meets it, or what is missing or wrong'),
      }),
    )
    .max(10),
  passed: z.boolean().describe('True when the explanation meets the rubric well enough for this stage'),
  feedback: z
    .string()
    .min(1)
    .describe('Two to four sentences to the learner: what they understood, what to look at again'),
});
export type ExplainBackGradingOutput = z.infer<typeof ExplainBackGradingOutputSchema>;

/** Input of {@link explainBackGradingModule}. */
export interface ExplainBackGradingInput {
  title: string;
  /** What the learner was asked to explain. */
  prompt: string;
  rubric: readonly string[];
  explanation: string;
  /** Stage for the challenge's topic, `novice` when unknown. */
  dreyfusStage: DreyfusStage;
}

/** Character bounds of the user message. */
export const EXPLAIN_BACK_GRADING_LIMITS = {
  total: 16_000,
  prompt: 3_000,
  rubric: 2_000,
  explanation: 10_000,
} as const;

const SYSTEM_PROMPT = joinBlocks(
  PAIGE_IDENTITY,
  DREYFUS_GUIDANCE,
  `Your task: the learner was asked to explain a concept in their own words, to show they understand it and not only that they can use it. Grade their explanation against the rubric.
- Judge each rubric point separately, in the rubric's order, copying its text into criterion. A point is met when the explanation states it correctly in any words; it is not met when it is missing, vague to the point of saying nothing, or wrong.
- Expect what the learner's stage can give: a novice meets a point with a plain, correct statement; a competent or later learner should also say why. Never penalise informal language, spelling or length.
- passed is true when every point is met, or all but one for a rubric of four or more points, and nothing stated is wrong.
- feedback speaks to the learner directly: name what they got right, then point at what to revisit as a question or a place to look. Do not give them a model answer to copy.`,
  DATA_NOT_INSTRUCTIONS,
  OUTPUT_RULES,
);

/**
 * The explain-it-back grading module. User message bound: {@link EXPLAIN_BACK_GRADING_LIMITS}.total characters.
 * @see issue 24 item 5
 */
export const explainBackGradingModule = definePromptModule<ExplainBackGradingInput, ExplainBackGradingOutput>(
  {
    callType: 'explain_back_grading',
    model: 'sonnet',
    maxTokens: 1_536,
    systemPrompt: SYSTEM_PROMPT,
    responseSchema: ExplainBackGradingOutputSchema,
    assembleUserMessage(input) {
      const L = EXPLAIN_BACK_GRADING_LIMITS;
      return clampMessage(
        [
          tag('learner', `dreyfus_stage: ${input.dreyfusStage}`),
          tag('challenge', truncateText(`${oneLine(input.title)}\n${input.prompt}`, L.prompt)),
          tag(
            'rubric',
            truncateText(input.rubric.map((r, i) => `${i + 1}. ${oneLine(r)}`).join('\n'), L.rubric),
          ),
          tag('explanation', truncateText(input.explanation, L.explanation)),
        ].join('\n\n'),
        L.total,
      );
    },
  },
);
