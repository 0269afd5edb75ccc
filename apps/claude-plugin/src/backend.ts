/**
 * A short-lived MCP session with the Paige backend, opened by a hook and always deleted before the hook exits
 * (DESIGN section 3: "Hooks delete the MCP sessions they open"). Uses the official SDK `Client` over
 * `StreamableHTTPClientTransport`; `terminateSession()` sends the HTTP DELETE that ends the session server-side.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { HookConfig } from './config.js';
import { BackendError } from './errors.js';
import { PLUGIN_VERSION } from './version.js';

export { BackendError, PLUGIN_VERSION };

/** A connected backend: call tools by name, get their JSON result. */
export interface Backend {
  /**
   * Call a Paige tool and return its result: `structuredContent` when present, else the first text block
   * parsed as JSON (or the raw text when it is not JSON).
   *
   * @throws BackendError `tool_error` when the tool reports `isError` (message = the tool's text).
   */
  call(name: string, args: Record<string, unknown>): Promise<unknown>;
}

/**
 * Open an MCP session, run `fn`, and delete the session (DELETE /mcp) and close the transport, whatever happens.
 *
 * @throws BackendError `unreachable` when the session cannot be opened within `config.connectTimeoutMs`.
 */
export async function withBackend<T>(config: HookConfig, fn: (backend: Backend) => Promise<T>): Promise<T> {
  const transport = new StreamableHTTPClientTransport(config.mcpUrl);
  const client = new Client({ name: 'paige-claude-plugin', version: PLUGIN_VERSION });
  try {
    try {
      await client.connect(transport, { timeout: config.connectTimeoutMs });
    } catch (error) {
      throw new BackendError(
        'unreachable',
        `Paige backend not reachable at ${config.mcpUrl.href} (${describe(error)})`,
      );
    }
    return await fn({
      call: async (name, args) => {
        const result = await client.callTool({ name, arguments: args }, undefined, {
          timeout: config.requestTimeoutMs,
        });
        const content = Array.isArray(result.content)
          ? (result.content as { type: string; text?: string }[])
          : [];
        const text = content.find((block) => block.type === 'text')?.text ?? '';
        if (result.isError === true) throw new BackendError('tool_error', text || `${name} failed`);
        if (result.structuredContent !== undefined) return result.structuredContent;
        try {
          return JSON.parse(text) as unknown;
        } catch {
          return text;
        }
      },
    });
  } finally {
    await closeQuietly(transport, client);
  }
}

async function closeQuietly(transport: StreamableHTTPClientTransport, client: Client): Promise<void> {
  if (transport.sessionId !== undefined) {
    await Promise.race([transport.terminateSession().catch(() => undefined), delay(1000)]);
  }
  await Promise.race([client.close().catch(() => undefined), delay(500)]);
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    const code =
      typeof cause === 'object' && cause !== null && 'code' in cause
        ? String((cause as { code: unknown }).code)
        : '';
    return code !== '' ? `${error.message}: ${code}` : error.message;
  }
  return String(error);
}
