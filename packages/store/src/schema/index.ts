/**
 * The Drizzle schema of the Paige database: 12 tables (Stories 2, 4 and 9; `learning_materials`, issue 20) and two
 * daily summaries of the logs that triggers keep (issue 20 item 8).
 */
export { sessions } from './sessions.js';
export { plans, phases, phaseHints, progressEvents } from './plans.js';
export { dreyfusAssessments, knowledgeGaps, kataSpecs, learningMaterials } from './learning.js';
export { actionLog, actionLogDaily, apiCallLog, apiCallLogDaily, sessionWrapUpErrors } from './logs.js';
export { kataRuns, practiceChallenges } from './practice.js';
export * from './team.js';
