/**
 * The coaching-session lifecycle: one service, two doors (MCP from Claude Code, WebSocket from Electron;
 * DESIGN section 3). Only one session is active at a time (primary spec clarification 2026-02-11).
 */
import {
  createSession,
  endSession,
  getActiveSession,
  getSession,
  reactivateSession,
  setSessionTranscript,
  sweepStaleSessions,
  type PaigeDatabase,
  type Session,
} from '@paige/store';
import type { WrapUpAgent, WrapUpCounts } from '@paige/protocol';
import type { Logger } from '../logger.js';
import type { BroadcastOrigin } from '../ws/hub.js';

/** Raised for a lifecycle request that cannot be honoured; `message` is safe to show to a client. */
export class SessionError extends Error {
  constructor(
    readonly code: 'ACTIVE_SESSION_EXISTS' | 'NO_ACTIVE_SESSION' | 'SESSION_NOT_FOUND' | 'SESSION_COMPLETED',
    message: string,
  ) {
    super(message);
    this.name = 'SessionError';
  }
}

/** Per-session services started and stopped with a session (buffer-log timer, Observer, ...). */
export interface SessionHooks {
  onStart?(session: Session): void | Promise<void>;
  onStop?(session: Session): void | Promise<void>;
}

/** The outcome of the wrap-up agents for one session (primary Story 9). */
export interface WrapUpResult {
  counts: WrapUpCounts;
  /** Agents that failed (each recorded in `session_wrap_up_errors`). */
  errors: Array<{ agent: WrapUpAgent; message: string }>;
}

/** Runs the wrap-up agents for an ended session (installed by the coaching feature). */
export type WrapUpRunner = (session: Session, transcript: string) => Promise<WrapUpResult>;

/** What `end()` reports. */
export interface EndSessionResult {
  sessionId: string;
  status: Session['status'];
  /** True when the session had already ended (EC-62: calling twice is a no-op). */
  alreadyEnded: boolean;
  /** False when `wait: false` returned before the wrap-up finished. */
  wrapUpComplete: boolean;
  counts: WrapUpCounts;
  errors: WrapUpResult['errors'];
}

/** Counts of a wrap-up that ran no agent. */
export const ZERO_COUNTS: WrapUpCounts = {
  knowledgeGaps: 0,
  kataSpecs: 0,
  dreyfusUpdates: 0,
  memoriesStored: 0,
};

/** Dependencies of {@link SessionService}. */
export interface SessionServiceDeps {
  database: PaigeDatabase;
  projectDir: string;
  logger: Logger;
  logAction: (
    sessionId: string | null,
    actionType: 'session_started' | 'session_resumed' | 'session_ended',
    data: Record<string, unknown>,
  ) => void;
  now: () => Date;
}

/**
 * Lifecycle events: `activated` after start/resume, `ended` before the wrap-up, `completed` after it. `origin` is the
 * WebSocket request that caused the change (its copy of the broadcast echoes the request id); `undefined` for MCP
 * calls and internal changes.
 */
export interface SessionEvents {
  activated: (session: Session, how: 'started' | 'resumed', origin: BroadcastOrigin | undefined) => void;
  ended: (session: Session, origin: BroadcastOrigin | undefined) => void;
  completed: (session: Session, result: WrapUpResult, origin: BroadcastOrigin | undefined) => void;
}

/** See the module comment. */
export class SessionService {
  private readonly hooks: SessionHooks[] = [];
  private wrapUp: WrapUpRunner | undefined;
  private readonly pending = new Set<Promise<unknown>>();
  private readonly listeners: { [K in keyof SessionEvents]: Array<SessionEvents[K]> } = {
    activated: [],
    ended: [],
    completed: [],
  };

  constructor(private readonly deps: SessionServiceDeps) {}

  /** Subscribes to a lifecycle event (broadcasts live in the listeners). */
  on<K extends keyof SessionEvents>(event: K, listener: SessionEvents[K]): void {
    this.listeners[event].push(listener);
  }

  private emit<K extends keyof SessionEvents>(event: K, ...args: Parameters<SessionEvents[K]>): void {
    for (const l of this.listeners[event]) {
      try {
        (l as (...a: Parameters<SessionEvents[K]>) => void)(...args);
      } catch (err) {
        this.deps.logger.error({ err, event }, 'session listener failed');
      }
    }
  }

