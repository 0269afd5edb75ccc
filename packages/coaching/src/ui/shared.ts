/**
 * Helpers shared by the UI-driven flows (Explain This, Practice Review, dashboard): Dreyfus stage selection and
 * user-facing error messages.
 * @see primary Story 11 AS-2/AS-3/AS-10, Story 12 AS-11
 */
import type { LlmClient } from '@paige/llm';
import type { DreyfusStage } from '@paige/protocol';
import { WsErrorCodeSchema } from '@paige/protocol';
import type { WsErrorCode } from '@paige/protocol';

/** The part of the LLM client the flows use. */
export type FlowLlm = Pick<LlmClient, 'runPromptWithMeta' | 'resolveModel'>;

/** An assessment as the flows read it (`@paige/store` `DreyfusAssessment` fits). */
export interface StageRecord {
  skillArea: string;
  stage: DreyfusStage;
  /** 0..1 */
  confidence: number;
}

/** The stage chosen for a request and the skill area it came from (`null` when defaulted to novice). */
export interface PickedStage {
  stage: DreyfusStage;
  skillArea: string | null;
}

const EXTENSION_WORDS: Record<string, string[]> = {
  ts: ['typescript', 'javascript', 'node'],
  tsx: ['typescript', 'react', 'javascript', 'frontend'],
  js: ['javascript', 'node'],
  jsx: ['javascript', 'react', 'frontend'],
  mjs: ['javascript', 'node'],
  cjs: ['javascript', 'node'],
  py: ['python'],
  rs: ['rust'],
  go: ['go', 'golang'],
  java: ['java'],
  rb: ['ruby'],
  css: ['css', 'styling', 'frontend'],
  scss: ['css', 'styling', 'frontend'],
  html: ['html', 'frontend'],
  sql: ['sql', 'database'],
  md: ['documentation', 'markdown'],
};

function words(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^a-z0-9+#]+/)
    .filter((w) => w.length > 1);
}

/**
 * Picks the most relevant Dreyfus stage for a request: the assessment whose skill area shares the most words with
 * the hints (file path segments, the language id, words implied by the extension, a topic), ties broken by
 * confidence. No assessment matching (or none at all) gives `novice` (discovery Story 11 flow step 4, EC-80).
 * @see primary Story 11 AS-2/AS-3
 */
export function pickDreyfusStage(
  assessments: readonly StageRecord[],
  hints: { path?: string | null; language?: string | null; topic?: string | null },
): PickedStage {
  const hintWords = new Set<string>();
  for (const w of words(hints.path ?? '')) hintWords.add(w);
  for (const w of words(hints.language ?? '')) hintWords.add(w);
  for (const w of words(hints.topic ?? '')) hintWords.add(w);
  const ext = (hints.path ?? '').split('.').pop()?.toLowerCase() ?? '';
  for (const w of EXTENSION_WORDS[ext] ?? []) hintWords.add(w);
  let best: { record: StageRecord; score: number } | null = null;
  for (const record of assessments) {
    const score = words(record.skillArea).filter((w) => hintWords.has(w)).length;
    if (score === 0) continue;
    if (!best || score > best.score || (score === best.score && record.confidence > best.record.confidence))
      best = { record, score };
  }
  return best
    ? { stage: best.record.stage, skillArea: best.record.skillArea }
    : { stage: 'novice', skillArea: null };
}

/** A readable failure: `message` for a toast, `code` a wire error code when one applies. */
export interface UserFacingError {
  message: string;
  code?: WsErrorCode;
}

const API_MESSAGES: Record<string, string> = {
  API_RATE_LIMIT: 'the AI service is busy (rate limited); please try again in a minute',
  API_SERVER_ERROR: 'the AI service is having problems right now; please try again shortly',
  API_NETWORK_ERROR: 'the AI service could not be reached; check your network connection',
  API_REFUSAL: 'the AI model declined to answer this request',
  API_MAX_TOKENS: 'the AI reply was too long and got cut off; try a smaller selection',
  API_VALIDATION_ERROR: 'the AI reply was not in the expected format; please try again',
  API_AUTH_ERROR: 'the Anthropic API key was rejected; check ANTHROPIC_API_KEY',
  API_REQUEST_ERROR: 'the AI service rejected the request',
};

/**
 * Turns any error into a user-facing message prefixed by `what` (e.g. "Could not explain this code"). Errors
 * carrying a wire error code (`BUDGET_EXCEEDED`, `GH_*`, `KATA_NOT_FOUND`, ...) keep it; `@paige/llm` codes get
 * plain wording; anything else gets a generic message (details stay in the server log).
 * @see primary Story 11 AS-10
 */
export function toUserFacingError(err: unknown, what: string): UserFacingError {
  const code =
    typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string'
      ? err.code
      : undefined;
  const message = err instanceof Error ? err.message : String(err);
  const wire =
    code !== undefined && WsErrorCodeSchema.safeParse(code).success ? (code as WsErrorCode) : undefined;
  if (code === 'BUDGET_EXCEEDED' || code?.startsWith('GH_') === true || code === 'KATA_NOT_FOUND') {
    return { message: clampMessage(message), ...(wire ? { code: wire } : {}) };
  }
  if (code !== undefined && code in API_MESSAGES) {
    return {
      message: clampMessage(`${what}: ${API_MESSAGES[code] ?? 'the AI call failed'}.`),
      ...(wire ? { code: wire } : {}),
    };
  }
  return {
    message: clampMessage(`${what}: something went wrong on Paige's side. Please try again.`),
    code: 'INTERNAL_ERROR',
  };
}

function clampMessage(text: string): string {
  const t = text.trim() || 'Something went wrong.';
  return t.length > 4000 ? `${t.slice(0, 3997)}...` : t;
}

/** Trims and cuts a label to `max` characters, `null` when empty. */
export function label(text: string, max = 512): string | null {
  const t = text.replace(/\s+/g, ' ').trim();
  if (t.length === 0) return null;
  return t.length > max ? t.slice(0, max) : t;
}

/** Cuts prose to `max` characters. */
export function prose(text: string, max = 20_000): string {
  return text.length > max ? text.slice(0, max) : text;
}
