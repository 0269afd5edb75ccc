/**
 * `@paige/team-client`: the learner's side of team mode (issue 26): join/leave a team server and the background
 * sender of the outbox. Node-only (the token file); depends on `@paige/team-protocol` and zod.
 */
export * from './sender.js';
export * from './credentials.js';
