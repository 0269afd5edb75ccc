/**
 * The page's coaching session, one store for every view (issue 23): which session is active and its issue, the hint
 * level (the learner's choice applies; the active phase's own level is Paige's suggestion, shown until the learner
 * picks), the coaching pipeline's progress, "Review my work", ending the session, and the wrap-up screens and manager
 * summaries of ended sessions. Fed by server messages (`session:*`, `hints:level_update`, `coaching:pipeline_progress`,
 * `review:*`); nothing here writes to the learner's files.
 * @see DESIGN section 3 "Hint level", brainstorm "The Hinting System", "Work Mode Workflow" 1-6, "Review Checkpoints"
 */
import type { HintLevel, ReviewReference, ServerPayload, SessionStatus, WrapUpReport } from '@paige/protocol';
import type { PaigeClient } from '@paige/client';
import { createStore, type Store } from './store.js';

/** The hint levels, least guidance first (brainstorm "The Hinting System": off, file, line, detail hints). */
export const HINT_LEVELS: readonly HintLevel[] = ['off', 'low', 'medium', 'high'];

/** What each level shows (issue 23 item 1). */
export const HINT_LEVEL_TEXT: Record<HintLevel, string> = {
  off: 'Off: no visual hints; Paige still talks to you',
  low: 'Low: relevant files glow in the Explorer',
  medium: 'Medium: plus highlighted lines and gutter markers',
  high: 'High: plus Paige’s guidance when you hover a highlighted line',
};

/** True when `level` shows at least what `needed` shows (`low` shows file hints, `medium` lines, `high` hover text). */
export const hintLevelShows = (level: HintLevel, needed: HintLevel): boolean =>
  HINT_LEVELS.indexOf(level) >= HINT_LEVELS.indexOf(needed);

/** What the issue panel shows. */
export interface IssueView {
  number: number | null;
  title: string | null;
  summary: string | null;
  labels: string[];
  url: string | null;
}

/** The coaching pipeline's progress (`coaching:pipeline_progress`). */
export interface PipelineView {
  stage: ServerPayload<'coaching:pipeline_progress'>['stage'];
  message: string;
  nextStep: string | null;
  error: string | null;
}

/** "Review my work": idle, waiting for the reviewer, its feedback, or its error (kept in place with a retry). */
export interface ReviewView {
  status: 'idle' | 'pending' | 'ready' | 'error';
  review: string | null;
  suggestions: string[];
  references: ReviewReference[];
  /** The hint level the feedback was written for. */
  hintLevel: HintLevel | null;
  error: string | null;
  /** When the last review was asked for. */
  at: Date | null;
}

/** One wrap-up screen: loading (asked with `session:wrap_up_request`), the report, or why it failed. */
export interface WrapUpEntry {
  status: 'loading' | 'ready' | 'error';
  report: WrapUpReport | null;
  error: string | null;
}

/** "Summary for my team lead" of one session. */
export interface ManagerSummaryEntry {
  status: 'pending' | 'ready' | 'error';
  text: string | null;
  error: string | null;
  /** The paragraph was queued for the team server (asked with `share`, a team joined; issue 26 item 5). */
  shared?: boolean;
}

export interface SessionState {
  sessionId: string | null;
  /** `active`, the status a just-ended session reached, or `null` before any session. */
  status: SessionStatus | 'ended' | null;
  issue: IssueView | null;
  /** The level that applies (the learner's choice; the session's level until the learner picks). */
  hintLevel: HintLevel;
  /** Paige's suggestion: the active phase's own level. */
  suggestedLevel: HintLevel | null;
  /** The learner has picked a level in this session (the suggestion is then no longer shown). */
  levelChosen: boolean;
  pipeline: PipelineView | null;
  review: ReviewView;
  /** `session:end` is waiting for its answer. */
  ending: boolean;
  /** Why the last `session:end` was refused. */
  endError: string | null;
  /** The session this window last saw end (its wrap-up screen is one click away). */
  lastEnded: string | null;
  wrapUps: ReadonlyMap<string, WrapUpEntry>;
  managerSummaries: ReadonlyMap<string, ManagerSummaryEntry>;
}

