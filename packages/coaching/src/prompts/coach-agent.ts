/**
 * Prompt module `coach_agent` (Sonnet): turns Claude Code's implementation plan into scaffolded, Dreyfus-aware
 * coaching phases with file and line hints. The novel layer of Paige.
 * @see discovery Story 9 "Module 2", primary Story 9 AS-1 (Dreyfus stages input), brainstorm API call 2
 */
import { definePromptModule } from '@paige/llm';
import { FileHintStyleSchema, HighlightStyleSchema, HintLevelSchema } from '@paige/protocol';
import { z } from 'zod';
import type { DreyfusAssessmentRecord } from '../context/session.js';
import { formatAssessments } from '../context/session.js';
import { boundedList, clampMessage, oneLine, tag, truncateText } from '../context/text.js';
import {
  CIRCUIT_BREAKER,
  DATA_NOT_INSTRUCTIONS,
  DREYFUS_GUIDANCE,
  joinBlocks,
  NEVER_WRITE_THE_SOLUTION,
  OUTPUT_RULES,
  PAIGE_IDENTITY,
  SCAFFOLDING_PRINCIPLES,
} from './shared.js';

/** Overall difficulty of the issue for this learner. */
export const EstimatedDifficultySchema = z.enum(['beginner', 'intermediate', 'advanced']);
export type EstimatedDifficulty = z.infer<typeof EstimatedDifficultySchema>;

/** A file glow in the explorer (`explorer:hint_files`). */
export const CoachFileHintSchema = z.object({
  type: z.literal('file'),
  path: z.string().min(1).describe('Project-relative path with / separators'),
  style: FileHintStyleSchema,
  hoverText: z.string().nullable().describe('Short note shown on hover, or null'),
});
/** A line-range highlight in the editor (`editor:highlight_lines`), 1-based and inclusive. */
export const CoachLineHintSchema = z
  .object({
    type: z.literal('line'),
    path: z.string().min(1).describe('Project-relative path with / separators'),
    startLine: z.number().int().min(1),
    endLine: z.number().int().min(1),
    style: HighlightStyleSchema,
    hoverText: z.string().describe('What to look at or think about here; never the code to type'),
  })
  .refine((h) => h.endLine >= h.startLine, { message: 'endLine must be >= startLine', path: ['endLine'] });
/** One hint of a phase; `type` (canonical `HintType`) selects the shape. */
export const CoachHintSchema = z.discriminatedUnion('type', [CoachFileHintSchema, CoachLineHintSchema]);
export type CoachHint = z.infer<typeof CoachHintSchema>;

/** One coaching phase. `hintLevel` is the canonical `HintLevel` the phase starts at. */
export const CoachPhaseSchema = z.object({
  number: z.number().int().min(1),
  title: z.string().min(1),
  description: z.string().min(1).describe('The coaching message for this phase: what to do and why'),
  expectedFiles: z.array(z.string()).describe('Files the learner should open or change in this phase'),
  hintLevel: HintLevelSchema,
  hints: z.array(CoachHintSchema),
  knowledgeGapOpportunities: z.array(z.string()).describe('Concepts this phase may reveal a gap in'),
});
export type CoachPhase = z.infer<typeof CoachPhaseSchema>;

/** Structured reply of the coach agent. Phase numbers must be 1..n in order. */
export const CoachAgentOutputSchema = z
  .object({
    phases: z.array(CoachPhaseSchema),
    memoryConnection: z.string().nullable().describe('One-sentence link to an earlier session, or null'),
    estimatedDifficulty: EstimatedDifficultySchema,
  })
  .refine((o) => o.phases.every((p, i) => p.number === i + 1), {
    message: 'phases must be numbered 1..n in order',
    path: ['phases'],
  });
export type CoachAgentOutput = z.infer<typeof CoachAgentOutputSchema>;

/** A memory kept by the retrieval filter. */
export interface FilteredMemory {
  content: string;
  connection: string;
  useInCoaching: string;
}

/** Input of {@link coachAgentModule}. */
export interface CoachAgentInput {
  planText: string;
  issueSummary: string;
  issueNumber?: number | null;
  /** All rows of `dreyfus_assessments` (`[]` on the first session). @see primary Story 9 AS-1 */
  dreyfusAssessments: readonly DreyfusAssessmentRecord[];
  /** Only the memories the retrieval filter kept (`[]` when memory is unavailable or the filter failed). */
  relevantMemories: readonly FilteredMemory[];
}

