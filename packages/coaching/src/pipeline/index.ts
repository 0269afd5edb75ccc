/**
 * Orchestration of Story 9: the coaching pipeline (`runCoachingPipeline`) and the session wrap-up
 * (`runWrapUp`, `retryWrapUp`). Store, model client and memory store are passed in; nothing is global.
 */
export * from './shared.js';
export * from './run-coaching-pipeline.js';
export * from './wrap-up.js';
