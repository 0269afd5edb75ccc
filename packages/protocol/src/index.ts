/**
 * @paige/protocol: the wire contract between the Paige backend, the Electron UI and Claude Code.
 * Browser-safe: depends on zod only.
 */
export * from './enums.js';
export * from './common.js';
export * from './actions.js';
export * from './envelope.js';
export * from './catalog.js';
export * from './messages/connection.js';
export * from './messages/files.js';
export * from './messages/explorer.js';
export * from './messages/session.js';
export * from './messages/team.js';
export * from './messages/coaching.js';
export * from './messages/observer.js';
export * from './messages/practice.js';
export * from './messages/practice-run.js';
export * from './messages/dashboard.js';
export * from './messages/terminal.js';
export * from './messages/pty.js';
export * from './mcp.js';
export * from './json-schema.js';
