/**
 * The Paige MCP tools (Story 6 "Action Logging", issue 5): each feature defines its tools once, at composition, on
 * one {@link ToolRegistry}; every MCP session's `McpServer` gets them all. Every tool shares: input/output schemas
 * from `@paige/protocol`, MCP annotations (read-only hint, never destructive, closed world), `structuredContent`
 * plus a short text, an `mcp_tool_call` action with an argument summary (never file contents), outcome and duration,
 * and readable `isError` results instead of crashes.
 *
 * `tools/list` is answered from one list built once per process (issue 25 item 6): the SDK's own handler converts
 * every tool's zod schemas to JSON Schema on every request, which made listing 6x slower than a plain SDK server.
 */
import { performance } from 'node:perf_hooks';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult, Tool, ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import type { ActionLog, Session } from '@paige/store';
import { z } from 'zod';
import type { Logger } from '../logger.js';
import type { SessionService } from '../services/session-service.js';

/** Result of a tool handler: the structured object and a one-line text rendering. */
export interface ToolOutput<O> {
  structured: O;
  text: string;
}

/** Declaration of one tool. */
export interface ToolSpec<I extends z.ZodObject, O extends z.ZodObject> {
  name: string;
  title: string;
  /** Written for the model: what it does, when to call it, what it returns. */
  description: string;
  input: I;
  output: O;
  /** True for tools that only read state (`readOnlyHint`). */
  readOnly: boolean;
  /** When true the tool fails with "No active session" unless a coaching session is active. */
  needsSession: boolean;
  /** Argument summary for the action log; default: the argument names and short scalar values. */
  summarize?: (args: z.infer<I>) => Record<string, unknown>;
}

/** Context passed to a tool handler. */
export interface ToolCall {
  /** The active session when `needsSession` (else the active session or null). */
  session: Session | null;
  signal: AbortSignal;
}

/** Message of the error returned when a session-scoped tool runs without a session (issue 5). */
export const NO_SESSION_MESSAGE = 'No active session: call paige_start_session first';

/** Appended to the description of every tool that needs a session, so the model knows before it calls. */
export const SESSION_REQUIRED_NOTE = `Needs an active coaching session; without one it fails with "${NO_SESSION_MESSAGE}".`;

/** Summarises arguments for the log: scalars up to 120 chars, arrays by length, long strings by size. */
export function summarizeArgs(args: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(args)) {
    if (typeof v === 'string') out[k] = v.length > 120 ? `<${v.length} chars>` : v;
    else if (Array.isArray(v)) out[k] = `<${v.length} items>`;
    else if (v && typeof v === 'object') out[k] = '<object>';
    else out[k] = v;
  }
  return out;
}

function errorMessage(err: unknown, tool: string): { message: string; expected: boolean } {
  if (
    err &&
    typeof err === 'object' &&
    'code' in err &&
    typeof (err as { code: unknown }).code === 'string' &&
    err instanceof Error
  ) {
    return { message: err.message, expected: true };
  }
  return {
    message: `${tool} failed because of an internal error; the details are in the server log`,
    expected: false,
  };
}

/** A tool's registration as the SDK's `registerTool` takes it. */
interface ToolConfig {
  title: string;
  description: string;
  inputSchema: z.ZodObject;
  outputSchema: z.ZodObject;
  annotations: ToolAnnotations;
}
type ToolCallback = (args: unknown, extra: { signal: AbortSignal }) => Promise<CallToolResult>;

/**
 * `McpServer.registerTool` with its generic callback type erased: the SDK infers argument types from a
 * literal schema, which a generic helper cannot give it; arguments are validated by the SDK before the
 * callback runs either way.
 */
type RegisterTool = (name: string, config: ToolConfig, cb: ToolCallback) => unknown;

/** A tool handler: the parsed arguments and the call's session and signal in, the output (or a thrown error) out. */
export type ToolHandler<I extends z.ZodObject, O extends z.ZodObject> = (
  args: z.infer<I>,
  call: ToolCall,
) => Promise<ToolOutput<z.infer<O>>> | ToolOutput<z.infer<O>>;

