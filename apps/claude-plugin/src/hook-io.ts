/**
 * Claude Code's hook contract, as this plugin uses it.
 *
 * Followed: Claude Code "Hooks reference" (https://code.claude.com/docs/en/hooks), sections "Hook input" and
 * "Hook output":
 * - Command hooks receive one JSON object on stdin. Common fields: `session_id`, `transcript_path`, `cwd`,
 *   `hook_event_name` (plus `permission_mode` on some events). Per event: SessionStart `source`
 *   (`startup | resume | clear | compact`); UserPromptSubmit `prompt`; PreToolUse `tool_name`, `tool_input`
 *   (and `tool_use_id`); SessionEnd `reason` (`clear | logout | prompt_input_exit | other`, newer versions add more).
 * - Exit code 0: success, stdout is parsed as JSON when it is JSON. Exit code 2: blocking error (stderr goes to
 *   Claude). Any other code: non-blocking error. This plugin always exits 0 and decides through JSON.
 * - JSON output: common fields `continue`, `stopReason`, `suppressOutput`, `systemMessage` (shown to the user);
 *   `hookSpecificOutput: { hookEventName, additionalContext }` for SessionStart and UserPromptSubmit;
 *   `hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'allow' | 'deny' | 'ask',
 *   permissionDecisionReason }` for PreToolUse (the reason of a `deny` is shown to Claude).
 */
/** What a hook program prints and how it exits. */
export interface HookResult {
  /** JSON object printed on stdout, or `null` for no output (Claude Code then proceeds normally). */
  output: Record<string, unknown> | null;
  /** One-line notices printed on stderr (visible in Claude Code's debug / transcript view). */
  notices: string[];
  /** Always 0 in this plugin: hooks fail open, the guard decides through JSON. */
  exitCode: 0;
}

/** `hookSpecificOutput` carrying additional context for SessionStart / UserPromptSubmit. */
export function contextOutput(
  hookEventName: 'SessionStart' | 'UserPromptSubmit',
  additionalContext: string,
  systemMessage?: string,
): Record<string, unknown> {
  return {
    ...(systemMessage === undefined ? {} : { systemMessage }),
    hookSpecificOutput: { hookEventName, additionalContext },
  };
}

/** Read all of stdin (Claude Code closes it after writing the input JSON). */
export async function readStdin(stream: NodeJS.ReadableStream = process.stdin): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream)
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Run a hook program: read stdin, run `handler` under a hard deadline, print the result, exit.
 * On deadline or crash it prints `fallback` (fail open) and a one-line notice, and still exits 0.
 *
 * @param deadlineMs the whole program's budget (ms), below the `timeout` in hooks.json.
 */
export async function runHookProgram(
  name: string,
  handler: (stdin: string) => Promise<HookResult>,
  fallback: (reason: string) => HookResult,
  deadlineMs: number,
): Promise<never> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<HookResult>((resolve) => {
    timer = setTimeout(() => resolve(fallback(`gave up after ${deadlineMs} ms`)), deadlineMs);
  });
  let result: HookResult;
  try {
    const stdin = await Promise.race([readStdin(), deadline.then(() => '')]);
    result = await Promise.race([handler(stdin), deadline]);
  } catch (error) {
    result = fallback(error instanceof Error ? error.message : String(error));
  }
  clearTimeout(timer);
  for (const notice of result.notices) process.stderr.write(`[paige ${name}] ${notice}\n`);
  const text = result.output === null ? '' : `${JSON.stringify(result.output)}\n`;
  // Exit explicitly once stdout is flushed: a half-open socket must never keep the terminal waiting.
  process.stdout.write(text, () => process.exit(result.exitCode));
  return new Promise<never>(() => undefined);
}
