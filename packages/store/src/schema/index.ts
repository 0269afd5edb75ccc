/** The Drizzle schema of the Paige database: 11 tables (Stories 2, 4 and 9). */
export { sessions } from './sessions.js';
export { plans, phases, phaseHints, progressEvents } from './plans.js';
export { dreyfusAssessments, knowledgeGaps, kataSpecs } from './learning.js';
export { actionLog, apiCallLog, sessionWrapUpErrors } from './logs.js';
