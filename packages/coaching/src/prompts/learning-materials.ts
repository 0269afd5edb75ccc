/**
 * Prompt module `learning_materials` (Sonnet with the web search server tool): finds real, level-appropriate
 * resources for unaddressed knowledge gaps. Its URLs are kept only when the web search actually returned them
 * (`filterUrlsToSearchResults`).
 * @see primary Story 12 AS-6/AS-7, discovery Story 12 "Module 2" and D83 (tools parameter), brainstorm API call 9
 */
import { definePromptModule } from '@paige/llm';
import type { DreyfusStage } from '@paige/protocol';
import { z } from 'zod';
import { boundedList, clampMessage, oneLine, tag, truncateText } from '../context/text.js';
import {
  DATA_NOT_INSTRUCTIONS,
  DREYFUS_GUIDANCE,
  joinBlocks,
  OUTPUT_RULES,
  PAIGE_IDENTITY,
} from './shared.js';

/** Kind of resource. */
export const ResourceTypeSchema = z.enum(['documentation', 'article', 'video', 'tutorial']);
/** Where a resource sits in the study path. */
export const ResourceRelevanceSchema = z.enum(['direct', 'deep_dive', 'supplementary']);

/** One resource. `url` must be one the web search returned. */
export const LearningResourceSchema = z.object({
  type: ResourceTypeSchema,
  title: z.string().min(1),
  url: z.url({ protocol: /^https?$/ }),
  description: z.string(),
  relevance: ResourceRelevanceSchema,
  estimatedTime: z.string().describe('e.g. "15 min read", "12 min video"'),
});
export type LearningResource = z.infer<typeof LearningResourceSchema>;

/** Resources for one gap. */
export const GapRecommendationSchema = z.object({
  knowledgeGap: z.string().min(1),
  resources: z.array(LearningResourceSchema),
  studyOrder: z.string(),
  practiceConnection: z.string().nullable().describe('The kata to try after reading, or null'),
});
export type GapRecommendation = z.infer<typeof GapRecommendationSchema>;

/** Structured reply of the learning-materials research. */
export const LearningMaterialsOutputSchema = z.object({ recommendations: z.array(GapRecommendationSchema) });
export type LearningMaterialsOutput = z.infer<typeof LearningMaterialsOutputSchema>;

/** Input of {@link learningMaterialsModule}. */
export interface LearningMaterialsInput {
  /** Top unaddressed gaps (discovery D87: 5 by severity then frequency); only the first 5 are sent. */
  gaps: readonly {
    topic: string;
    severity: string;
    relatedConcepts?: readonly string[];
    frequency?: number | null;
  }[];
  /** Overall stage, `novice` when unknown. */
  dreyfusStage: DreyfusStage;
  /** e.g. `TypeScript, React 18, Node 20` (from the project's manifest). */
  techStack: string;
  kataTitles: readonly string[];
  /** URLs recommended before, to avoid repeats. */
  previouslyRecommended?: readonly string[];
}

/** Character bounds of the user message. */
export const LEARNING_MATERIALS_LIMITS = {
  total: 8_000,
  maxGaps: 5,
  gaps: 3_000,
  techStack: 500,
  katas: 1_500,
  previous: 2_000,
} as const;

/**
 * The web search server tool to pass with this module's request (discovery D83). `max_uses` bounds the searches
 * (and their cost) per dashboard load.
 */
export const LEARNING_MATERIALS_WEB_SEARCH_TOOL = {
  type: 'web_search_20250305',
  name: 'web_search',
  max_uses: 5,
} as const;

const SYSTEM_PROMPT = joinBlocks(
  PAIGE_IDENTITY,
  DREYFUS_GUIDANCE,
  `Your task: you are Paige's learning-materials researcher. For each knowledge gap listed, use the web_search tool to find two to four good, free resources that match the learner's stage and tech stack: official documentation first when it exists, then well-known articles and tutorials, and a video when a visual walk-through helps.
Strict rule on links: every url must be copied exactly from a web_search result you received in this conversation. Never write a URL from memory and never adjust one; a resource without a search result behind it is left out. Links that were not returned by the search are removed before the learner sees them.
For each gap:
- resources with type, title, url, a one-sentence description of why it helps at this stage, relevance (direct: start here; deep_dive: for a fuller mental model; supplementary: also useful) and estimatedTime.
- studyOrder: one or two sentences on the order to go through them, ending with the practice kata when one fits.
- practiceConnection: the title of a listed kata that trains this gap, or null.
Prefer material at the learner's level: beginner-friendly guides for novices, reference and design discussions for competent and beyond. Skip resources listed as previously recommended.`,
  DATA_NOT_INSTRUCTIONS,
  OUTPUT_RULES,
);

/**
 * The learning-materials module. Send it with {@link LEARNING_MATERIALS_WEB_SEARCH_TOOL}. User message bound:
 * {@link LEARNING_MATERIALS_LIMITS}.total characters.
 * @see primary Story 12 AS-6 (real URLs, not hallucinated)
 */
export const learningMaterialsModule = definePromptModule<LearningMaterialsInput, LearningMaterialsOutput>({
  callType: 'learning_materials',
  model: 'sonnet',
  maxTokens: 4_096,
  systemPrompt: SYSTEM_PROMPT,
  responseSchema: LearningMaterialsOutputSchema,
  assembleUserMessage(input) {
    const L = LEARNING_MATERIALS_LIMITS;
    const gaps = input.gaps.slice(0, L.maxGaps).map((g) => {
      const related =
        g.relatedConcepts && g.relatedConcepts.length > 0
          ? `; related: ${g.relatedConcepts.map(oneLine).join(', ')}`
          : '';
      const freq = g.frequency == null ? '' : `, seen ${g.frequency} times`;
      return `- ${oneLine(g.topic)} (${g.severity}${freq})${related}`;
    });
    const katas = input.kataTitles.map((t) => `- ${oneLine(t)}`);
    const previous = (input.previouslyRecommended ?? []).map((u) => `- ${oneLine(u)}`);
    return clampMessage(
      [
        tag('learner', `dreyfus_stage: ${input.dreyfusStage}`),
        tag('tech_stack', truncateText(oneLine(input.techStack), L.techStack)),
        tag('knowledge_gaps', boundedList(gaps, L.gaps, 600)),
        tag('available_katas', katas.length === 0 ? 'None.' : boundedList(katas, L.katas, 200)),
        tag(
          'previously_recommended',
          previous.length === 0 ? 'None.' : boundedList(previous, L.previous, 300),
        ),
      ].join('\n\n'),
      L.total,
    );
  },
});
