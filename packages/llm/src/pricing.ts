/**
 * Model prices and cost estimation.
 * @see Story 7 AS-3 (cost_estimate from tokens x pricing); DESIGN section 5 (the real price table)
 */

/** Prices of one model in USD per million tokens. Cache prices default to 1.25x (write) and 0.1x (read) of input. */
export interface ModelPrice {
  input: number;
  output: number;
  cacheWrite?: number;
  cacheRead?: number;
}

/** Model id -> price. A dated id (`...-20251001`) also matches an entry without the date. */
export type PriceTable = Record<string, ModelPrice>;

/**
 * Token counts of one call (from the reply's `usage`). `webSearchRequests` is the number of web searches the
 * server tool ran (`usage.server_tool_use.web_search_requests`), present only when there were some.
 */
export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
  cacheCreationInputTokens: number;
  cacheReadInputTokens: number;
  webSearchRequests?: number;
}

/** Price of one web search request of the server tool, USD ($10 per 1,000 searches, platform pricing page). */
export const WEB_SEARCH_USD_PER_REQUEST = 0.01;

/**
 * The default price table (USD per million tokens, platform pricing page; 5-minute cache writes).
 * Overridden per key by `CreateLlmClientOptions.pricing` (the server's `CLAUDE_PRICING`).
 */
export const DEFAULT_PRICING: Readonly<PriceTable> = Object.freeze({
  'claude-opus-4-6': { input: 5, output: 25, cacheWrite: 6.25, cacheRead: 0.5 },
  'claude-opus-4-5': { input: 5, output: 25, cacheWrite: 6.25, cacheRead: 0.5 },
  'claude-sonnet-4-6': { input: 3, output: 15, cacheWrite: 3.75, cacheRead: 0.3 },
  'claude-sonnet-4-5': { input: 3, output: 15, cacheWrite: 3.75, cacheRead: 0.3 },
  'claude-haiku-4-5': { input: 1, output: 5, cacheWrite: 1.25, cacheRead: 0.1 },
});

/** Finds the price of `model` in `pricing`: exact id first, then the id without a trailing `-YYYYMMDD`. */
export function findPrice(model: string, pricing: PriceTable): ModelPrice | undefined {
  const exact = pricing[model];
  if (exact) return exact;
  const undated = model.replace(/-\d{8}$/, '');
  return undated === model ? undefined : pricing[undated];
}

/**
 * Cost of one call in USD: input, output, cache-write and cache-read tokens times their per-million prices, plus
 * {@link WEB_SEARCH_USD_PER_REQUEST} per web search request. Token cost is 0 when the model has no price (the client
 * logs a warning; never throws); searches are billed regardless of the model.
 * @see Story 7 AS-3
 */
export function estimateCost(
  model: string,
  usage: TokenUsage,
  pricing: PriceTable = DEFAULT_PRICING,
): number {
  const searches = (usage.webSearchRequests ?? 0) * WEB_SEARCH_USD_PER_REQUEST;
  const price = findPrice(model, pricing);
  if (!price) return searches;
  const cacheWrite = price.cacheWrite ?? price.input * 1.25;
  const cacheRead = price.cacheRead ?? price.input * 0.1;
  const micro =
    usage.inputTokens * price.input +
    usage.outputTokens * price.output +
    usage.cacheCreationInputTokens * cacheWrite +
    usage.cacheReadInputTokens * cacheRead;
  return micro / 1_000_000 + searches;
}
