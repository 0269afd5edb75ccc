/**
 * The service graph of one backend instance (composition by construction, STYLE 5). Everything a handler
 * or tool needs hangs off this object; nothing is a module-level singleton.
 */
import { join } from 'node:path';
import type { ActionType, ActivityEvent } from '@paige/protocol';
import type { LlmClient } from '@paige/llm';
import type { MemoryStore } from '@paige/memory';
import {
  getApiCostSince,
  createActionLog,
  createActivityBus,
  logApiCall,
  openDatabase,
  type ActionLog,
  type ActivityBus,
  type PaigeDatabase,
} from '@paige/store';
import { createWorkspace, type Watcher, type Workspace } from '@paige/workspace';
import type { ServerConfig } from './config.js';
import type { Logger } from './logger.js';
import { compactHeap } from './runtime.js';
import { GhProbe, ModelKeyState } from './services/capabilities.js';
import { CoachingState } from './services/coaching-state.js';
import { SessionService } from './services/session-service.js';
import { UiState } from './services/ui-state.js';
import type { Connection, WsHub } from './ws/hub.js';

/** Thrown when the daily budget for optional model calls is spent (issue 10 item 4). */
export class BudgetExceededError extends Error {
  readonly code = 'BUDGET_EXCEEDED';
  constructor(
    readonly spentUsd: number,
    readonly budgetUsd: number,
  ) {
    super(
      `Paige's daily budget for optional AI calls is used up ($${spentUsd.toFixed(2)} of $${budgetUsd.toFixed(2)} today); ` +
        'it resets at midnight UTC. Raise PAIGE_DAILY_BUDGET_USD to allow more.',
    );
    this.name = 'BudgetExceededError';
  }
}

/** A background service the context starts after HTTP listens and stops at shutdown. */
export interface BackgroundService {
  name: string;
  start?(): Promise<void> | void;
  stop(): Promise<void> | void;
}

/** Heap growth during the watcher's initial crawl above which the heap is compacted, bytes (runtime.ts). */
export const COMPACT_AFTER_CRAWL_GROWTH_BYTES = 32 * 2 ** 20;
/** Delay between "file watcher ready" and the compaction, ms. */
export const COMPACT_AFTER_CRAWL_DELAY_MS = 500;
/** Quiet time after which deferred action rows are written, ms (see `AppContext.logActionDeferred`). */
export const DEFERRED_QUIET_MS = 5;
/** Longest time a deferred action row waits, ms. */
export const DEFERRED_MAX_DELAY_MS = 50;
/** Deferred rows written at once when this many are queued. */
export const DEFERRED_MAX_ROWS = 200;

