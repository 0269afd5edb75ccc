/**
 * `@paige/client/pty`: the framework-free half of the face's terminal (issue 25 item 2): the `/pty` socket client,
 * the page's flow control (`pty:pause` / `pty:resume` at the emulator's write watermarks), the timing of Observer
 * nudges into Claude Code and the record of each check-in (issue 23 item 3). No DOM, no xterm.js, no `node:`
 * import: a browser page, an Electron renderer or a Node script drives it, and tests inject a fake socket and clock.
 * @packageDocumentation
 */
export { openPtyConnection, splitInput } from './pty-connection.js';
export type {
  PtyClose,
  PtyConnection,
  PtyConnectionOptions,
  PtyConnectionState,
  PtyError,
  PtyExit,
  PtySocketLike,
  PtyStarted,
} from './pty-connection.js';
export { createWriteFlow, WRITE_FLOW_HIGH_WATER_BYTES, WRITE_FLOW_LOW_WATER_BYTES } from './write-flow.js';
export type { WriteFlow, WriteFlowOptions } from './write-flow.js';
export { createNudgeDelivery, draftAfterInput, formatNudgePrompt } from './nudge-delivery.js';
export type {
  NudgeDelivery,
  NudgeDeliveryOptions,
  NudgeHold,
  NudgeOutcome,
  NudgeTarget,
  ObserverNudge,
} from './nudge-delivery.js';
export {
  answerExcerpt,
  CHECK_IN_PREFIX,
  createCheckInRecorder,
  formatCheckInPrompt,
  SIGNAL_WORDS,
  terminalText,
} from './check-in.js';
export type { CheckInRecord, CheckInRecorder, CheckInRecorderOptions, CheckInStatus } from './check-in.js';