  /** Registers per-session services. */
  use(hooks: SessionHooks): void {
    this.hooks.push(hooks);
  }

  /** Installs the wrap-up agents (coaching feature). Without one, ending runs no agents and counts zero. */
  setWrapUpRunner(runner: WrapUpRunner): void {
    this.wrapUp = runner;
  }

  /** The active session, cached: every MCP tool call and buffer update asks for it. `undefined` = not loaded. */
  private cached: Session | null | undefined;

  /** The active session of this project, or null (served from memory; see {@link SessionService.invalidate}). */
  active(): Session | null {
    if (this.cached === undefined)
      this.cached = getActiveSession(this.deps.database, { projectDir: this.deps.projectDir });
    return this.cached;
  }

  /** Forgets the cached active session; call after writing the session row outside this service. */
  invalidate(): void {
    this.cached = undefined;
  }

  /** The active session. @throws {SessionError} `NO_ACTIVE_SESSION` */
  requireActive(): Session {
    const s = this.active();
    if (!s) throw new SessionError('NO_ACTIVE_SESSION', 'No active session: call paige_start_session first');
    return s;
  }

  /** Abandons stale sessions left by an earlier process (DESIGN section 3) and restarts hooks of a kept one. */
  async recover(staleMs: number): Promise<void> {
    const db = this.deps.database;
    const abandoned = sweepStaleSessions(db, { projectDir: this.deps.projectDir, maxAgeMs: staleMs });
    this.invalidate();
    if (abandoned.length) this.deps.logger.info({ abandoned }, 'stale sessions marked abandoned');
    const kept = this.active();
    if (kept) {
      this.deps.logger.info({ sessionId: kept.id }, 'resuming session left active by the previous process');
      await this.runHooks('onStart', kept);
    }
  }

  /**
   * Starts a coaching session for `PROJECT_DIR`.
   * @throws {SessionError} `ACTIVE_SESSION_EXISTS` naming the active session.
   */
  async start(
    input: {
      issueNumber?: number | undefined;
      issueTitle?: string | undefined;
      issueSummary?: string | undefined;
    },
    origin?: BroadcastOrigin,
  ): Promise<Session> {
    const existing = this.active();
    if (existing) {
      throw new SessionError(
        'ACTIVE_SESSION_EXISTS',
        `A coaching session is already active: ${existing.id} (started ${existing.startedAt}${existing.issueTitle ? `, issue "${existing.issueTitle}"` : ''}). End it with paige_end_session first.`,
      );
    }
    this.invalidate();
    const session = createSession(this.deps.database, {
      projectDir: this.deps.projectDir,
      issueNumber: input.issueNumber ?? null,
      issueTitle: input.issueTitle ?? null,
      issueSummary: input.issueSummary ?? null,
    });
    this.deps.logAction(session.id, 'session_started', { issueNumber: session.issueNumber });
    await this.runHooks('onStart', session);
    this.emit('activated', session, 'started', origin);
    return session;
  }

  /**
   * Re-activates a session that was not completed (`session:resume`).
   * @throws {SessionError} `SESSION_NOT_FOUND`, `SESSION_COMPLETED`, `ACTIVE_SESSION_EXISTS`
   */
  async resume(sessionId: string, origin?: BroadcastOrigin): Promise<Session> {
    const db = this.deps.database;
    const target = getSession(db, sessionId);
    if (!target || target.projectDir !== this.deps.projectDir) {
      throw new SessionError('SESSION_NOT_FOUND', `Session ${sessionId} does not exist for this project`);
    }
    if (target.status === 'completed' || target.status === 'completed_with_errors') {
      throw new SessionError('SESSION_COMPLETED', `Session ${sessionId} is completed and cannot be resumed`);
    }
    const active = this.active();
    if (active && active.id !== sessionId) {
      throw new SessionError(
        'ACTIVE_SESSION_EXISTS',
        `Another session is active: ${active.id}. End it first.`,
      );
    }
    const wasActive = active?.id === sessionId;
    const session = wasActive ? target : reactivateSession(db, sessionId);
    this.invalidate();
    this.deps.logAction(session.id, 'session_resumed', { previousSessionId: sessionId, wasActive });
    if (!wasActive) await this.runHooks('onStart', session);
    this.emit('activated', session, 'resumed', origin);
    return session;
  }

