/**
 * The composition of one backend (STYLE 5; DESIGN section 2; issue 25 item 1): {@link composeServer} builds every
 * part once, in dependency order, and hands each feature only the parts it names, as plain arguments. No feature
 * reaches through a shared object, and nothing is asked for before it exists. Rules live in the packages: the daily
 * budget in `@paige/coaching/budget`, batched action-log writes in `@paige/store` (`createActionLog({ batch })`),
 * the Chroma lifecycle in `@paige/memory/service`, the prompts in `@paige/coaching`.
 *
 * Adding a feature (see also the README's "Adding a feature"): write `features/<name>.ts` exporting a factory that
 * takes an interface of the parts it uses (`createXFeature({ db, sessions, logAction })`) and returns a
 * `HandlerGroup` of its client messages and/or defines its MCP tools on `tools`; then call it below, in
 * "Features", with the parts it names. A model-backed feature is loaded on its first message with `lazyGroup`.
 */
import { join } from 'node:path';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { createBudget, type Budget } from '@paige/coaching/budget';
import type { LlmClient } from '@paige/llm';
import { createMemoryService, type MemoryService } from '@paige/memory/service';
import {
  createActionLog,
  createActivityBus,
  getApiCostSince,
  logApiCall,
  openDatabase,
  type ActionLog,
  type ActivityBus,
  type PaigeDatabase,
} from '@paige/store';
import { createWorkspace, type Watcher, type Workspace } from '@paige/workspace';
import type { ServerConfig } from './config.js';
import { installCoaching, defineCoachingTools } from './features/coaching.js';
import { createConnectionFeature, featureFlags } from './features/connection.js';
import { replyDashboardState } from './features/dashboard-state.js';
import { defineEditorTools } from './features/editor-tools.js';
import { createFileFeature } from './features/files.js';
import { createServerGuard } from './features/guard.js';
import { createHintFeature } from './features/hints.js';
import { createObserverFeature } from './features/observer.js';
import { defineProblemTools } from './features/problems.js';
import { createSessionFeature, defineSessionTools } from './features/session.js';
import { createWrapUpFeature } from './features/wrap-up.js';
import type { LiveComponents } from './health.js';
import type { Logger } from './logger.js';
import { createMcpServerFactory } from './mcp/server.js';
import { createToolRegistry, type ToolRegistry } from './mcp/tool-kit.js';
import {
  createResyncHooks,
  type BackgroundService,
  type Clock,
  type LlmSource,
  type LogAction,
} from './parts.js';
import { GhProbe, ModelKeyState } from './services/capabilities.js';
import { CoachingState } from './services/coaching-state.js';
import { createTeamSharing } from './features/team-sharing.js';
import { createTeamMembershipFeature } from './features/team-membership.js';
import { createTeamStatusFeature } from './features/team-status.js';
import { SessionService } from './services/session-service.js';
import { createKataRunner } from './services/kata-runner.js';
import { createPracticeRunFeature } from './features/practice-run.js';
import { UiState } from './services/ui-state.js';
import { CONCURRENT_MESSAGE_TYPES, lazyGroup, mapWireError } from './ws/handlers.js';
import { createBroadcaster, createWsHub, type WsHub } from './ws/hub.js';
import type { ClientHandlers } from './ws/hub.js';

/** The parts of a running backend (tests and benchmarks inspect the store, the sessions and the sockets through them). */
export interface ServerParts {
  readonly db: PaigeDatabase;
  readonly actionLog: ActionLog;
  readonly bus: ActivityBus;
  readonly workspace: Workspace;
  readonly sessions: SessionService;
  readonly ui: UiState;
  /** The session arc's in-memory state: pipeline progress, running wrap-ups, one-at-a-time requests (issue 23). */
  readonly arc: CoachingState;
  readonly hub: WsHub;
  readonly gh: GhProbe;
  readonly modelKey: ModelKeyState;
  readonly memory: MemoryService;
  readonly budget: Budget;
  readonly llm: LlmSource;
  readonly logAction: LogAction;
  readonly tools: ToolRegistry;
}

