/**
 * The dashboard's state, fed by the progressive replies to `dashboard:request` (primary Story 12): `dashboard:state`
 * at once (Dreyfus stages, stats for the period, sessions in progress), then `dashboard:issues` |
 * `dashboard:issues_error`, `dashboard:challenges` and `dashboard:learning_materials`, each with the request's `id`.
 * Every section has its own status, so each renders as soon as its message arrives and fails alone.
 * `dashboard:refresh_issues` re-runs only the issues flow (AS-9); `session:start` / `session:resume` start or
 * resume a session from the dashboard.
 * @see primary Story 12 AS-1..AS-12, issue 18 item 1
 */
import type { PaigeClient } from '@paige/client';
import type { ClientPayload, NonCodeChallengeSummary, ServerPayload, StatsPeriod } from '@paige/protocol';
import { createStore, type Store } from './store.js';

export type DashboardStatePayload = ServerPayload<'dashboard:state'>;
export type DashboardStats = DashboardStatePayload['stats'];
export type DreyfusRow = DashboardStatePayload['dreyfus'][number];
export type InProgressSession = DashboardStatePayload['inProgress'][number];
export type DashboardIssue = ServerPayload<'dashboard:issues'>['issues'][number];
export type Challenge = ServerPayload<'dashboard:challenges'>['challenges'][number];
export type LearningMaterial = ServerPayload<'dashboard:learning_materials'>['materials'][number];

/**
 * One section's state: `loading` until its message arrives (keeping the previous `data` while it reloads),
 * `ready`, or `error` with a readable message (and the previous `data`, if any, left visible).
 */
export interface Section<T> {
  status: 'idle' | 'loading' | 'ready' | 'error';
  data: T | null;
  error: string | null;
  /** The wire error code, when the server gave one (`GH_NOT_FOUND`, `BUDGET_EXCEEDED`, ...). */
  code: string | null;
}

export interface DashboardState {
  /** The period the stats are shown for. */
  period: StatsPeriod;
  dreyfus: Section<DreyfusRow[]>;
  stats: Section<DashboardStats>;
  inProgress: Section<InProgressSession[]>;
  /** `refreshing`: a `dashboard:refresh_issues` is running (the list stays visible). */
  issues: Section<DashboardIssue[]> & { refreshing: boolean };
  challenges: Section<Challenge[]>;
  /** Quizzes and explain-it-back challenges (issue 24 item 5), from the same `dashboard:challenges`. */
  nonCode: NonCodeChallengeSummary[];
  materials: Section<LearningMaterial[]>;
  /** When the last `dashboard:state` arrived (ms since the epoch), `null` before the first. */
  loadedAt: number | null;
  /** Something the dashboard shows changed elsewhere (a session, a practice review): reload when shown. */
  stale: boolean;
  /** A start or resume in flight or refused, shown beside its button. */
  sessionAction: SessionAction | null;
}

/** "Start a session" on an issue, or "Resume" on a session in progress. */
export interface SessionAction {
  kind: 'start' | 'resume';
  /** The issue number (start) or session id (resume). */
  target: number | string;
  status: 'pending' | 'error';
  error: string | null;
}

/** How a start or resume ended. */
export type SessionActionResult = { ok: true; sessionId: string } | { ok: false; error: string };

export interface DashboardStore {
  store: Store<DashboardState>;
  /** Sends `dashboard:request` for `period` (default: the current one). Sections keep their data while reloading. */
  load(period?: StatsPeriod): void;
  /** Switches the stats period (cached stats of that period show at once while the request runs). */
  setPeriod(period: StatsPeriod): void;
  /** `dashboard:refresh_issues`: re-fetches and re-assesses the issues (no cache). */
  refreshIssues(): void;
  /** `session:start` with the issue; resolves when the server started it (or refused). */
  startSession(issue: Pick<DashboardIssue, 'number' | 'title' | 'summary'>): Promise<SessionActionResult>;
  /** `session:resume`; resolves when the server resumed it (or refused). */
  resumeSession(sessionId: string): Promise<SessionActionResult>;
  /** Marks the data out of date (reloaded the next time the dashboard shows). */
  markStale(): void;
  dispose(): void;
}

