/** Why talking to the backend failed: `unreachable` (connect/initialize failed or timed out) or `tool_error`. */
export class BackendError extends Error {
  readonly code: 'unreachable' | 'tool_error';
  constructor(code: 'unreachable' | 'tool_error', message: string) {
    super(message);
    this.name = 'BackendError';
    this.code = code;
  }
}
