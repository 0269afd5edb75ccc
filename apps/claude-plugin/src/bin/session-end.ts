/**
 * Hook program: SessionEnd (see `handleSessionEnd`). Done within `sessionEndBudgetMs` of the process start (900 ms by
 * default: Claude Code's 1.5 s SessionEnd allowance minus start-up and exit), whatever the backend does.
 */
import { resolveHookConfig } from '../config.js';
import { runHookProgram } from '../hook-io.js';
import { handleSessionEnd, parseSessionEndInput } from '../session-end.js';

const config = resolveHookConfig(process.env);
const deadlineAt = config.sessionEndBudgetMs;
await runHookProgram(
  'SessionEnd',
  (stdin) => handleSessionEnd(parseSessionEndInput(stdin), config, { deadlineAt }),
  (reason) => ({ output: null, notices: [`session not ended: ${reason}`], exitCode: 0 }),
  Math.max(20, deadlineAt - performance.now()),
);
