/**
 * @paige/coaching: Paige's model-backed features. This part provides the prompt modules (Story 7 convention,
 * run through `@paige/llm`), bounded input assembly from session data, and the pure logic of the dashboard and
 * practice flows (`gh` issue listing, URL filtering, assessment cache, constraint unlocking).
 */
export * from './errors.js';
export * from './budget.js';
export * from './context/index.js';
export * from './prompts/index.js';
export * from './gh.js';
export * from './urls.js';
export * from './assessment-cache.js';
export * from './constraints.js';
export * from './solution-guard.js';
export * from './ui/index.js';
export * from './pipeline/index.js';
