/**
 * zod schemas for the hook inputs of the backend-talking hooks (field list: Claude Code hooks reference, "Hook
 * input"; see `hook-io.ts`). Unknown fields are ignored; missing ones take defaults.
 */
import { z } from 'zod';

const CommonInput = z.object({
  session_id: z.string().default(''),
  transcript_path: z.string().optional(),
  cwd: z.string().optional(),
  hook_event_name: z.string().optional(),
});

/** SessionStart input (`source` says why the session (re)started). */
export const SessionStartInputSchema = CommonInput.extend({
  source: z.string().default('startup'),
});
export type SessionStartInput = z.infer<typeof SessionStartInputSchema>;

/** UserPromptSubmit input. */
export const UserPromptSubmitInputSchema = CommonInput.extend({ prompt: z.string().default('') });
export type UserPromptSubmitInput = z.infer<typeof UserPromptSubmitInputSchema>;

/** SessionEnd input: parsed without zod in `session-end.ts` (`parseSessionEndInput`), to keep that bundle small. */

/** Parse stdin text as the given hook input; malformed input yields the schema's defaults. */
export function parseHookInput<T extends z.ZodType>(schema: T, text: string): z.infer<T> {
  let raw: unknown;
  try {
    raw = text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    raw = {};
  }
  const parsed = schema.safeParse(raw);
  return parsed.success ? parsed.data : schema.parse({});
}
