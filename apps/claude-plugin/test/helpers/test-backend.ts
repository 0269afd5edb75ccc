/**
 * The real Paige backend for the hook tests: `createServer` from `@paige/server` on 127.0.0.1 port 0 with a temp
 * project and data dir (Chroma and the file watcher off), and the Messages-API stand-in from `@paige/llm/testing`
 * as its model endpoint so a background wrap-up never leaves the machine. Tests arrange state through the real
 * services (session service, store repositories, workspace buffers) and assert on the real store: the action log
 * (`mcp_tool_call` rows name each tool the hooks called, with their argument summaries), the session rows, and the
 * live MCP session count (the hooks delete the MCP sessions they open).
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { startMessagesApiStub } from '@paige/llm/testing';
import type { MessagesApiStub } from '@paige/llm/testing';
import { createLogger, createServer, loadConfig } from '@paige/server';
import type { PaigeServer, ServerParts } from '@paige/server';
import { createPlan, getSession, updatePhaseStatus, upsertDreyfusAssessment } from '@paige/store';
import type { Session } from '@paige/store';
import type { DreyfusStage } from '@paige/protocol';

/** One `mcp_tool_call` row of the action log. */
export interface ToolCallRow {
  toolName: string;
  args: Record<string, unknown>;
  outcome: string;
  error?: string;
}

export interface TestBackend {
  url: string;
  projectDir: string;
  context: ServerParts;
  /** Every `mcp_tool_call` logged so far, oldest first. */
  toolCalls(): ToolCallRow[];
  /** Live MCP sessions on the server (0 once every hook deleted its own). */
  mcpSessionCount(): number;
  /** The active coaching session, or null. */
  active(): Session | null;
  session(id: string): Session | undefined;
  /** Starts a coaching session through the real session service. */
  startSession(input: { issueNumber?: number; issueTitle?: string }): Promise<Session>;
  /** Stores a plan for the active session and makes phase `activePhase` active. */
  plan(phases: { title: string; hintLevel?: 'off' | 'low' | 'medium' | 'high' }[], activePhase: number): void;
  /** Writes a project file and gives it a live buffer with `edited` content (a real diff). */
  editFile(path: string, onDisk: string, edited: string): Promise<void>;
  stop(): Promise<void>;
}

export async function startTestBackend(
  opts: { dreyfus?: { skillArea: string; stage: DreyfusStage; confidence: number }[] } = {},
): Promise<TestBackend> {
  const projectDir = await mkdtemp(join(tmpdir(), 'paige-plugin-project-'));
  const dataDir = await mkdtemp(join(tmpdir(), 'paige-plugin-data-'));
  await writeFile(join(projectDir, 'README.md'), '# demo project\n');
  const stub: MessagesApiStub = await startMessagesApiStub();
  const config = loadConfig({
    PROJECT_DIR: projectDir,
    DATA_DIR: dataDir,
    ANTHROPIC_API_KEY: 'sk-ant-plugin-test',
    ANTHROPIC_BASE_URL: stub.url,
    PORT: '0',
    LOG_LEVEL: 'silent',
    PAIGE_START_CHROMA: 'false',
    PAIGE_WATCH: 'false',
  });
  const server: PaigeServer = createServer(config, {
    logger: createLogger({ level: 'silent', pretty: false }),
  });
  await server.start();
  const ctx = server.parts;
  for (const a of opts.dreyfus ?? []) {
    upsertDreyfusAssessment(ctx.db, { ...a, evidence: 'seeded by the test' });
  }

  return {
    url: server.url,
    projectDir,
    context: ctx,
    toolCalls() {
      ctx.actionLog.flush();
      const rows = ctx.db.sqlite
        .prepare("SELECT data FROM action_log WHERE action_type = 'mcp_tool_call' ORDER BY id")
        .all() as { data: string }[];
      return rows.map((r) => JSON.parse(r.data) as ToolCallRow);
    },
    mcpSessionCount: () => server.mcpSessionCount,
    active: () => ctx.sessions.active(),
    session: (id) => getSession(ctx.db, id) ?? undefined,
    startSession: (input) => ctx.sessions.start(input),
    plan(phases, activePhase) {
      const session = ctx.sessions.active();
      if (session === null) throw new Error('plan() needs an active session');
      createPlan(ctx.db, {
        sessionId: session.id,
        phases: phases.map((p, i) => ({
          number: i + 1,
          title: p.title,
          description: `Phase ${i + 1}`,
          hintLevel: p.hintLevel ?? null,
        })),
      });
      updatePhaseStatus(ctx.db, { sessionId: session.id, phaseNumber: activePhase, status: 'active' });
    },
    async editFile(path, onDisk, edited) {
      await mkdir(dirname(join(projectDir, path)), { recursive: true });
      await writeFile(join(projectDir, path), onDisk);
      await ctx.workspace.openFile(path);
      await ctx.workspace.updateBuffer(path, { content: edited, cursorPosition: { line: 1, column: 1 } });
    },
    async stop() {
      await server.stop();
      await stub.stop();
      await rm(projectDir, { recursive: true, force: true });
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