/** Where the features define their MCP tools (once), and what each MCP session's server is given. */
export interface ToolRegistry {
  /** Adds one tool; see the module comment. @throws Error for a name defined twice. */
  define<I extends z.ZodObject, O extends z.ZodObject>(
    spec: ToolSpec<I, O>,
    handler: ToolHandler<I, O>,
  ): void;
  /** Registers every tool on a session's `McpServer`. */
  registerOn(server: McpServer): void;
  /** The `tools/list` entries, with their JSON Schemas: built on the first call, then the same array. */
  list(): Tool[];
  /** The tool names, in definition order. */
  readonly names: readonly string[];
}

/** The parts every tool call uses: the active session, the deferred action log, the server log. */
export interface ToolRegistryDeps {
  sessions: Pick<SessionService, 'active'>;
  actionLog: Pick<ActionLog, 'logDeferred'>;
  logger: Logger;
}

interface Entry {
  name: string;
  config: ToolConfig;
  callback: ToolCallback;
}

/** Creates the (empty) registry. */
export function createToolRegistry(deps: ToolRegistryDeps): ToolRegistry {
  const entries: Entry[] = [];
  let listed: Tool[] | undefined;
  return {
    define(spec, handler) {
      if (entries.some((e) => e.name === spec.name))
        throw new Error(`MCP tool ${spec.name} is defined twice`);
      listed = undefined;
      entries.push(toolEntry(deps, spec, handler));
    },
    registerOn(server) {
      const register = server.registerTool.bind(server) as RegisterTool;
      for (const e of entries) register(e.name, e.config, e.callback);
    },
    list() {
      // The same conversion as the SDK's own `tools/list` (zod 4's JSON Schema, draft-07; input and output views).
      listed ??= entries.map((e) => ({
        name: e.name,
        title: e.config.title,
        description: e.config.description,
        inputSchema: z.toJSONSchema(e.config.inputSchema, {
          target: 'draft-7',
          io: 'input',
        }) as Tool['inputSchema'],
        outputSchema: z.toJSONSchema(e.config.outputSchema, {
          target: 'draft-7',
          io: 'output',
        }) as Tool['outputSchema'],
        annotations: e.config.annotations,
      }));
      return listed;
    },
    get names() {
      return entries.map((e) => e.name);
    },
  };
}

function toolEntry<I extends z.ZodObject, O extends z.ZodObject>(
  deps: ToolRegistryDeps,
  spec: ToolSpec<I, O>,
  handler: ToolHandler<I, O>,
): Entry {
  return {
    name: spec.name,
    config: {
      title: spec.title,
      description: spec.needsSession ? `${spec.description} ${SESSION_REQUIRED_NOTE}` : spec.description,
      inputSchema: spec.input,
      outputSchema: spec.output,
      annotations: {
        title: spec.title,
        readOnlyHint: spec.readOnly,
        destructiveHint: false,
        idempotentHint: spec.readOnly,
        openWorldHint: false,
      },
    },
    callback: async (rawArgs, extra): Promise<CallToolResult> => {
      const args = (rawArgs ?? {}) as z.infer<I>;
      const started = performance.now();
      const session = deps.sessions.active();
      const argSummary = spec.summarize
        ? spec.summarize(args)
        : summarizeArgs(args as Record<string, unknown>);
      // The row is written off the request path (`ActionLog.logDeferred`): logging must not show in the round trip
      // Claude Code waits for (DESIGN section 8). The duration is taken now.
      const log = (outcome: 'success' | 'error', error?: string) => {
        const durationMs = Math.round((performance.now() - started) * 100) / 100;
        deps.actionLog.logDeferred({
          actionType: 'mcp_tool_call',
          data: {
            toolName: spec.name,
            sessionId: session?.id ?? null,
            args: argSummary,
            outcome,
            durationMs,
            ...(error ? { error } : {}),
          },
          sessionId: session?.id ?? null,
        });
      };
      if (spec.needsSession && !session) {
        log('error', NO_SESSION_MESSAGE);
        return { content: [{ type: 'text' as const, text: NO_SESSION_MESSAGE }], isError: true };
      }
      try {
        const out = await handler(args, { session, signal: extra.signal });
        log('success');
        return {
          content: [{ type: 'text' as const, text: out.text }],
          structuredContent: out.structured as Record<string, unknown>,
        };
      } catch (err) {
        const { message, expected } = errorMessage(err, spec.name);
        if (expected)
          deps.logger.info({ tool: spec.name, err: (err as Error).message }, 'tool returned an error');
        else deps.logger.error({ err, tool: spec.name }, 'tool failed');
        log('error', message);
        return { content: [{ type: 'text' as const, text: message }], isError: true };
      }
    },
  };
}
