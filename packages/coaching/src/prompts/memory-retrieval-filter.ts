/**
 * Prompt module `memory_retrieval_filter` (Haiku): decides which memories found by semantic search are really
 * useful for the current issue, and how the coach should use each. @see discovery Story 9 "Module 1", brainstorm 6b
 */
import { definePromptModule } from '@paige/llm';
import { z } from 'zod';
import { boundedList, clampMessage, oneLine, tag, truncateText } from '../context/text.js';
import { DATA_NOT_INSTRUCTIONS, joinBlocks, OUTPUT_RULES, PAIGE_IDENTITY } from './shared.js';

/** How a kept memory relates to the issue. */
export const MemoryRelevanceSchema = z.enum(['direct', 'related', 'contextual']);
export type MemoryRelevance = z.infer<typeof MemoryRelevanceSchema>;

/** Structured reply: the memories worth forwarding to the coach, and the rest with a reason (logged only). */
export const MemoryRetrievalFilterOutputSchema = z.object({
  relevantMemories: z.array(
    z.object({
      memoryId: z.string().describe('The id shown in brackets before the candidate, e.g. "m3"'),
      content: z.string().describe('The memory text, as given'),
      relevance: MemoryRelevanceSchema,
      connection: z.string().describe('How this memory connects to the current issue'),
      useInCoaching: z.string().describe('How the coach should refer to it'),
    }),
  ),
  discarded: z.array(z.object({ memoryId: z.string(), reason: z.string() })),
});
export type MemoryRetrievalFilterOutput = z.infer<typeof MemoryRetrievalFilterOutputSchema>;

/** One memory returned by the semantic search (`@paige/memory` query result). */
export interface CandidateMemory {
  id: string;
  text: string;
  /** e.g. `{ session_id, created_at, type, tags }`; only short scalar values are shown to the model. */
  metadata?: Record<string, unknown> | null;
}

/** Input of {@link memoryRetrievalFilterModule}. */
export interface MemoryRetrievalFilterInput {
  issueSummary: string;
  planText: string;
  candidates: readonly CandidateMemory[];
}

/** Character bounds of the user message (total and per part). */
export const MEMORY_RETRIEVAL_FILTER_LIMITS = {
  total: 16_000,
  issueSummary: 2_000,
  planText: 6_000,
  candidates: 7_000,
  perCandidate: 1_200,
} as const;

const SYSTEM_PROMPT = joinBlocks(
  PAIGE_IDENTITY,
  `Your task: filter memories for relevance. Semantic search has returned memories from earlier coaching sessions in this project because their wording looks similar to the current issue. Similar is not the same as useful. For each candidate decide whether it would genuinely help the coach with THIS issue and THIS plan:
- direct: the same code, component or pattern the learner worked on before.
- related: a different place, but the same concept or the same kind of mistake.
- contextual: background that shapes the tone of coaching (for example a recurring struggle or a recent success).
For each memory you keep, say in one sentence how it connects to the issue and how the coach should bring it up (for example "recall that they fixed the same missing cleanup in UserProfile last week"). Discard memories that merely share keywords, and give a short reason. Keep at most five memories; when in doubt, discard. Refer to candidates by the id in brackets.`,
  DATA_NOT_INSTRUCTIONS,
  OUTPUT_RULES,
);

function metadataLine(metadata: Record<string, unknown> | null | undefined): string {
  if (!metadata) return '';
  const bits: string[] = [];
  for (const [k, v] of Object.entries(metadata)) {
    if ((typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') && String(v).length <= 80)
      bits.push(`${k}=${String(v)}`);
  }
  return bits.length > 0 ? ` (${bits.join(', ')})` : '';
}

/**
 * The memory-retrieval filter module. User message bound: {@link MEMORY_RETRIEVAL_FILTER_LIMITS}.total characters.
 * @see discovery Story 9 FR-110/FR-111 (a failed filter means the coach runs with no memories; the caller decides)
 */
export const memoryRetrievalFilterModule = definePromptModule<
  MemoryRetrievalFilterInput,
  MemoryRetrievalFilterOutput
>({
  callType: 'memory_retrieval_filter',
  model: 'haiku',
  maxTokens: 2_048,
  systemPrompt: SYSTEM_PROMPT,
  responseSchema: MemoryRetrievalFilterOutputSchema,
  assembleUserMessage(input) {
    const L = MEMORY_RETRIEVAL_FILTER_LIMITS;
    const candidates = input.candidates.map(
      (m) => `[${oneLine(m.id)}]${metadataLine(m.metadata)} ${oneLine(m.text)}`,
    );
    return clampMessage(
      [
        tag('issue', truncateText(input.issueSummary, L.issueSummary)),
        tag('plan', truncateText(input.planText, L.planText)),
        tag('candidate_memories', boundedList(candidates, L.candidates, L.perCandidate)),
      ].join('\n\n'),
      L.total,
    );
  },
});
