/**
 * The prompt-module convention (discovery spec, Story 7 "Prompt Template Modules"): every model-backed
 * feature is one module exporting a system prompt, a zod response schema, an input-assembly function
 * and the response type. Modules live in `@paige/coaching` (`src/prompts/`); this package only defines
 * the shape and runs them through `callApi`.
 */
import type { z } from 'zod';

/** A model alias (`sonnet`, `haiku`, resolved by the client's model mapping) or a full model id. */
export type ModelRef = 'sonnet' | 'haiku' | (string & {});

/**
 * One prompt module.
 * @typeParam Input - what the caller provides (already gathered from SQLite, memory, buffers).
 * @typeParam Output - the validated structured reply.
 */
export interface PromptModule<Input, Output> {
  /** `api_call_log.call_type`, e.g. `coach_agent`, `observer_triage`. */
  readonly callType: string;
  /** Model alias or id. */
  readonly model: ModelRef;
  /** Upper bound on output tokens for one call. */
  readonly maxTokens: number;
  /** The system prompt (sent with `cache_control: ephemeral`). */
  readonly systemPrompt: string;
  /** zod schema of the structured reply; the request asks for it via `output_config.format`. */
  readonly responseSchema: z.ZodType<Output>;
  /** Builds the user message text from the input (bounded in size by the module). */
  assembleUserMessage(input: Input): string;
}

/** Identity helper that checks a module against {@link PromptModule} and keeps its literal types. */
export function definePromptModule<Input, Output>(
  module: PromptModule<Input, Output>,
): PromptModule<Input, Output> {
  return module;
}

/** The reply type of a prompt module. */
export type PromptOutput<M> = M extends PromptModule<unknown, infer O> ? O : never;
/** The input type of a prompt module. */
export type PromptInput<M> = M extends PromptModule<infer I, unknown> ? I : never;
