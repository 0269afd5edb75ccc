/** Hook program: SessionEnd (see `handleSessionEnd`). Budget 4 s, below the 10 s timeout in hooks.json. */
import { resolveHookConfig } from '../config.js';
import { handleSessionEnd } from '../handlers.js';
import { parseHookInput, SessionEndInputSchema } from '../hook-input.js';
import { runHookProgram } from '../hook-io.js';

const config = resolveHookConfig(process.env);
await runHookProgram(
  'SessionEnd',
  (stdin) => handleSessionEnd(parseHookInput(SessionEndInputSchema, stdin), config),
  (reason) => ({ output: null, notices: [`session not ended: ${reason}`], exitCode: 0 }),
  4000,
);