export interface DashboardStoreOptions {
  /**
   * How long a section may stay loading before it shows an error, ms (default 120 s: the issues flow runs `gh` and a
   * model call with retries).
   */
  sectionTimeoutMs?: number;
}

/** Default of {@link DashboardStoreOptions.sectionTimeoutMs}. */
export const SECTION_TIMEOUT_MS = 120_000;
/** Time limit of a session start or resume, ms. */
export const SESSION_REQUEST_TIMEOUT_MS = 20_000;

const idle = <T>(): Section<T> => ({ status: 'idle', data: null, error: null, code: null });
const loading = <T>(s: Section<T>): Section<T> => ({ ...s, status: 'loading', error: null, code: null });
const ready = <T>(data: T): Section<T> => ({ status: 'ready', data, error: null, code: null });
const failed = <T>(s: Section<T>, error: string, code: string | null = null): Section<T> => ({
  ...s,
  status: 'error',
  error,
  code,
});

/** The sections one `dashboard:request` fills. */
const LOAD_SECTIONS = ['dreyfus', 'stats', 'inProgress', 'issues', 'challenges', 'materials'] as const;
type LoadSection = (typeof LOAD_SECTIONS)[number];

/** What a learner reads for a refused session start or resume (the server's own text is written for Claude Code). */
function sessionErrorText(code: string, message: string, kind: SessionAction['kind']): string {
  switch (code) {
    case 'SESSION_ALREADY_ACTIVE':
      return kind === 'start'
        ? 'A coaching session is already active. Resume it from "Sessions in progress", or end it in Claude Code first.'
        : 'Another coaching session is active. End it in Claude Code first, then resume this one.';
    case 'SESSION_NOT_FOUND':
      return 'This session no longer exists. Reload the dashboard.';
    default:
      return message;
  }
}