/** What {@link composeServer} built. */
export interface ComposedServer {
  readonly parts: ServerParts;
  /** Builds one MCP session's `McpServer` with every tool. */
  readonly createMcpServer: () => Promise<McpServer>;
  /** The model-backed features' modules and the model client, loaded by the warm-up once the loop is quiet. */
  readonly warmUpFeatures: Array<() => Promise<unknown>>;
  /** The in-memory states `/health` reports. */
  readonly health: LiveComponents;
  /** Starts the file watcher and the background services (after HTTP listens). */
  startBackground(): void;
  /** Stops the per-session services, the background services and the watcher, writes queued rows, closes the database. */
  close(): Promise<void>;
}

/**
 * Opens the database and the workspace, builds every part and feature, and recovers the session state of the
 * previous process (after the features registered their per-session hooks).
 */
export async function composeServer(
  config: ServerConfig,
  opts: { logger: Logger; now?: Clock },
): Promise<ComposedServer> {
  const { logger } = opts;
  const now = opts.now ?? (() => new Date());
  let closed = false;

  // --- Store: the database, the activity bus, the action log (batched writes: `@paige/store`).
  const dbLog = logger.child({ component: 'store' });
  const db = openDatabase(join(config.dataDir, 'paige.db'), {
    now,
    // checkpoints run in a worker thread: a commit never stalls the event loop (hardening soak)
    backgroundCheckpointMs: 1000,
    onCheckpointError: (message) =>
      dbLog.warn({ err: message }, 'background WAL checkpoint failed; retrying'),
  });
  const bus = createActivityBus();
  const actionLog = createActionLog({
    database: db,
    bus,
    now,
    batch: {
      onError: (err, row) =>
        logger.error({ err, actionType: row.actionType }, 'writing a deferred action failed'),
    },
  });

  // --- Workspace.
  let workspace: Workspace;
  try {
    workspace = await createWorkspace({
      projectDir: config.projectDir,
      maxFileBytes: config.maxFileBytes,
      maxBufferBytes: config.maxBufferBytes,
    });
  } catch (err) {
    db.close();
    throw err;
  }

  // --- Sessions and the action log's default session.
  const sessions = new SessionService({
    database: db,
    projectDir: config.projectDir,
    logger: logger.child({ component: 'sessions' }),
    now,
    logAction: (sessionId, actionType, data) => actionLog.logAction({ sessionId, actionType, data }),
  });
  const logAction: LogAction = (actionType, data, sessionId) =>
    void actionLog.logAction({
      sessionId: sessionId === undefined ? (sessions.active()?.id ?? null) : sessionId,
      actionType,
      data,
    });

  // --- Capabilities, the model client, the budget, the memory.
  const gh = new GhProbe({
    ghPath: config.ghPath,
    cwd: config.projectDir,
    timeoutMs: config.ghTimeoutMs,
    logger: logger.child({ component: 'gh' }),
  });
  const modelKey = new ModelKeyState(config.anthropicApiKey, config.anthropicBaseUrl !== undefined);
  let llmClient: Promise<LlmClient> | undefined;
  const llm: LlmSource = () =>
    (llmClient ??= import('@paige/llm').then(({ createLlmClient }) =>
      createLlmClient({
        apiKey: config.anthropicApiKey,
        ...(config.anthropicBaseUrl ? { baseURL: config.anthropicBaseUrl } : {}),
        ...(config.modelMapping ? { modelMapping: config.modelMapping } : {}),
        ...(config.pricing ? { pricing: config.pricing as never } : {}),
        logger: logger.child({ component: 'llm' }),
        onCall: (record) => {
          modelKey.record(record);
          if (closed) return;
          logApiCall(db, {
            sessionId: record.sessionId,
            callType: record.callType,
            model: record.model,
            inputHash: record.inputHash,
            latencyMs: record.latencyMs,
            inputTokens: record.inputTokens,
            outputTokens: record.outputTokens,
            costEstimate: record.costEstimate,
          });
        },
      }),
    ));
  const budget = createBudget({
    dailyUsd: config.dailyBudgetUsd,
    spentSince: (since) => getApiCostSince(db, since),
    now,
    onRefused: ({ call, spentUsd, budgetUsd }) =>
      logger.warn(
        { callType: call, spentUsd, budgetUsd },
        'daily budget exceeded: optional model call refused',
      ),
  });
  const memory = createMemoryService({
    chromaUrl: config.chromaUrl,
    startLocal: config.startLocalChroma,
    dataDir: join(config.dataDir, 'chroma'),
    logger: logger.child({ component: 'memory' }),
  });
  // Team sharing (issue 26): the outbox's background sender; the team server down only makes the outbox wait.
  const teamSharing = createTeamSharing({
    database: db,
    dataDir: config.dataDir,
    logger: logger.child({ component: 'team' }),
  });
  const services: BackgroundService[] = [
    { name: 'memory', start: () => memory.start(), stop: () => memory.stop() },
    { name: 'team-sharing', start: () => teamSharing.start(), stop: () => teamSharing.stop() },
  ];

  // --- What the features share: the UI state, the broadcaster, the resync hooks, the guard, the MCP tool registry.
  const ui = new UiState();
  const arc = new CoachingState();
  const broadcaster = createBroadcaster();
  const resync = createResyncHooks();
  const guard = createServerGuard({ db, sessions, workspace, logger, logAction });
  const tools = createToolRegistry({ sessions, actionLog, logger });

  // --- Features: each gets only the parts it names.
  installCoaching({ sessions, db, llm, memory, logger, logAction });
  defineSessionTools(tools, { sessions, arc });
  defineEditorTools(tools, { workspace, db, ui, hub: broadcaster, logAction, guard, sessions });
  defineProblemTools(tools, { ui, hub: broadcaster, logAction, guard });
  defineCoachingTools(tools, {
    sessions,
    db,
    llm,
    memory,
    logger,
    logAction,
    workspace,
    ui,
    hub: broadcaster,
    arc,
  });

  // Practice that runs (issue 24): the runner part (no model call, not budgeted) and its feature.
  const kataRunner = createKataRunner();
  services.push({ name: 'kata-runner', stop: () => kataRunner.stop() });
  const practiceRun = createPracticeRunFeature({ db, runner: kataRunner, sessions, logAction, logger });

  const explainDeps = { workspace, sessions, db, llm, budget, guard, logAction, logger, arc };
  const dashboardFlows = lazyGroup(['dashboard:request', 'dashboard:refresh_issues'], async () =>
    (await import('./features/dashboard.js')).createDashboardFeature({
      db,
      llm,
      memory,
      workspace,
      budget,
      logAction,
      logger,
      now,
      projectDir: config.projectDir,
      ghPath: config.ghPath,
      ghTimeoutMs: config.ghTimeoutMs,
      issueAssessmentTtlMs: config.issueAssessmentTtlMs,
    }),
  );
  const handlers: ClientHandlers = {
    ...createConnectionFeature({
      sessions,
      gh,
      now,
      maxPayloadBytes: config.wsMaxPayload,
      resync,
      flags: () =>
        featureFlags({
          modelKey,
          budget,
          memoryAvailable: memory.available,
          gh,
          watchFiles: config.watchFiles,
          terminal: config.terminal.enabled,
        }),
    }),
    ...createFileFeature({ workspace, sessions, actionLog, logAction, bus, now }),
    ...createSessionFeature({
      sessions,
      hub: broadcaster,
      workspace,
      ui,
      db,
      logger,
      now,
      resync,
      arc,
      logAction,
    }),
    ...createHintFeature({ db, sessions, hub: broadcaster, logAction }),
    ...createWrapUpFeature({
      db,
      sessions,
      hub: broadcaster,
      llm,
      budget,
      guard,
      logger,
      now,
      projectDir: config.projectDir,
      arc,
    }),
    ...createTeamStatusFeature({ db, sharing: teamSharing }),
    ...createTeamMembershipFeature({
      db,
      dataDir: config.dataDir,
      sharing: teamSharing,
      logger: logger.child({ component: 'team' }),
    }),
    ...createObserverFeature({
      db,
      sessions,
      bus,
      budget,
      llm,
      guard,
      hub: broadcaster,
      logAction,
      logger,
      resync,
      idleMs: config.observerIdleMs,
    }),
    ...lazyGroup(['user:explain', 'user:review'], async () =>
      (await import('./features/explain.js')).createExplainFeature(explainDeps),
    ),
    ...lazyGroup(['practice:submit_solution', 'practice:load_kata'], async () =>
      (await import('./features/practice.js')).createPracticeFeature({
        db,
        llm,
        sessions,
        guard,
        logAction,
        logger,
        runTests: practiceRun.runForReview,
      }),
    ),
    ...practiceRun.handlers,
    ...lazyGroup(['practice:load_challenge', 'practice:answer_quiz', 'practice:explain_back'], async () =>
      (await import('./features/challenges.js')).createChallengesFeature({
        db,
        llm,
        sessions,
        logAction,
        logger,
      }),
    ),
    // `dashboard:state` from SQLite at once (loaded with the server), then the lazily loaded model-backed flows.
    async 'dashboard:request'(payload, hctx) {
      replyDashboardState({ db, now, projectDir: config.projectDir }, payload, hctx.reply);
      await dashboardFlows['dashboard:request'](payload, hctx);
    },
    'dashboard:refresh_issues': dashboardFlows['dashboard:refresh_issues'],
  };

  // --- The /ws hub (fills the broadcaster's connection table) and the MCP servers.
  const hub = createWsHub({
    logger: logger.child({ component: 'ws' }),
    maxPayload: config.wsMaxPayload,
    handlers,
    mapError: mapWireError,
    concurrentTypes: CONCURRENT_MESSAGE_TYPES,
    broadcaster,
  });
  const createMcpServer = createMcpServerFactory(tools);

  await sessions.recover(config.sessionStaleMs);

  let watcher: Watcher | undefined;
  let watcherPhase: 'starting' | 'up' | 'down' = 'starting';
  return {
    parts: {
      db,
      actionLog,
      bus,
      workspace,
      sessions,
      ui,
      arc,
      hub,
      gh,
      modelKey,
      memory,
      budget,
      llm,
      logAction,
      tools,
    },
    createMcpServer,
    warmUpFeatures: [
      () => import('./features/dashboard.js'),
      () => import('./features/explain.js'),
      () => import('./features/practice.js'),
      () => import('./features/challenges.js'),
      () => llm(),
    ],
    health: {
      database: () => ({ status: closed ? 'down' : 'up' }),
      memory: () => memory.health(),
      watcher: () => ({ status: config.watchFiles ? watcherPhase : 'off' }),
    },
    startBackground() {
      if (config.watchFiles) {
        workspace
          .watch((event) => broadcaster.broadcast('fs:tree_update', event))
          .then(
            (w) => {
              watcher = w;
              watcherPhase = 'up';
              if (closed) {
                void w.close();
                return;
              }
              logger.info('file watcher ready');
            },
            (err: unknown) => {
              watcherPhase = 'down';
              logger.error({ err }, 'file watcher failed to start');
            },
          );
      }
      for (const s of services) {
        Promise.resolve(s.start?.()).catch((err: unknown) =>
          logger.error({ err, service: s.name }, 'service failed to start'),
        );
      }
    },
    async close() {
      if (closed) return;
      logger.info('shutdown: stopping session services');
      await sessions.drain();
      await sessions.suspend();
      closed = true;
      gh.close();
      if (watcher) {
        logger.info('shutdown: closing file watcher');
        await watcher.close();
      }
      for (const s of [...services].reverse()) {
        logger.info(`shutdown: stopping ${s.name}`);
        try {
          await s.stop();
        } catch (err) {
          logger.error({ err, service: s.name }, 'service failed to stop');
        }
      }
      actionLog.close();
      logger.info('shutdown: closing database');
      db.close();
    },
  };
}
