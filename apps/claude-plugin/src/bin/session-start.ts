/** Hook program: SessionStart (see `handleSessionStart`). Budget 4 s, below the 10 s timeout in hooks.json. */
import { resolveHookConfig } from '../config.js';
import { handleSessionStart, sessionStartOffline } from '../handlers.js';
import { parseHookInput, SessionStartInputSchema } from '../hook-input.js';
import { runHookProgram } from '../hook-io.js';

const config = resolveHookConfig(process.env);
await runHookProgram(
  'SessionStart',
  (stdin) => handleSessionStart(parseHookInput(SessionStartInputSchema, stdin), config),
  sessionStartOffline,
  4000,
);
