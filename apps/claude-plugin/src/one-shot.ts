/**
 * One MCP tool call in one HTTP request: a JSON-RPC `tools/call` POSTed to `/mcp` without a session, which the Paige
 * backend answers statelessly (see apps/server `mcp/sessions.ts`). For the SessionEnd hook, whose whole budget is
 * Claude Code's 1.5 s at exit: one round trip instead of initialize, initialized, call and DELETE, and no MCP SDK to
 * load (the bundle starts in about half the time).
 */
import { BackendError } from './errors.js';

/** The MCP protocol revision this request speaks (Streamable HTTP). */
export const ONE_SHOT_PROTOCOL_VERSION = '2025-06-18';

/** Options of {@link callToolOnce}. */
export interface CallToolOnceOptions {
  /** Give up after this long, ms (covers connecting, sending and the answer). */
  timeoutMs: number;
}

interface JsonRpcReply {
  result?: { isError?: boolean; structuredContent?: unknown; content?: { type: string; text?: string }[] };
  error?: { code: number; message: string };
}

/**
 * Calls tool `name` with `args` and returns its result (`structuredContent`, else the first text block parsed as
 * JSON, else the text).
 * @throws BackendError `unreachable` (no answer in time, connection refused, an HTTP error such as an older server's
 *   400), `tool_error` (the tool reported `isError` or a JSON-RPC error).
 */
export async function callToolOnce(
  mcpUrl: URL,
  name: string,
  args: Record<string, unknown>,
  opts: CallToolOnceOptions,
): Promise<unknown> {
  let response: Response;
  let text: string;
  try {
    response = await fetch(mcpUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'mcp-protocol-version': ONE_SHOT_PROTOCOL_VERSION,
      },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'tools/call',
        params: { name, arguments: args },
      }),
      signal: AbortSignal.timeout(Math.max(1, Math.floor(opts.timeoutMs))),
    });
    text = await response.text();
  } catch (error) {
    throw new BackendError(
      'unreachable',
      `Paige backend not reachable at ${mcpUrl.href} (${describe(error, opts.timeoutMs)})`,
    );
  }
  if (!response.ok) {
    throw new BackendError(
      'unreachable',
      `Paige backend at ${mcpUrl.href} answered HTTP ${response.status}${reason(text)}`,
    );
  }
  const reply = parseReply(text, response.headers.get('content-type') ?? '');
  if (!reply)
    throw new BackendError('unreachable', `Paige backend at ${mcpUrl.href} sent no JSON-RPC answer`);
  if (reply.error) throw new BackendError('tool_error', reply.error.message);
  const result = reply.result ?? {};
  const first = (result.content ?? []).find((block) => block.type === 'text')?.text ?? '';
  if (result.isError === true) throw new BackendError('tool_error', first || `${name} failed`);
  if (result.structuredContent !== undefined) return result.structuredContent;
  try {
    return JSON.parse(first) as unknown;
  } catch {
    return first;
  }
}

/** The JSON-RPC reply from a JSON body, or from the `data:` lines of a server-sent-events body. */
function parseReply(text: string, contentType: string): JsonRpcReply | null {
  const candidates = contentType.includes('text/event-stream')
    ? text
        .split('\n')
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(5).trim())
    : [text];
  for (const candidate of candidates) {
    try {
      const parsed = JSON.parse(candidate) as JsonRpcReply & { id?: unknown };
      if (parsed && typeof parsed === 'object' && ('result' in parsed || 'error' in parsed)) return parsed;
    } catch {
      // not JSON: next line
    }
  }
  return null;
}

function reason(body: string): string {
  try {
    const message = (JSON.parse(body) as { error?: { message?: string } }).error?.message;
    return message ? ` (${message})` : '';
  } catch {
    return '';
  }
}

function describe(error: unknown, timeoutMs: number): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError' || error.name === 'AbortError')
      return `no answer within ${Math.floor(timeoutMs)} ms`;
    const cause = (error as { cause?: { code?: unknown } }).cause;
    return cause?.code !== undefined ? `${error.message}: ${String(cause.code)}` : error.message;
  }
  return String(error);
}
