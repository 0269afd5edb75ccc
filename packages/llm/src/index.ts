/**
 * `@paige/llm`: the Claude API client (`createLlmClient`, `callApi<T>()`), model resolution, pricing, the error
 * classes and the prompt-module convention. The Messages-API stand-in lives in `@paige/llm/testing`.
 * @see Story 7
 */
export { createLlmClient, hashUserMessage } from './client.js';
export type {
  ApiCallRecord,
  CallApiParams,
  CallApiResult,
  CreateLlmClientOptions,
  LlmClient,
  LlmLogger,
  RunPromptOptions,
  WebCitation,
  WebSearchResult,
} from './client.js';
export {
  ApiAuthError,
  ApiContentFilterError,
  ApiError,
  ApiMaxTokensError,
  ApiNetworkError,
  ApiRateLimitError,
  ApiRefusalError,
  ApiRequestError,
  ApiServerError,
  ApiValidationError,
} from './errors.js';
export type { ApiErrorCode, ApiErrorOptions, ValidationIssue } from './errors.js';
export { DEFAULT_MODEL_MAPPING, resolveModel } from './models.js';
export { DEFAULT_PRICING, estimateCost, findPrice, WEB_SEARCH_USD_PER_REQUEST } from './pricing.js';
export type { ModelPrice, PriceTable, TokenUsage } from './pricing.js';
export { definePromptModule } from './prompt-module.js';
export type { ModelRef, PromptInput, PromptModule, PromptOutput } from './prompt-module.js';
