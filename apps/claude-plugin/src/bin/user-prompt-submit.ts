/** Hook program: UserPromptSubmit (see `handleUserPromptSubmit`). Budget 2.5 s, below the 5 s timeout in hooks.json. */
import { resolveHookConfig } from '../config.js';
import { handleUserPromptSubmit } from '../handlers.js';
import { parseHookInput, UserPromptSubmitInputSchema } from '../hook-input.js';
import { runHookProgram } from '../hook-io.js';

const config = resolveHookConfig(process.env);
await runHookProgram(
  'UserPromptSubmit',
  (stdin) => handleUserPromptSubmit(parseHookInput(UserPromptSubmitInputSchema, stdin), config),
  (reason) => ({ output: null, notices: [`no editor context added: ${reason}`], exitCode: 0 }),
  2500,
);