/** The backend's service graph; see the module comment. */
export class AppContext {
  readonly bus: ActivityBus = createActivityBus();
  readonly ui = new UiState();
  /** The session arc's in-memory state: pipeline progress, running wrap-ups, one-at-a-time requests (issue 23). */
  readonly arc = new CoachingState();
  readonly sessions: SessionService;
  /** Whether the GitHub CLI is installed and logged in (probed in the background, cached). */
  readonly gh: GhProbe;
  /** Whether the Anthropic key is usable (its form, and the answers of real calls). */
  readonly modelKey: ModelKeyState;
  /** Hooks run after `connection:init` to resync a (re)connecting window (DESIGN section 3). */
  readonly resyncHooks: Array<(conn: Connection) => void | Promise<void>> = [];
  private readonly services: BackgroundService[] = [];
  private database: PaigeDatabase | undefined;
  private actionLog: ActionLog | undefined;
  private ws: Workspace | undefined;
  private watcher: Watcher | undefined;
  private llmClient: Promise<LlmClient> | undefined;
  private memoryStore: MemoryStore | null = null;
  private memoryPhase: 'starting' | 'ready' | 'failed' | 'off' = 'starting';
  private watcherPhase: 'starting' | 'up' | 'down' | 'off' = 'starting';
  private hubRef: WsHub | undefined;
  private closed = false;
  private deferredRows: { actionType: ActionType; data: Record<string, unknown> | null; sessionId: string | null }[] = [];
  private deferredSince = 0;
  private deferredLastAt = 0;
  private deferredTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    readonly config: ServerConfig,
    readonly logger: Logger,
    readonly now: () => Date = () => new Date(),
  ) {
    this.services.push(this.memoryService());
    this.gh = new GhProbe({
      ghPath: config.ghPath,
      cwd: config.projectDir,
      timeoutMs: config.ghTimeoutMs,
      logger: logger.child({ component: 'gh' }),
    });
    this.modelKey = new ModelKeyState(config.anthropicApiKey, config.anthropicBaseUrl !== undefined);
    this.sessions = new SessionService({
      database: () => this.db,
      projectDir: config.projectDir,
      logger: logger.child({ component: 'sessions' }),
      now,
      logAction: (sessionId, type, data) => this.logAction(type, data, sessionId),
    });
  }

  /** The open database. @throws Error before `open()`. */
  get db(): PaigeDatabase {
    if (!this.database) throw new Error('database not open');
    return this.database;
  }

  /** The action log. @throws Error before `open()`. */
  get actions(): ActionLog {
    if (!this.actionLog) throw new Error('database not open');
    return this.actionLog;
  }

  /** The user's project files, buffers and tree. @throws Error before `open()`. */
  get workspace(): Workspace {
    if (!this.ws) throw new Error('workspace not open');
    return this.ws;
  }

  /** The WebSocket hub. */
  get hub(): WsHub {
    if (!this.hubRef) throw new Error('hub not attached');
    return this.hubRef;
  }

  attachHub(hub: WsHub): void {
    this.hubRef = hub;
  }

  /** The semantic memory, or null before it is configured (it still degrades gracefully when Chroma is down). */
  get memory(): MemoryStore | null {
    return this.memoryStore;
  }

  setMemory(store: MemoryStore): void {
    this.memoryStore = store;
    this.memoryPhase = 'ready';
  }

  /** True when ChromaDB answered the last operation. */
  memoryAvailable(): boolean {
    return this.memoryStore?.isMemoryAvailable() ?? false;
  }

  /**
   * The memory component for `/health`, from in-memory state only: `mode` is `external` (`CHROMA_URL`), `local`
   * (a Chroma child process) or `off`; `status` is `starting` until the memory service has run, then `up` while
   * ChromaDB answers and `down` otherwise.
   */
  memoryHealth(): { status: 'up' | 'starting' | 'down' | 'off'; mode: 'local' | 'external' | 'off' } {
    const mode = this.config.chromaUrl ? 'external' : this.config.startLocalChroma ? 'local' : 'off';
    if (mode === 'off' || this.memoryPhase === 'off') return { status: 'off', mode: 'off' };
    if (this.memoryPhase === 'starting') return { status: 'starting', mode };
    return { status: this.memoryAvailable() ? 'up' : 'down', mode };
  }

  /** The file watcher for `/health`: `off` (`PAIGE_WATCH=false`), `starting` (initial crawl), `up`, or `down` (failed). */
  watcherHealth(): { status: 'up' | 'starting' | 'down' | 'off' } {
    return { status: this.config.watchFiles ? this.watcherPhase : 'off' };
  }

  /** The database for `/health`: `up` from `open()` until `close()`. */
  databaseHealth(): { status: 'up' | 'down' } {
    return { status: this.database && !this.closed ? 'up' : 'down' };
  }

  /**
   * The Claude API client, created on first use (the SDK import stays off the start-up path).
   * Every call is written to `api_call_log`.
   */
  llm(): Promise<LlmClient> {
    this.llmClient ??= import('@paige/llm').then(({ createLlmClient }) =>
      createLlmClient({
        apiKey: this.config.anthropicApiKey,
        ...(this.config.anthropicBaseUrl ? { baseURL: this.config.anthropicBaseUrl } : {}),
        ...(this.config.modelMapping ? { modelMapping: this.config.modelMapping } : {}),
        ...(this.config.pricing ? { pricing: this.config.pricing as never } : {}),
        logger: this.logger.child({ component: 'llm' }),
        onCall: (record) => {
          this.modelKey.record(record);
          if (this.closed) return;
          logApiCall(this.db, {
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
    );
    return this.llmClient;
  }

  /**
   * Checks today's spend (UTC day, from `api_call_log`) against `PAIGE_DAILY_BUDGET_USD` before an optional
   * model call (dashboard, observer, explain). No budget set = no limit.
   * @throws {BudgetExceededError} when the spend reached the budget.
   */
  assertWithinBudget(callType: string): void {
    const budget = this.config.dailyBudgetUsd;
    if (budget === undefined) return;
    const now = this.now();
    const dayStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate())).toISOString();
    const spent = getApiCostSince(this.db, dayStart);
    if (spent >= budget) {
      this.logger.warn({ callType, spentUsd: spent, budgetUsd: budget }, 'daily budget exceeded: optional model call refused');
      throw new BudgetExceededError(spent, budget);
    }
  }

  /**
   * True when `PAIGE_DAILY_BUDGET_USD` is set and today's spend (UTC day, `api_call_log`) has reached it: the optional
   * model calls are refused until midnight UTC (see {@link assertWithinBudget}).
   */
  budgetSpent(): boolean {
    const budget = this.config.dailyBudgetUsd;
    if (budget === undefined) return false;
    const now = this.now();
    const dayStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate())).toISOString();
    return getApiCostSince(this.db, dayStart) >= budget;
  }

  /** Registers a background service (started by `startBackground`, stopped by `close`). */
  addService(service: BackgroundService): void {
    this.services.push(service);
  }

  /**
   * Logs an action for the active session (or `sessionId` when given; `null` = outside any session).
   * The action log publishes the row on the activity bus.
   */
  logAction(actionType: ActionType, data: Record<string, unknown> | null, sessionId?: string | null): void {
    const sid = sessionId === undefined ? (this.sessions.active()?.id ?? null) : sessionId;
    this.actions.logAction({ sessionId: sid, actionType, data });
  }

  /**
   * Logs an action off the request path: the row is queued and written (with its siblings, in one commit) once no
   * other row was queued for {@link DEFERRED_QUIET_MS}, at the latest {@link DEFERRED_MAX_DELAY_MS} after the first
   * queued row, at {@link DEFERRED_MAX_ROWS} rows, or on close. Used for `mcp_tool_call` rows, so logging never shows
   * in a tool's round trip, even for calls back to back (DESIGN section 8). A process crash can lose the rows of
   * the last 50 ms. A row that cannot be written is reported in the server log.
   */
  logActionDeferred(actionType: ActionType, data: Record<string, unknown> | null, sessionId: string | null): void {
    if (this.closed) return;
    const now = performance.now();
    this.deferredRows.push({ actionType, data, sessionId });
    this.deferredLastAt = now;
    if (this.deferredRows.length === 1) this.deferredSince = now;
    if (this.deferredRows.length >= DEFERRED_MAX_ROWS || now - this.deferredSince >= DEFERRED_MAX_DELAY_MS) {
      this.flushDeferred();
      return;
    }
    // One timer per group (re-arming a timer on every call costs more than the call's own logging work).
    if (!this.deferredTimer) this.armDeferredTimer(DEFERRED_QUIET_MS);
  }

  private armDeferredTimer(ms: number): void {
    this.deferredTimer = setTimeout(() => {
      this.deferredTimer = undefined;
      if (this.deferredRows.length === 0) return;
      const now = performance.now();
      const quietFor = now - this.deferredLastAt;
      const waited = now - this.deferredSince;
      if (quietFor >= DEFERRED_QUIET_MS || waited >= DEFERRED_MAX_DELAY_MS) this.flushDeferred();
      else this.armDeferredTimer(Math.min(DEFERRED_QUIET_MS - quietFor, DEFERRED_MAX_DELAY_MS - waited));
    }, ms);
    this.deferredTimer.unref();
  }

  /** Writes the rows queued by {@link logActionDeferred} now. */
  flushDeferred(): void {
    clearTimeout(this.deferredTimer);
    this.deferredTimer = undefined;
    const rows = this.deferredRows;
    this.deferredRows = [];
    for (const row of rows) {
      try {
        this.actions.logAction(row);
      } catch (err) {
        this.logger.error({ err, actionType: row.actionType }, 'writing a deferred action failed');
      }
    }
  }

  /** Publishes an event that is not persisted (e.g. `buffer_update`). */
  publish(event: ActivityEvent): void {
    this.bus.publish(event);
  }

  /** Opens the database and the workspace, and recovers the session state of the previous process. */
  async open(): Promise<void> {
    const dbLog = this.logger.child({ component: 'store' });
    this.database = openDatabase(join(this.config.dataDir, 'paige.db'), {
      now: this.now,
      // checkpoints run in a worker thread: a commit never stalls the event loop (hardening soak)
      backgroundCheckpointMs: 1000,
      // 16 MiB of page cache (the store's default is 64 MiB): reads go through mmap, and the soak showed the
      // larger cache filling with log pages as RSS growth
      cacheSizeKiB: 16_384,
      onCheckpointError: (message) => dbLog.warn({ err: message }, 'background WAL checkpoint failed; retrying'),
    });
    this.actionLog = createActionLog({ database: this.database, bus: this.bus, now: this.now });
    this.ws = await createWorkspace({
      projectDir: this.config.projectDir,
      maxFileBytes: this.config.maxFileBytes,
      maxBufferBytes: this.config.maxBufferBytes,
    });
    await this.sessions.recover(this.config.sessionStaleMs);
  }

  /**
   * The memory service (Story 8; issue 7 item 4): `CHROMA_URL` when set, else a local Chroma child process
   * with data in `DATA_DIR/chroma`. A failure to start means degraded mode with a clear warning; the memory
   * store reconnects lazily once Chroma answers. The chromadb client is imported here, off the start-up path.
   */
  private memoryService(): BackgroundService {
    let local: { stop(): Promise<void> } | undefined;
    const log = this.logger.child({ component: 'memory' });
    return {
      name: 'memory',
      start: async () => {
        const { createMemoryStore, startLocalChroma } = await import('@paige/memory');
        let url = this.config.chromaUrl;
        if (!url) {
          if (!this.config.startLocalChroma) {
            this.memoryPhase = 'off';
            log.warn('memory disabled: no CHROMA_URL and PAIGE_START_CHROMA=false; coaching runs without cross-session memory');
            return;
          }
          try {
            const chroma = await startLocalChroma({ dataDir: join(this.config.dataDir, 'chroma'), logger: log });
            if (this.closed) {
              await chroma.stop();
              return;
            }
            local = chroma;
            url = chroma.url;
            log.info({ url, pid: chroma.pid }, 'local ChromaDB started');
          } catch (err) {
            this.memoryPhase = 'failed';
            log.warn({ err: (err as Error).message }, 'local ChromaDB failed to start: memory runs in degraded mode');
            return;
          }
        }
        const store = createMemoryStore({ url, logger: log });
        try {
          const ok = await store.connect();
          if (!ok) log.warn({ url }, 'ChromaDB unreachable at start: memory degraded, will reconnect on the next operation');
        } catch (err) {
          // EMBEDDING_MISMATCH: the collection was built with another embedding function; never mix vectors.
          this.memoryPhase = 'failed';
          log.error({ err: (err as Error).message, url }, 'memory collection unusable: memory disabled');
          await store.close();
          return;
        }
        this.memoryStore = store;
        this.memoryPhase = 'ready';
      },
      stop: async () => {
        await this.memoryStore?.close();
        if (local) {
          this.logger.info('shutdown: stopping local ChromaDB');
          await local.stop();
        }
      },
    };
  }

  /** Starts the file watcher and registered background services (after HTTP listens). */
  startBackground(): void {
    if (this.config.watchFiles) {
      const heapBefore = process.memoryUsage().heapTotal;
      this.workspace
        .watch((event) => {
          this.hubRef?.broadcast('fs:tree_update', event);
        })
        .then(
          (w) => {
            this.watcher = w;
            this.watcherPhase = 'up';
            if (this.closed) {
              void w.close();
              return;
            }
            const grownBy = process.memoryUsage().heapTotal - heapBefore;
            this.logger.info({ heapGrowthMb: Math.round(grownBy / 2 ** 20) }, 'file watcher ready');
            if (grownBy >= COMPACT_AFTER_CRAWL_GROWTH_BYTES) setTimeout(() => void this.compactAfterCrawl(), COMPACT_AFTER_CRAWL_DELAY_MS).unref();
          },
          (err: unknown) => {
            this.watcherPhase = 'down';
            this.logger.error({ err }, 'file watcher failed to start');
          },
        );
    }
    for (const s of this.services) {
      Promise.resolve(s.start?.()).catch((err: unknown) => this.logger.error({ err, service: s.name }, 'service failed to start'));
    }
  }

  /**
   * A large project's initial crawl leaves the heap grown with its garbage: give it back, a moment after the watcher
   * is ready (off the first requests of a starting client). A small project's crawl is not worth the pause.
   */
  private async compactAfterCrawl(): Promise<void> {
    if (this.closed) return;
    try {
      const { rssBefore, rssAfter } = await compactHeap();
      this.logger.info({ rssBeforeMb: Math.round(rssBefore / 2 ** 20), rssAfterMb: Math.round(rssAfter / 2 ** 20) }, 'heap compacted after the initial crawl');
    } catch (err) {
      this.logger.warn({ err }, 'heap compaction failed');
    }
  }

  /** Runs the resync hooks for a newly greeted connection. */
  async resync(conn: Connection): Promise<void> {
    for (const hook of this.resyncHooks) await hook(conn);
  }

  /** Stops per-session services, background services, the watcher, and closes the database. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.logger.info('shutdown: stopping session services');
    if (this.database) {
      await this.sessions.drain();
      await this.sessions.suspend();
    }
    this.closed = true;
    this.gh.close();
    if (this.watcher) {
      this.logger.info('shutdown: closing file watcher');
      await this.watcher.close();
    }
    for (const s of [...this.services].reverse()) {
      this.logger.info(`shutdown: stopping ${s.name}`);
      try {
        await s.stop();
      } catch (err) {
        this.logger.error({ err, service: s.name }, 'service failed to stop');
      }
    }
    if (this.database) {
      this.flushDeferred();
      this.logger.info('shutdown: closing database');
      this.database.close();
    }
  }
}

/** Builds the context for `config`. */
export function createAppContext(config: ServerConfig, logger: Logger): AppContext {
  return new AppContext(config, logger);
}
