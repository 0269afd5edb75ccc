/**
 * Error classes of `@paige/llm`. Every failure of a model call surfaces as an {@link ApiError} subclass with a
 * stable string `code`, an optional HTTP `statusCode` and a `retryable` flag.
 *
 * @see Story 7 "API Error Types"
 */

/** Stable codes carried by {@link ApiError.code}. */
export type ApiErrorCode =
  | 'API_REFUSAL'
  | 'API_MAX_TOKENS'
  | 'API_CONTENT_FILTER'
  | 'API_RATE_LIMIT'
  | 'API_SERVER_ERROR'
  | 'API_NETWORK_ERROR'
  | 'API_VALIDATION_ERROR'
  | 'API_AUTH_ERROR'
  | 'API_REQUEST_ERROR'
  | 'API_ABORTED'
  | 'API_UNEXPECTED_STOP';

/** Options shared by every {@link ApiError} constructor. */
export interface ApiErrorOptions {
  statusCode?: number;
  retryable?: boolean;
  cause?: unknown;
}

/**
 * Base class: `{ message, statusCode?, retryable, code }`. Thrown directly for aborts (`API_ABORTED`) and
 * unexpected stop reasons (`API_UNEXPECTED_STOP`, e.g. `pause_turn`).
 * @see Story 7 "all extend base ApiError with { message, statusCode?, retryable }"
 */
export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly statusCode: number | undefined;
  readonly retryable: boolean;

  constructor(code: ApiErrorCode, message: string, options: ApiErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ApiError';
    this.code = code;
    this.statusCode = options.statusCode;
    this.retryable = options.retryable ?? false;
  }
}

/**
 * The model refused (`stop_reason: "refusal"`). Not retryable. `explanation` is the API's refusal explanation
 * (`stop_details.explanation`) or the refusal text, when present; `category` is the policy category, if any.
 * @see Story 7 AS-5
 */
export class ApiRefusalError extends ApiError {
  readonly explanation: string | null;
  readonly category: string | null;
  constructor(explanation: string | null, category: string | null = null) {
    super(
      'API_REFUSAL',
      explanation ? `Model refused to respond: ${explanation}` : 'Model refused to respond',
    );
    this.name = 'ApiRefusalError';
    this.explanation = explanation;
    this.category = category;
  }
}

/**
 * The reply was truncated: `stop_reason` `max_tokens` (raise `maxTokens`) or `model_context_window_exceeded`
 * (shrink the prompt). Not retryable.
 * @see Story 7 AS-6
 */
export class ApiMaxTokensError extends ApiError {
  readonly stopReason: 'max_tokens' | 'model_context_window_exceeded';
  constructor(stopReason: 'max_tokens' | 'model_context_window_exceeded', maxTokens: number) {
    super(
      'API_MAX_TOKENS',
      stopReason === 'max_tokens'
        ? `Response truncated at max_tokens (${maxTokens}); raise maxTokens or reduce the prompt`
        : 'Response stopped: the model context window was exceeded; reduce the prompt',
    );
    this.name = 'ApiMaxTokensError';
    this.stopReason = stopReason;
  }
}

/**
 * Content policy stop (`stop_reason: "content_filter"`). Kept for the spec; the current Messages API has no such
 * stop reason, so it is only thrown if a server ever returns it. Not retryable.
 */
export class ApiContentFilterError extends ApiError {
  constructor(message = 'Response blocked by the content filter') {
    super('API_CONTENT_FILTER', message);
    this.name = 'ApiContentFilterError';
  }
}

/** HTTP 429. Retryable; `retryAfterMs` is the server's `retry-after` when it sent one. */
export class ApiRateLimitError extends ApiError {
  readonly retryAfterMs: number | undefined;
  constructor(message: string, retryAfterMs?: number, cause?: unknown) {
    super('API_RATE_LIMIT', message, { statusCode: 429, retryable: true, cause });
    this.name = 'ApiRateLimitError';
    this.retryAfterMs = retryAfterMs;
  }
}

/** HTTP 5xx, including 529 `overloaded_error`. Retryable. */
export class ApiServerError extends ApiError {
  readonly retryAfterMs: number | undefined;
  constructor(message: string, statusCode: number, retryAfterMs?: number, cause?: unknown) {
    super('API_SERVER_ERROR', message, { statusCode, retryable: true, cause });
    this.name = 'ApiServerError';
    this.retryAfterMs = retryAfterMs;
  }
}

/** Connection refused/reset/dropped, or the request timed out (`timeoutMs`, HTTP 408). Retryable. */
export class ApiNetworkError extends ApiError {
  readonly timedOut: boolean;
  constructor(message: string, timedOut: boolean, cause?: unknown, statusCode?: number) {
    super('API_NETWORK_ERROR', message, { retryable: true, cause, statusCode });
    this.name = 'ApiNetworkError';
    this.timedOut = timedOut;
  }
}

/** One problem found when validating the model output. `path` is the zod issue path (`[]` = the root). */
export interface ValidationIssue {
  path: (string | number)[];
  message: string;
}

/**
 * The reply text was not JSON or failed the zod schema. Not retryable. `issues` lists the failing paths.
 * @see Story 7 "ApiValidationError"
 */
export class ApiValidationError extends ApiError {
  readonly issues: ValidationIssue[];
  constructor(issues: ValidationIssue[], cause?: unknown) {
    const summary = issues
      .slice(0, 5)
      .map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`)
      .join('; ');
    super('API_VALIDATION_ERROR', `Structured output failed schema validation: ${summary}`, { cause });
    this.name = 'ApiValidationError';
    this.issues = issues;
  }
}

/** HTTP 401/403: the API key is missing, invalid or lacks permission. Not retryable. */
export class ApiAuthError extends ApiError {
  constructor(message: string, statusCode: number, cause?: unknown) {
    super('API_AUTH_ERROR', message, { statusCode, cause });
    this.name = 'ApiAuthError';
  }
}

/** Any other 4xx (bad request, not found, payload too large, ...). Not retryable except 409 (conflict). */
export class ApiRequestError extends ApiError {
  constructor(message: string, statusCode: number, cause?: unknown) {
    super('API_REQUEST_ERROR', message, { statusCode, retryable: statusCode === 409, cause });
    this.name = 'ApiRequestError';
  }
}
