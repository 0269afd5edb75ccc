/**
 * `@paige/terminal`: pseudo-terminal sessions for Paige's terminal pane (issue 17), on node-pty. A session's whole
 * process group is hung up when it closes, at shutdown, and (through a watchdog process) when the server dies.
 */
export { createTerminalManager } from './manager.js';
export type {
  TerminalLogger,
  TerminalManager,
  TerminalManagerOptions,
  TerminalSpawnOptions,
} from './manager.js';
export type { TerminalExit, TerminalSession } from './session.js';
export { findExecutable, isExecutableFile, resolveTerminalCommand } from './command.js';
export type { ResolveTerminalCommandOptions, TerminalCommand, TerminalCommandKind } from './command.js';
export { assertTerminalSize, TERMINAL_LIMITS, TerminalError } from './errors.js';
export type { TerminalErrorCode } from './errors.js';
export { hangUpSession, sessionMembers, signalSession } from './process-tree.js';
