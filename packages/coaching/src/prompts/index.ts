/**
 * All prompt modules of Paige (DESIGN section 3: prompt modules live in `@paige/coaching`), plus the `prompts`
 * object keyed by `callType` (the `api_call_log.call_type` value).
 */
import { coachAgentModule } from './coach-agent.js';
import { dreyfusAssessmentModule } from './dreyfus-assessment.js';
import { explainThisModule } from './explain-this.js';
import { issueAssessmentModule } from './issue-assessment.js';
import { knowledgeGapExtractionModule } from './knowledge-gap-extraction.js';
import { learningMaterialsModule } from './learning-materials.js';
import { managerSummaryModule } from './manager-summary.js';
import { memoryRetrievalFilterModule } from './memory-retrieval-filter.js';
import { memorySummarisationModule } from './memory-summarisation.js';
import { observerTriageModule } from './observer-triage.js';
import { practiceReviewModule } from './practice-review.js';
import { workReviewModule } from './work-review.js';
import { explainBackGradingModule } from './explain-back-grading.js';

export * from './shared.js';
export * from './memory-retrieval-filter.js';
export * from './coach-agent.js';
export * from './knowledge-gap-extraction.js';
export * from './dreyfus-assessment.js';
export * from './memory-summarisation.js';
export * from './observer-triage.js';
export * from './explain-this.js';
export * from './practice-review.js';
export * from './explain-back-grading.js';
export * from './issue-assessment.js';
export * from './learning-materials.js';
export * from './work-review.js';
export * from './manager-summary.js';

/**
 * Every prompt module keyed by its `callType`. The wrap-up agent `reflection` (primary Story 9) is
 * `memory_summarisation`, `knowledge_gaps` is `knowledge_gap_extraction`, `dreyfus` is `dreyfus_assessment`.
 */
export const prompts = {
  memory_retrieval_filter: memoryRetrievalFilterModule,
  coach_agent: coachAgentModule,
  knowledge_gap_extraction: knowledgeGapExtractionModule,
  dreyfus_assessment: dreyfusAssessmentModule,
  memory_summarisation: memorySummarisationModule,
  observer_triage: observerTriageModule,
  explain_this: explainThisModule,
  practice_review: practiceReviewModule,
  explain_back_grading: explainBackGradingModule,
  issue_assessment: issueAssessmentModule,
  learning_materials: learningMaterialsModule,
  work_review: workReviewModule,
  manager_summary: managerSummaryModule,
} as const;

/** A `callType` of one of Paige's prompt modules. */
export type PromptCallType = keyof typeof prompts;

/** The prompt module of each wrap-up agent (protocol `WrapUpAgent`). @see primary Story 9 AS-4 */
export const WRAP_UP_AGENT_MODULES = {
  reflection: memorySummarisationModule,
  knowledge_gaps: knowledgeGapExtractionModule,
  dreyfus: dreyfusAssessmentModule,
} as const;

/** Upper bound of each module's user message, in characters (chars/4 ≈ tokens). */
export const USER_MESSAGE_LIMITS: Record<PromptCallType, number> = {
  memory_retrieval_filter: 16_000,
  coach_agent: 52_000,
  knowledge_gap_extraction: 40_000,
  dreyfus_assessment: 30_000,
  memory_summarisation: 28_000,
  observer_triage: 6_000,
  explain_this: 24_000,
  practice_review: 36_000,
  issue_assessment: 60_000,
  learning_materials: 8_000,
  work_review: 40_000,
  manager_summary: 8_000,
  explain_back_grading: 16_000,
};