/** What a learner-facing action did. */
export type ActionResult = { ok: true; sessionId?: string } | { ok: false; error: string };

export interface SessionStore {
  store: Store<SessionState>;
  /** Picks a level (`hints:level_change`); every window follows through `hints:level_update`. */
  setHintLevel(level: HintLevel): ActionResult;
  /** One level up (`+1`) or down (`-1`); at the end of the range nothing changes and the result says so. */
  stepHintLevel(step: 1 | -1): ActionResult;
  /** "Review my work" (`user:review`). A second request while one is pending is not sent. */
  requestReview(): ActionResult;
  /** Ends the active session (`session:end`); resolves with the ended session's id. */
  endSession(): Promise<ActionResult>;
  /** Asks for an ended session's wrap-up screen unless this window already has it (`session:wrap_up_request`). */
  loadWrapUp(sessionId: string, force?: boolean): void;
  /**
   * "Summary for my team lead" (`session:manager_summary_request`); with `share`, the paragraph is also queued for
   * the joined team (issue 26 item 5).
   */
  requestManagerSummary(sessionId: string, opts?: { share?: boolean }): ActionResult;
  /** Remembers an issue's labels and link (from the dashboard card) for the session that starts on it. */
  rememberIssue(issue: { number: number; labels?: string[] | undefined; url?: string | undefined }): void;
  dispose(): void;
}

/** Time limit of a review (a model call with retries), ms. */
export const REVIEW_TIMEOUT_MS = 120_000;
/** Time limit of ending a session (the wrap-up itself runs after the answer), ms. */
export const END_TIMEOUT_MS = 30_000;
/** Time limit of a wrap-up screen or a manager summary request, ms. */
export const WRAP_UP_TIMEOUT_MS = 90_000;

const ISSUE_EXTRAS_KEY = 'paige:issue-extras';

interface IssueExtras {
  labels?: string[] | undefined;
  url?: string | undefined;
}

function readExtras(): Record<string, IssueExtras> {
  try {
    const raw = localStorage.getItem(ISSUE_EXTRAS_KEY);
    const parsed: unknown = raw ? JSON.parse(raw) : {};
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, IssueExtras>) : {};
  } catch {
    return {};
  }
}

function saveExtras(number: number, extras: IssueExtras): void {
  try {
    const all = readExtras();
    all[String(number)] = { ...all[String(number)], ...extras };
    const keys = Object.keys(all);
    // Keep the 50 most recent issues.
    for (const k of keys.slice(0, Math.max(0, keys.length - 50))) delete all[k];
    localStorage.setItem(ISSUE_EXTRAS_KEY, JSON.stringify(all));
  } catch {
    // storage refused: the labels last as long as the page
  }
}

/**
 * The issue as the server sent it, completed with the labels and link this browser saw for the same issue number
 * (a session started from the dashboard or restored after a reload may carry only a title and summary).
 */
function issueFrom(ctx: {
  number?: number | null | undefined;
  title?: string | null;
  summary?: string | null;
  labels?: string[] | undefined;
  url?: string | null | undefined;
}): IssueView {
  const number = ctx.number ?? null;
  const extras = number !== null ? readExtras()[String(number)] : undefined;
  const labels = ctx.labels?.length ? ctx.labels : (extras?.labels ?? []);
  const url = ctx.url ?? extras?.url ?? null;
  if (number !== null && (ctx.labels?.length || ctx.url))
    saveExtras(number, {
      ...(ctx.labels?.length ? { labels: ctx.labels } : {}),
      ...(ctx.url ? { url: ctx.url } : {}),
    });
  return { number, title: ctx.title ?? null, summary: ctx.summary ?? null, labels, url };
}

const IDLE_REVIEW: ReviewView = {
  status: 'idle',
  review: null,
  suggestions: [],
  references: [],
  hintLevel: null,
  error: null,
  at: null,
};

