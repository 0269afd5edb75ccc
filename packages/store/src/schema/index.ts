/**
 * The Drizzle schema of the Paige database: the 11 tables of Stories 2, 4 and 9, and two daily summaries of the logs
 * that triggers keep (issue 20 item 8).
 */
export { sessions } from './sessions.js';
export { plans, phases, phaseHints, progressEvents } from './plans.js';
export { dreyfusAssessments, knowledgeGaps, kataSpecs } from './learning.js';
export { actionLog, actionLogDaily, apiCallLog, apiCallLogDaily, sessionWrapUpErrors } from './logs.js';
