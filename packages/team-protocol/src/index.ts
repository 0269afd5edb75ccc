/**
 * `@paige/team-protocol`: the contract between a learner's Paige and a team server (issue 26). Browser-safe (zod
 * only), so the mentor's page and the learner's page can import it.
 */
export * from './records.js';
export * from './api.js';
export * from './sharing.js';
