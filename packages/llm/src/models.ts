/**
 * Model alias resolution.
 * @see Story 7 AS-2 (sonnet -> claude-opus-4-6, haiku -> claude-haiku-4-5-20251001; CLAUDE_MODEL_MAPPING overrides)
 */

/** The spec's default alias mapping. */
export const DEFAULT_MODEL_MAPPING: Readonly<Record<string, string>> = Object.freeze({
  sonnet: 'claude-opus-4-6',
  haiku: 'claude-haiku-4-5-20251001',
});

/**
 * Resolves an alias to a full model id using `mapping` (defaults merged under it); anything that is not an alias
 * (a full model id) passes through unchanged.
 */
export function resolveModel(
  alias: string,
  mapping: Readonly<Record<string, string>> = DEFAULT_MODEL_MAPPING,
): string {
  return mapping[alias] ?? DEFAULT_MODEL_MAPPING[alias] ?? alias;
}
