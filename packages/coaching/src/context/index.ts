export * from './text.js';
export * from './actions.js';
export * from './transcript.js';
export * from './session.js';
