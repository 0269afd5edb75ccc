/**
 * @paige/protocol: the wire contract between the Paige backend, the Electron UI and Claude Code.
 * Browser-safe: depends on zod only.
 */
export * from './enums.js';
export * from './common.js';
export * from './actions.js';
