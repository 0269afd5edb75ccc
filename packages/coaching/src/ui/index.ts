/** The UI-driven flows of Stories 11 and 12 (Explain This, Practice Review, dashboard), dependencies as arguments. */
export * from './shared.js';
export * from './explain.js';
export * from './practice.js';
export * from './dashboard.js';
export * from './review-work.js';
