/** The Drizzle schema of the Paige database: 12 tables (Stories 2, 4 and 9; `learning_materials`, issue 20). */
export { sessions } from './sessions.js';
export { plans, phases, phaseHints, progressEvents } from './plans.js';
export { dreyfusAssessments, knowledgeGaps, kataSpecs, learningMaterials } from './learning.js';
export { actionLog, apiCallLog, sessionWrapUpErrors } from './logs.js';
