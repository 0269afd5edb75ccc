/**
 * Hook program: PreToolUse, the read-only guard (see `handlePreToolUse`). Needs no backend. If it crashes it denies
 * the call: the matcher in hooks.json sends only writing-capable tools (Write, Edit, MultiEdit, NotebookEdit, Bash)
 * here, so the guard fails closed.
 */
import { runHookProgram } from '../hook-io.js';
import { denyOutput, handlePreToolUse, parsePreToolUseInput } from '../pre-tool-use.js';

await runHookProgram(
  'PreToolUse',
  async (stdin) => handlePreToolUse(parsePreToolUseInput(stdin)),
  (reason) => ({
    output: denyOutput(`Paige's read-only guard could not check this call (${reason}), so it is blocked.`),
    notices: [reason],
    exitCode: 0,
  }),
  2000,
);
