/**
 * A small real MCP server (official SDK `McpServer` + `StreamableHTTPServerTransport` on node:http, 127.0.0.1
 * port 0) standing in for the Paige backend until the hook tests switch to `createServer` from `@paige/server`.
 * It registers the three session tools the hooks call with @paige/protocol's MCP schemas (input and output shapes,
 * so every answer it gives is one the real backend could give), and records every tool call and
 * every HTTP DELETE (MCP session termination).
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { mcpTools, NO_ACTIVE_SESSION_MESSAGE, STATE_ITEMS } from '@paige/protocol';

export interface RecordedCall {
  name: string;
  args: Record<string, unknown>;
  mcpSessionId: string | undefined;
}

export interface TestBackendState {
  /** The active coaching session, or null. */
  active: { id: string; issueNumber: number | null; issueTitle: string | null } | null;
  phase: { id: string; number: number; title: string; status: string; hintLevel: string } | null;
  plan: { id: string; phases: { number: number; title: string; status: string }[] } | null;
  dreyfus: { skillArea: string; stage: string; confidence: number }[];
  openFiles: string[];
  diffs: { path: string; diff: string }[];
}

export interface TestBackend {
  url: string;
  calls: RecordedCall[];
  /** `Mcp-Session-Id` of every DELETE received. */
  deletes: string[];
  /** Every MCP session id the server created. */
  sessionsOpened: string[];
  state: TestBackendState;
  stop(): Promise<void>;
}

export async function startTestBackend(initial: Partial<TestBackendState> = {}): Promise<TestBackend> {
  const state: TestBackendState = {
    active: null,
    phase: null,
    plan: null,
    dreyfus: [],
    openFiles: [],
    diffs: [],
    ...initial,
  };
  const calls: RecordedCall[] = [];
  const deletes: string[] = [];
  const sessionsOpened: string[] = [];
  const transports = new Map<string, StreamableHTTPServerTransport>();

  const ok = (value: Record<string, unknown>) => ({
    content: [{ type: 'text' as const, text: JSON.stringify(value) }],
    structuredContent: value,
  });
  const error = (message: string) => ({ content: [{ type: 'text' as const, text: message }], isError: true });
  const buildServer = (sessionRef: { id?: string }): McpServer => {
    const server = new McpServer({ name: 'paige-test-backend', version: '0.0.0' });
    server.registerTool(
      'paige_start_session',
      {
        description: 'test stand-in',
        inputSchema: mcpTools.paige_start_session.inputShape,
        outputSchema: mcpTools.paige_start_session.outputShape,
      },
      async (args) => {
        calls.push({ name: 'paige_start_session', args, mcpSessionId: sessionRef.id });
        if (state.active !== null) return error(`A session is already active: ${state.active.id}`);
        state.active = {
          id: randomUUID(),
          issueNumber: args.issueNumber ?? null,
          issueTitle: args.issueTitle ?? null,
        };
        return ok({
          sessionId: state.active.id,
          status: 'active',
          startedAt: new Date().toISOString(),
          issueNumber: state.active.issueNumber,
          issueTitle: state.active.issueTitle,
        });
      },
    );
    server.registerTool(
      'paige_get_session_state',
      {
        description: 'test stand-in',
        inputSchema: mcpTools.paige_get_session_state.inputShape,
        outputSchema: mcpTools.paige_get_session_state.outputShape,
      },
      async (args) => {
        calls.push({ name: 'paige_get_session_state', args, mcpSessionId: sessionRef.id });
        if (state.active === null) return error(NO_ACTIVE_SESSION_MESSAGE);
        const now = new Date().toISOString();
        const all = {
          open_files: state.openFiles,
          buffers: state.diffs.map((d) => ({
            path: d.path,
            content: '',
            cursorPosition: { line: 1, column: 1 },
            selections: [],
            dirty: true,
            lastUpdated: now,
          })),
          diffs: state.diffs,
          phase: state.phase,
          plan: state.plan,
          progress: [],
          hints: { fileHints: [], lineHints: [] },
          session: {
            id: state.active.id,
            projectDir: '/p',
            issueNumber: state.active.issueNumber,
            issueTitle: state.active.issueTitle,
            status: 'active',
            startedAt: now,
          },
          dreyfus: state.dreyfus,
        };
        const include = args.include === undefined || args.include.length === 0 ? STATE_ITEMS : args.include;
        return ok(Object.fromEntries(include.map((k) => [k, all[k]])));
      },
    );
    server.registerTool(
      'paige_end_session',
      {
        description: 'test stand-in',
        inputSchema: mcpTools.paige_end_session.inputShape,
        outputSchema: mcpTools.paige_end_session.outputShape,
      },
      async (args) => {
        calls.push({ name: 'paige_end_session', args, mcpSessionId: sessionRef.id });
        if (state.active === null) return error(NO_ACTIVE_SESSION_MESSAGE);
        const id = state.active.id;
        state.active = null;
        return ok({
          sessionId: id,
          sessionStatus: 'completed',
          errors: [],
          pending: args.wait === false,
          knowledgeGaps: 0,
          kataSpecs: 0,
          dreyfusUpdates: 0,
          memoriesStored: 0,
        });
      },
    );
    return server;
  };

  const http = createServer((req, res) => {
    void (async () => {
      if (!(req.url ?? '').startsWith('/mcp')) {
        res.writeHead(404).end();
        return;
      }
      const header = req.headers['mcp-session-id'];
      const sid = typeof header === 'string' ? header : undefined;
      if (req.method === 'DELETE' && sid !== undefined) deletes.push(sid);
      let transport = sid === undefined ? undefined : transports.get(sid);
      if (transport === undefined) {
        if (sid !== undefined || req.method !== 'POST') {
          res.writeHead(sid === undefined ? 400 : 404).end();
          return;
        }
        const ref: { id?: string } = {};
        const created: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
          sessionIdGenerator: () => randomUUID(),
          onsessioninitialized: (id) => {
            ref.id = id;
            sessionsOpened.push(id);
            transports.set(id, created);
          },
          onsessionclosed: (id) => {
            transports.delete(id);
          },
        });
        transport = created;
        await buildServer(ref).connect(created);
      }
      await transport.handleRequest(req, res);
    })().catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500).end(String(err));
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    deletes,
    sessionsOpened,
    state,
    stop: async () => {
      for (const t of transports.values()) await t.close().catch(() => undefined);
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