/** Character bounds of the user message. The plan is large by nature (discovery EC-54), hence its share. */
export const COACH_AGENT_LIMITS = {
  total: 52_000,
  planText: 40_000,
  issueSummary: 4_000,
  assessments: 3_000,
  memories: 4_000,
  perMemory: 800,
} as const;

const SYSTEM_PROMPT = joinBlocks(
  PAIGE_IDENTITY,
  NEVER_WRITE_THE_SOLUTION,
  SCAFFOLDING_PRINCIPLES,
  DREYFUS_GUIDANCE,
  CIRCUIT_BREAKER,
  `Your task: you are Paige's coaching engine. Claude Code has explored the codebase and written an implementation plan for an issue. Turn that plan into phases the learner will work through themselves.
Phases:
- Usually 2 to 5 phases, numbered from 1. The first phase is often about finding and understanding the code involved before changing it. Each phase has one goal the learner can reach in roughly 5 to 20 minutes.
- More, smaller phases for a novice; fewer, broader ones for a competent or more experienced learner.
- description: the coaching message Paige will give at the start of the phase, in her voice, addressed to the learner ("you"): what to achieve and why it matters, in two to five sentences. It explains the reasoning; it does not dictate the code.
- expectedFiles: the project-relative paths the learner should open or change in that phase, taken from the plan.
- knowledgeGapOpportunities: concepts the phase exercises that may reveal a gap (for example "useEffect cleanup").
Hints and fading:
- hintLevel is where the phase starts on the learner's hint slider: high for a novice, medium for an advanced_beginner, low for competent, off for proficient and expert. Lower it by one step in later phases once the learner has had the chance to find their feet.
- File hints (type "file") make a file glow in the explorer: style "required" for a file that must change, "suggested" for one worth reading.
- Line hints (type "line") highlight 1-based, inclusive line ranges taken from the plan; style "hint" to draw attention, "error" for a defect the learner must find, "success" for code that already works and can serve as a model. hoverText says what to look at or what question to ask, never the code to write.
- Give more, more specific hints at higher hint levels and few or none at "off". Only use paths and lines that appear in the plan; do not invent them.
Memories and difficulty:
- When a relevant memory is given, use it as the memory says (for example to activate prior knowledge in the first phase) and sum it up in memoryConnection; otherwise memoryConnection is null.
- estimatedDifficulty is the difficulty of this issue for this learner at their stage: beginner, intermediate or advanced.`,
  DATA_NOT_INSTRUCTIONS,
  OUTPUT_RULES,
);

/**
 * The coach agent module. User message bound: {@link COACH_AGENT_LIMITS}.total characters; a plan longer than
 * `planText` keeps its beginning and says how much was cut.
 * @see discovery Story 9 FR-112, FR-113
 */
export const coachAgentModule = definePromptModule<CoachAgentInput, CoachAgentOutput>({
  callType: 'coach_agent',
  model: 'sonnet',
  maxTokens: 8_192,
  systemPrompt: SYSTEM_PROMPT,
  responseSchema: CoachAgentOutputSchema,
  assembleUserMessage(input) {
    const L = COACH_AGENT_LIMITS;
    const memories = input.relevantMemories.map(
      (m) =>
        `- ${oneLine(m.content)} | connection: ${oneLine(m.connection)} | use: ${oneLine(m.useInCoaching)}`,
    );
    const issueHeader = input.issueNumber == null ? '' : `Issue #${input.issueNumber}\n`;
    return clampMessage(
      [
        tag('issue', `${issueHeader}${truncateText(input.issueSummary, L.issueSummary)}`),
        tag('dreyfus_assessments', formatAssessments(input.dreyfusAssessments, { maxChars: L.assessments })),
        tag(
          'relevant_memories',
          memories.length === 0 ? 'None.' : boundedList(memories, L.memories, L.perMemory),
        ),
        tag('plan', truncateText(input.planText, L.planText)),
      ].join('\n\n'),
      L.total,
    );
  },
});
