/**
 * Prompt module `memory_summarisation` (Haiku, the wrap-up agent `reflection`): turns a finished session into a few
 * short, searchable memories for ChromaDB ("this is like the bug we fixed last week").
 * @see discovery Story 9 "Module 5", primary Story 9 AS-4 (Reflection Agent), brainstorm API call 6a
 */
import { definePromptModule } from '@paige/llm';
import { ImportanceSchema } from '@paige/protocol';
import { z } from 'zod';
import type { ActionRecord } from '../context/actions.js';
import { summariseActions } from '../context/actions.js';
import type { PhaseRecord } from '../context/session.js';
import { formatPhases } from '../context/session.js';
import { boundedList, clampMessage, oneLine, tag, truncateText } from '../context/text.js';
import { condenseTranscript } from '../context/transcript.js';
import { DATA_NOT_INSTRUCTIONS, joinBlocks, OUTPUT_RULES, PAIGE_IDENTITY } from './shared.js';

/**
 * Kind of memory (stored as the Chroma metadata `type`): what was worked on, what was learned, what was a struggle,
 * what the learner showed they can do on their own.
 */
export const MemoryTypeSchema = z.enum(['worked_on', 'learned', 'struggled_with', 'demonstrated']);
export type MemoryType = z.infer<typeof MemoryTypeSchema>;

/** One memory to store. */
export const SessionMemorySchema = z.object({
  text: z.string().min(1).describe('One self-contained insight, understandable without the session'),
  type: MemoryTypeSchema,
  tags: z.array(z.string()).describe('Lowercase keywords for search: technologies, concepts, modules'),
  importance: ImportanceSchema,
});
export type SessionMemory = z.infer<typeof SessionMemorySchema>;

/** Structured reply of the reflection agent. */
export const MemorySummarisationOutputSchema = z.object({ memories: z.array(SessionMemorySchema) });
export type MemorySummarisationOutput = z.infer<typeof MemorySummarisationOutputSchema>;

/** Input of {@link memorySummarisationModule}. */
export interface MemorySummarisationInput {
  issueTitle: string;
  issueSummary?: string | null;
  sessionTranscript: string;
  phases: readonly PhaseRecord[];
  /** Gaps found in this session or known before (topic and severity). */
  knowledgeGaps: readonly { topic: string; severity: string }[];
  /** Optional: the action log, summarised to a short bound. */
  actions?: readonly ActionRecord[];
  now?: number;
}

/** Character bounds of the user message. */
export const MEMORY_SUMMARISATION_LIMITS = {
  total: 28_000,
  issue: 2_000,
  phases: 3_000,
  gaps: 1_500,
  actions: 3_000,
  transcript: 18_000,
} as const;

const SYSTEM_PROMPT = joinBlocks(
  PAIGE_IDENTITY,
  `Your task: you are Paige's memory curator. A coaching session has ended. Write a few memories that will help Paige coach this learner in a future session, for example to say "this is the same pattern as the race condition you fixed in UserProfile".
Each memory:
- text: one insight in one or two sentences, self-contained (name the module, concept or pattern; a reader of this memory alone must understand it). Write about the learner in the third person ("The learner...").
- type: worked_on (the task and where in the codebase), learned (something they now understand), struggled_with (where they needed help), demonstrated (something they did on their own).
- tags: three to six lowercase keywords for search.
- importance: high for a recurring struggle or a clear step forward, medium for useful context, low for a detail.
Write two to six memories. Only keep what would change how Paige coaches next time; skip small talk, tool noise and anything a future session cannot use. Never store secrets, tokens or personal data that appear in the transcript.`,
  DATA_NOT_INSTRUCTIONS,
  OUTPUT_RULES,
);

/**
 * The memory summarisation (reflection) module. User message bound: {@link MEMORY_SUMMARISATION_LIMITS}.total
 * characters; the transcript keeps its end (discovery EC-63).
 * @see discovery Story 9 FR-122/FR-123
 */
export const memorySummarisationModule = definePromptModule<
  MemorySummarisationInput,
  MemorySummarisationOutput
>({
  callType: 'memory_summarisation',
  model: 'haiku',
  maxTokens: 2_048,
  systemPrompt: SYSTEM_PROMPT,
  responseSchema: MemorySummarisationOutputSchema,
  assembleUserMessage(input) {
    const L = MEMORY_SUMMARISATION_LIMITS;
    const issue = [input.issueTitle, input.issueSummary ?? ''].filter((s) => s.length > 0).join('\n');
    const gaps = input.knowledgeGaps.map((g) => `${oneLine(g.topic)} (${g.severity})`);
    const parts = [
      tag('issue', truncateText(issue, L.issue)),
      tag(
        'phases',
        formatPhases(input.phases, {
          maxChars: L.phases,
          ...(input.now === undefined ? {} : { now: input.now }),
        }),
      ),
      tag('knowledge_gaps', boundedList(gaps, L.gaps, 200)),
    ];
    if (input.actions)
      parts.push(tag('action_log', summariseActions(input.actions, { maxChars: L.actions })));
    parts.push(tag('transcript', condenseTranscript(input.sessionTranscript, { maxChars: L.transcript })));
    return clampMessage(parts.join('\n\n'), L.total);
  },
});