  /**
   * Ends the active session: stores the condensed transcript, stops per-session services, marks it ended,
   * then runs the wrap-up (awaited when `wait` is true; in the background otherwise). Calling it again after
   * the session ended is a no-op that reports the ended session (EC-62).
   * @throws {SessionError} `NO_ACTIVE_SESSION` when no session was ever started for this project.
   */
  async end(
    input: { sessionTranscript?: string | undefined; wait?: boolean | undefined },
    origin?: BroadcastOrigin,
  ): Promise<EndSessionResult> {
    const db = this.deps.database;
    const session = this.active();
    if (!session) {
      const last = this.lastSession();
      if (!last)
        throw new SessionError('NO_ACTIVE_SESSION', 'No active session: call paige_start_session first');
      return {
        sessionId: last.id,
        status: last.status,
        alreadyEnded: true,
        wrapUpComplete: true,
        counts: { ...ZERO_COUNTS },
        errors: [],
      };
    }
    const transcript = input.sessionTranscript ?? '';
    setSessionTranscript(db, session.id, transcript);
    await this.runHooks('onStop', session);
    const ended = endSession(db, { sessionId: session.id, status: 'completed' });
    this.invalidate();
    const durationMs =
      Date.parse(ended.endedAt ?? this.deps.now().toISOString()) - Date.parse(session.startedAt);
    this.deps.logAction(session.id, 'session_ended', { status: ended.status, durationMs });
    this.emit('ended', ended, origin);

    const run = this.runWrapUp(ended, transcript, origin);
    if (input.wait === false) {
      this.track(run);
      return {
        sessionId: ended.id,
        status: ended.status,
        alreadyEnded: false,
        wrapUpComplete: false,
        counts: { ...ZERO_COUNTS },
        errors: [],
      };
    }
    const result = await run;
    const final = getSession(db, ended.id) ?? ended;
    return {
      sessionId: final.id,
      status: final.status,
      alreadyEnded: false,
      wrapUpComplete: true,
      ...result,
    };
  }

  /** Runs (or re-runs) the wrap-up for an ended session and records the final status. */
  async runWrapUp(session: Session, transcript: string, origin?: BroadcastOrigin): Promise<WrapUpResult> {
    let result: WrapUpResult = { counts: { ...ZERO_COUNTS }, errors: [] };
    if (this.wrapUp) {
      try {
        result = await this.wrapUp(session, transcript);
      } catch (err) {
        this.deps.logger.error({ err, sessionId: session.id }, 'wrap-up failed unexpectedly');
        const message = 'the wrap-up stopped unexpectedly';
        result = {
          counts: { ...ZERO_COUNTS },
          errors: (['reflection', 'knowledge_gaps', 'dreyfus'] as const).map((agent) => ({ agent, message })),
        };
      }
    }
    const status = result.errors.length ? 'completed_with_errors' : 'completed';
    const final = endSession(this.deps.database, { sessionId: session.id, status });
    this.invalidate();
    this.emit('completed', final, result, origin);
    return result;
  }

  /** Waits for background wrap-ups (shutdown, tests). */
  async drain(): Promise<void> {
    while (this.pending.size) await Promise.allSettled([...this.pending]);
  }

  /** Stops per-session services of the active session without ending it (server shutdown). */
  async suspend(): Promise<void> {
    const s = this.active();
    if (s) await this.runHooks('onStop', s);
  }

  private lastSession(): Session | null {
    const row = this.deps.database
      .prepare('SELECT id FROM sessions WHERE project_dir = ? ORDER BY started_at DESC LIMIT 1')
      .get(this.deps.projectDir) as { id: string } | undefined;
    return row ? getSession(this.deps.database, row.id) : null;
  }

  private track(p: Promise<unknown>): void {
    const tracked = p.catch((err: unknown) => this.deps.logger.error({ err }, 'background wrap-up failed'));
    this.pending.add(tracked);
    void tracked.finally(() => this.pending.delete(tracked));
  }

  private async runHooks(kind: 'onStart' | 'onStop', session: Session): Promise<void> {
    for (const h of this.hooks) {
      try {
        await h[kind]?.(session);
      } catch (err) {
        this.deps.logger.error({ err, sessionId: session.id, kind }, 'session hook failed');
      }
    }
  }
}