let requestSeq = 0;
const nextId = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${++requestSeq}`;

/** What a learner reads for a refused `session:end`. */
function endErrorText(code: string, message: string): string {
  if (code === 'PIPELINE_RUNNING')
    return `Paige is still preparing the plan; end the session when it is ready. (${message})`;
  if (code === 'NO_ACTIVE_SESSION')
    return 'No coaching session is active (it may have ended in another window).';
  if (code === 'ALREADY_IN_PROGRESS') return 'The session is already ending.';
  return message;
}

/** Creates the session store and subscribes it to `client`. */
export function createSessionStore(client: PaigeClient): SessionStore {
  const store = createStore<SessionState>({
    sessionId: null,
    status: null,
    issue: null,
    hintLevel: 'medium',
    suggestedLevel: null,
    levelChosen: false,
    pipeline: null,
    review: IDLE_REVIEW,
    ending: false,
    endError: null,
    lastEnded: null,
    wrapUps: new Map(),
    managerSummaries: new Map(),
  });
  const timers = new Set<ReturnType<typeof setTimeout>>();
  /** Pending `session:wrap_up_request` / `session:manager_summary_request` ids -> session id. */
  const wrapUpRequests = new Map<string, string>();
  const summaryRequests = new Map<string, string>();

  const setWrapUp = (sessionId: string, entry: WrapUpEntry) =>
    store.set((s) => {
      const wrapUps = new Map(s.wrapUps);
      wrapUps.set(sessionId, entry);
      return { ...s, wrapUps };
    });
  const setSummary = (sessionId: string, entry: ManagerSummaryEntry) =>
    store.set((s) => {
      const managerSummaries = new Map(s.managerSummaries);
      managerSummaries.set(sessionId, entry);
      return { ...s, managerSummaries };
    });
  const later = (ms: number, fn: () => void) => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  };

  const started = (p: ServerPayload<'session:started'> | ServerPayload<'session:resumed'>, fresh: boolean) =>
    store.set((s) => ({
      ...s,
      sessionId: p.sessionId,
      status: 'active',
      issue: issueFrom(p.issueContext),
      hintLevel: p.hintLevel,
      suggestedLevel:
        p.suggestedHintLevel ?? p.phases.find((ph) => ph.status === 'active')?.hintLevel ?? null,
      levelChosen: p.hintLevelChosen ?? (s.sessionId === p.sessionId ? s.levelChosen : false),
      review: s.sessionId === p.sessionId ? s.review : IDLE_REVIEW,
      pipeline: fresh ? null : s.sessionId === p.sessionId ? s.pipeline : null,
      ending: false,
      endError: null,
    }));

  const offs = [
    client.on('session:started', (p) => started(p, true)),
    client.on('session:resumed', (p) => {
      started(p, false);
      // After a reload while the pipeline runs: ask where it is (no answer when none runs).
      // (With an id: an error reply answers this request and is not shown as a notice.)
      if (p.phases.length === 0) client.send('coaching:pipeline_status', {}, { id: nextId('pipeline') });
    }),
    client.on('session:ended', (p) =>
      store.set((s) => ({
        ...s,
        status: p.status,
        ending: false,
        lastEnded: p.sessionId,
        pipeline: null,
        review:
          s.review.status === 'pending'
            ? { ...s.review, status: 'error', error: 'The session ended before the review arrived.' }
            : s.review,
      })),
    ),
    client.on('session:wrap_up', (p, message) => {
      if (message.id) wrapUpRequests.delete(message.id);
      setWrapUp(p.sessionId, { status: 'ready', report: p, error: null });
    }),
    client.on('session:completed', (p) => {
      // The wrap-up agents finished: refresh a wrap-up screen this window shows (the server also broadcasts it).
      const entry = store.get().wrapUps.get(p.sessionId);
      if (entry?.report?.pending)
        later(
          300,
          () => store.get().wrapUps.get(p.sessionId)?.report?.pending && api.loadWrapUp(p.sessionId, true),
        );
    }),
    client.on('session:manager_summary', (p, message) => {
      if (message.id) summaryRequests.delete(message.id);
      setSummary(p.sessionId, {
        status: 'ready',
        text: p.summary,
        error: null,
        ...(p.shared !== undefined ? { shared: p.shared } : {}),
      });
    }),
    client.on('session:manager_summary_error', (p, message) => {
      if (message.id) summaryRequests.delete(message.id);
      setSummary(p.sessionId, { status: 'error', text: null, error: p.error });
    }),
    client.on('connection:error', (p, message) => {
      if (!message.id) return;
      const wrap = wrapUpRequests.get(message.id);
      if (wrap) {
        wrapUpRequests.delete(message.id);
        setWrapUp(wrap, {
          status: 'error',
          report: null,
          error: p.code === 'SESSION_NOT_FOUND' ? 'Paige knows no session with this id.' : p.message,
        });
      }
      const summary = summaryRequests.get(message.id);
      if (summary) {
        summaryRequests.delete(message.id);
        setSummary(summary, { status: 'error', text: null, error: p.message });
      }
    }),
    client.on('coaching:issue_context', (p) => store.set({ issue: issueFrom(p) })),
    client.on('hints:level_update', (p) =>
      store.set((s) => ({
        ...s,
        hintLevel: p.level,
        suggestedLevel: p.suggestedLevel !== undefined ? p.suggestedLevel : s.suggestedLevel,
        levelChosen: p.chosen ?? s.levelChosen,
      })),
    ),
    // A phase that starts brings its own suggestion (the server's `hints:level_update` says so too).
    client.on('coaching:phase_update', (p) => {
      if (p.status === 'active') store.set({ suggestedLevel: p.hintLevel });
    }),
    client.on('coaching:pipeline_progress', (p) =>
      store.set((s) =>
        s.sessionId && p.sessionId !== s.sessionId
          ? s
          : {
              ...s,
              pipeline: {
                stage: p.stage,
                message: p.message,
                nextStep: p.nextStep ?? null,
                error: p.error ?? null,
              },
            },
      ),
    ),
    client.on('review:response', (p, message) => {
      if (message.id && !message.id.startsWith('review-')) return;
      store.set({
        review: {
          status: 'ready',
          review: p.review,
          suggestions: p.suggestions,
          references: p.references ?? [],
          hintLevel: p.hintLevel ?? null,
          error: null,
          at: store.get().review.at,
        },
      });
    }),
    client.on('review:error', (p, message) => {
      // A practice submission's error belongs to the practice view.
      if (p.kataId || (message.id && !message.id.startsWith('review-'))) return;
      store.set((s) => ({ ...s, review: { ...s.review, status: 'error', error: p.error } }));
    }),
    client.onResync((init) =>
      store.set((s) => {
        // Requests in flight died with the old socket.
        const review =
          s.review.status === 'pending'
            ? {
                ...s.review,
                status: 'error' as const,
                error: 'The connection dropped before the review arrived. Try again.',
              }
            : s.review;
        if (init.sessionId === null && s.status === 'active')
          return { ...s, sessionId: null, status: 'ended', review, pipeline: null, lastEnded: s.sessionId };
        return { ...s, review, ending: false };
      }),
    ),
  ];

  const api: SessionStore = {
    store,
    setHintLevel(level) {
      const s = store.get();
      if (!s.sessionId || s.status !== 'active')
        return { ok: false, error: 'Start a coaching session to choose a hint level.' };
      // Picking the level in force again changes nothing once chosen; before, it makes Paige's suggestion the choice.
      if (level === s.hintLevel && s.levelChosen) return { ok: true };
      store.set({ hintLevel: level, levelChosen: true });
      client.send('hints:level_change', { level, previousLevel: s.hintLevel });
      if (client.state !== 'open')
        return {
          ok: false,
          error: `Hint level ${level} is shown here and will reach Paige when the connection is back.`,
        };
      return { ok: true };
    },
    stepHintLevel(step) {
      const { hintLevel } = store.get();
      const next = HINT_LEVELS[HINT_LEVELS.indexOf(hintLevel) + step];
      if (!next)
        return {
          ok: false,
          error: step > 0 ? 'Hints are already at the highest level.' : 'Hints are already off.',
        };
      return api.setHintLevel(next);
    },
    requestReview() {
      const s = store.get();
      if (client.state !== 'open')
        return {
          ok: false,
          error: 'Paige is not connected; ask for the review when the connection is back.',
        };
      if (s.review.status === 'pending') return { ok: false, error: 'A review is already on its way.' };
      const id = nextId('review');
      store.set({ review: { ...IDLE_REVIEW, status: 'pending', at: new Date() } });
      client.request('user:review', {}, { id, timeoutMs: REVIEW_TIMEOUT_MS }).then(
        (reply) => {
          if (reply.type === 'connection:error')
            store.set((st) => ({
              ...st,
              review: { ...st.review, status: 'error', error: reply.payload.message },
            }));
        },
        (err: unknown) => {
          if (store.get().review.status === 'pending')
            store.set((st) => ({
              ...st,
              review: {
                ...st.review,
                status: 'error',
                error: err instanceof Error ? err.message : String(err),
              },
            }));
        },
      );
      return { ok: true };
    },
    async endSession() {
      const s = store.get();
      if (s.ending) return { ok: false, error: 'The session is already ending.' };
      if (!s.sessionId || s.status !== 'active')
        return { ok: false, error: 'No coaching session is active.' };
      if (client.state !== 'open')
        return { ok: false, error: 'Paige is not connected; end the session when the connection is back.' };
      const sessionId = s.sessionId;
      store.set({ ending: true, endError: null });
      try {
        const reply = await client.request('session:end', {}, { timeoutMs: END_TIMEOUT_MS });
        if (reply.type === 'session:ended') {
          store.set({ ending: false, lastEnded: reply.payload.sessionId, status: reply.payload.status });
          return { ok: true, sessionId: reply.payload.sessionId };
        }
        const error = endErrorText(reply.payload.code, reply.payload.message);
        store.set({ ending: false, endError: error });
        return { ok: false, error };
      } catch (err) {
        const error = err instanceof Error ? err.message : String(err);
        store.set({ ending: false, endError: error });
        return { ok: false, error: `${error} (session ${sessionId} may still be active)` };
      }
    },
    loadWrapUp(sessionId, force = false) {
      const entry = store.get().wrapUps.get(sessionId);
      if (!force && entry && entry.status !== 'error') return;
      if ([...wrapUpRequests.values()].includes(sessionId)) return;
      if (!entry || entry.status === 'error')
        setWrapUp(sessionId, { status: 'loading', report: entry?.report ?? null, error: null });
      const id = nextId('wrapup');
      wrapUpRequests.set(id, sessionId);
      client.send('session:wrap_up_request', { sessionId }, { id });
      later(WRAP_UP_TIMEOUT_MS, () => {
        if (!wrapUpRequests.delete(id)) return;
        if (store.get().wrapUps.get(sessionId)?.status === 'loading')
          setWrapUp(sessionId, { status: 'error', report: null, error: 'Paige did not answer in time.' });
      });
    },
    requestManagerSummary(sessionId, opts = {}) {
      if (store.get().managerSummaries.get(sessionId)?.status === 'pending')
        return { ok: false, error: 'The summary is already being written.' };
      if (client.state !== 'open')
        return { ok: false, error: 'Paige is not connected; ask again when the connection is back.' };
      const id = nextId('summary');
      summaryRequests.set(id, sessionId);
      setSummary(sessionId, { status: 'pending', text: null, error: null });
      client.send(
        'session:manager_summary_request',
        opts.share ? { sessionId, share: true } : { sessionId },
        { id },
      );
      later(WRAP_UP_TIMEOUT_MS, () => {
        if (!summaryRequests.delete(id)) return;
        setSummary(sessionId, {
          status: 'error',
          text: null,
          error: 'Paige did not answer in time. Try again.',
        });
      });
      return { ok: true };
    },
    rememberIssue({ number, labels, url }) {
      saveExtras(number, { ...(labels?.length ? { labels } : {}), ...(url ? { url } : {}) });
    },
    dispose() {
      for (const off of offs) off();
      for (const t of timers) clearTimeout(t);
    },
  };
  return api;
}