/** Creates the dashboard store and subscribes it to `client`. Nothing is requested until {@link DashboardStore.load}. */
export function createDashboardStore(
  client: PaigeClient,
  options: DashboardStoreOptions = {},
): DashboardStore {
  const timeoutMs = options.sectionTimeoutMs ?? SECTION_TIMEOUT_MS;
  const store = createStore<DashboardState>({
    period: 'all',
    dreyfus: idle(),
    stats: idle(),
    inProgress: idle(),
    issues: { ...idle<DashboardIssue[]>(), refreshing: false },
    challenges: idle(),
    nonCode: [],
    materials: idle(),
    loadedAt: null,
    stale: false,
    sessionAction: null,
  });
  /** Stats already seen per period: a switch back shows them at once while the fresh ones come. */
  const statsCache = new Map<StatsPeriod, DashboardStats>();
  /** The id of the latest `dashboard:request`, and of the latest `dashboard:refresh_issues`. */
  let loadId: string | null = null;
  let refreshId: string | null = null;
  /** The id whose reply each section waits for (a section is pending while its entry exists). */
  const pending = new Map<LoadSection, string>();
  let timer: ReturnType<typeof setTimeout> | undefined;

  const set = (patch: Partial<DashboardState> | ((s: DashboardState) => DashboardState)) => store.set(patch);

  function settle(section: LoadSection, id: string | undefined): boolean {
    if (id === undefined || pending.get(section) !== id) return false;
    pending.delete(section);
    if (pending.size === 0) clearTimeout(timer);
    return true;
  }

  function armTimeout() {
    clearTimeout(timer);
    timer = setTimeout(() => {
      const late = [...pending.keys()];
      pending.clear();
      set((s) => {
        const next = { ...s };
        for (const key of late) {
          const msg = 'Paige did not answer in time. Try again.';
          if (key === 'issues') next.issues = { ...failed(s.issues, msg), refreshing: false };
          else (next as Record<LoadSection, Section<unknown>>)[key] = failed(s[key] as Section<unknown>, msg);
        }
        return next;
      });
    }, timeoutMs);
  }

  function load(period: StatsPeriod = store.get().period) {
    const id = client.nextId();
    loadId = id;
    for (const key of LOAD_SECTIONS) pending.set(key, id);
    // The refresh of the issues (if one runs) is overtaken by this load.
    refreshId = null;
    const cached = statsCache.get(period);
    set((s) => ({
      ...s,
      period,
      stale: false,
      dreyfus: loading(s.dreyfus),
      // The cached stats of this period show at once, marked as reloading.
      stats: cached
        ? { ...loading(s.stats), data: cached }
        : { ...loading(s.stats), data: s.stats.data?.period === period ? s.stats.data : null },
      inProgress: loading(s.inProgress),
      issues: { ...loading(s.issues), refreshing: false },
      challenges: loading(s.challenges),
      materials: loading(s.materials),
    }));
    armTimeout();
    try {
      client.send('dashboard:request', { statsPeriod: period } satisfies ClientPayload<'dashboard:request'>, {
        id,
      });
    } catch (err) {
      failAll(id, (err as Error).message);
    }
  }

  /** Every section still waiting for request `id` fails with `message`. */
  function failAll(id: string, message: string, code: string | null = null) {
    const keys = [...pending.entries()].filter(([, v]) => v === id).map(([k]) => k);
    if (keys.length === 0) return;
    for (const k of keys) pending.delete(k);
    set((s) => {
      const next = { ...s };
      for (const key of keys) {
        if (key === 'issues') next.issues = { ...failed(s.issues, message, code), refreshing: false };
        else
          (next as Record<LoadSection, Section<unknown>>)[key] = failed(
            s[key] as Section<unknown>,
            message,
            code,
          );
      }
      return next;
    });
  }

  const offs = [
    client.on('dashboard:state', (p, m) => {
      if (m.id === undefined || m.id !== loadId) return;
      statsCache.set(p.stats.period, p.stats);
      settle('dreyfus', m.id);
      settle('stats', m.id);
      settle('inProgress', m.id);
      const materialsSkipped = Array.isArray(p.materials) && p.materials.length === 0;
      if (materialsSkipped) settle('materials', m.id);
      const issuesNow = p.issues !== null && settle('issues', m.id);
      const challengesNow = p.challenges !== null && settle('challenges', m.id);
      set((s) => ({
        ...s,
        loadedAt: Date.now(),
        dreyfus: ready(p.dreyfus),
        stats: s.period === p.stats.period ? ready(p.stats) : s.stats,
        inProgress: ready(p.inProgress),
        ...(materialsSkipped ? { materials: ready<LearningMaterial[]>([]) } : {}),
        ...(issuesNow && p.issues ? { issues: { ...ready(p.issues), refreshing: false } } : {}),
        ...(challengesNow && p.challenges ? { challenges: ready(p.challenges) } : {}),
      }));
    }),
    // Not sent by this server today (the Dreyfus rows come in `dashboard:state`), but part of the catalog.
    client.on('dashboard:dreyfus', (p) =>
      set({
        dreyfus: ready(
          p.skillAreas.map((a) => ({
            skillArea: a.name,
            stage: a.stage,
            confidence: a.score,
            assessedAt: new Date().toISOString(),
          })),
        ),
      }),
    ),
    client.on('dashboard:issues', (p, m) => {
      const fromRefresh = m.id !== undefined && m.id === refreshId;
      if (!fromRefresh && !settle('issues', m.id)) return;
      if (fromRefresh) refreshId = null;
      set({ issues: { ...ready(p.issues), refreshing: false } });
    }),
    client.on('dashboard:issues_error', (p, m) => {
      const fromRefresh = m.id !== undefined && m.id === refreshId;
      if (!fromRefresh && !settle('issues', m.id)) return;
      if (fromRefresh) refreshId = null;
      set((s) => ({ ...s, issues: { ...failed(s.issues, p.error, p.code ?? null), refreshing: false } }));
    }),
    client.on('dashboard:challenges', (p, m) => {
      if (!settle('challenges', m.id)) return;
      set({ challenges: ready(p.challenges), nonCode: p.nonCode ?? [] });
    }),
    client.on('dashboard:learning_materials', (p, m) => {
      if (!settle('materials', m.id)) return;
      set((s) => ({
        ...s,
        materials: p.error
          ? failed({ ...s.materials, data: p.materials.length ? p.materials : s.materials.data }, p.error)
          : ready(p.materials),
      }));
    }),
    client.on('connection:error', (p, m) => {
      if (m.id === undefined) return;
      if (m.id === loadId) failAll(m.id, p.message, p.code);
      if (m.id === refreshId) {
        refreshId = null;
        set((s) => ({ ...s, issues: { ...failed(s.issues, p.message, p.code), refreshing: false } }));
      }
    }),
    // Replies to a request sent on a dropped socket are lost: ask again once reconnected.
    client.onResync(() => {
      if (pending.size > 0 || refreshId !== null) load();
    }),
    // A session that starts, resumes or ends changes what the dashboard shows.
    client.on('session:started', () => set({ stale: true })),
    client.on('session:ended', () => set({ stale: true })),
    client.on('session:completed', () => set({ stale: true })),
  ];

  async function sessionRequest(
    kind: SessionAction['kind'],
    target: number | string,
    run: () => ReturnType<PaigeClient['request']>,
  ): Promise<SessionActionResult> {
    set({ sessionAction: { kind, target, status: 'pending', error: null } });
    let result: SessionActionResult;
    try {
      const reply = await run();
      if (reply.type === 'session:started' || reply.type === 'session:resumed') {
        result = { ok: true, sessionId: (reply.payload as { sessionId: string }).sessionId };
      } else if (reply.type === 'connection:error') {
        const p = reply.payload as { code: string; message: string };
        result = { ok: false, error: sessionErrorText(p.code, p.message, kind) };
      } else {
        result = { ok: false, error: `Unexpected reply ${reply.type}` };
      }
    } catch (err) {
      result = { ok: false, error: `Could not reach Paige: ${(err as Error).message}` };
    }
    set({ sessionAction: result.ok ? null : { kind, target, status: 'error', error: result.error } });
    return result;
  }

  return {
    store,
    load,
    setPeriod(period) {
      if (period === store.get().period && store.get().stats.status !== 'error') return;
      load(period);
    },
    refreshIssues() {
      const id = client.nextId();
      refreshId = id;
      // A refresh answers the issues section on its own: a pending load's issues reply no longer counts.
      pending.delete('issues');
      // The current list stays visible (marked as refreshing); without one the section shows its loading state.
      set((s) => ({
        ...s,
        issues: {
          ...s.issues,
          status: s.issues.data ? 'ready' : 'loading',
          error: null,
          code: null,
          refreshing: true,
        },
      }));
      try {
        client.send('dashboard:refresh_issues', {}, { id });
      } catch (err) {
        refreshId = null;
        set((s) => ({ ...s, issues: { ...failed(s.issues, (err as Error).message), refreshing: false } }));
      }
    },
    startSession(issue) {
      return sessionRequest('start', issue.number, () =>
        client.request(
          'session:start',
          { issueNumber: issue.number, issueTitle: issue.title, issueSummary: issue.summary },
          { timeoutMs: SESSION_REQUEST_TIMEOUT_MS },
        ),
      );
    },
    resumeSession(sessionId) {
      return sessionRequest('resume', sessionId, () =>
        client.request('session:resume', { sessionId }, { timeoutMs: SESSION_REQUEST_TIMEOUT_MS }),
      );
    },
    markStale() {
      set({ stale: true });
    },
    dispose() {
      clearTimeout(timer);
      for (const off of offs) off();
    },
  };
}
