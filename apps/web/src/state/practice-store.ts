/**
 * Practice mode's state (primary Story 11 AS-5..AS-11, issue 18 item 2): the katas opened in this window, each with
 * its constraints and their unlock state (`practice:kata_load.allConstraints`), the previous attempts, the
 * constraints the learner chose, the draft solution, and the last submission (`practice:submit_solution` ->
 * `practice:solution_review` | `review:error`), and the runs of its tests (issue 24: `practice:run` ->
 * `practice:run_result` | `practice:run_error`, cancelled on leaving or submitting). Drafts survive leaving the view and, through `sessionStorage`, a
 * reload of the tab.
 */
import type { PaigeClient } from '@paige/client';
import type {
  Kata,
  KataAttemptSummary,
  KataConstraintStatus,
  KataRunResult,
  ServerPayload,
} from '@paige/protocol';
import { createStore, type Store } from './store.js';

export type SolutionReview = ServerPayload<'practice:solution_review'>;

/** The last submission of a kata. */
export type Submission =
  | { status: 'idle' }
  | { status: 'pending'; startedAt: number; constraints: string[] }
  | { status: 'reviewed'; review: SolutionReview; at: number }
  | { status: 'error'; error: string; code: string | null };

/**
 * The last run of a kata's tests (issue 24 item 3): `running` (with its place in the queue while it waits), `done`
 * (the result), `error` (the run could not start: `NO_RUNNABLE_TESTS`, `RUN_QUEUE_FULL`, no reply).
 */
export type RunState =
  | { status: 'idle' }
  | { status: 'running'; startedAt: number; queuedPosition: number | null }
  | { status: 'done'; result: KataRunResult; at: number }
  | { status: 'error'; error: string; code: string | null };

/** One kata as the practice view shows it. */
export interface KataEntry {
  kataId: string;
  status: 'loading' | 'ready' | 'error';
  error: string | null;
  code: string | null;
  kata: Kata | null;
  /** Every constraint in unlock order with its state. */
  constraints: KataConstraintStatus[];
  /** Previous attempts, oldest first. */
  attempts: KataAttemptSummary[];
  /** Titles of the constraints chosen for the next submission (unlocked ones only). */
  selected: string[];
  submission: Submission;
  /** The last run of the kata's tests. */
  run: RunState;
  /** Titles unlocked by the last review, shown as new until the next submission. */
  newlyUnlocked: string[];
  /** Counts "start over" resets: the editor takes the draft again when it changes. */
  resets: number;
}

export interface PracticeState {
  /** The kata the practice view shows (the last one opened). */
  current: string | null;
  katas: Readonly<Record<string, KataEntry>>;
}

export interface PracticeStore {
  store: Store<PracticeState>;
  /** Shows kata `kataId`, loading it (`practice:load_kata`) unless it is loaded; `force` reloads it. */
  open(kataId: string, force?: boolean): void;
  /** Chooses or drops a constraint for the next submission (locked constraints cannot be chosen). */
  toggleConstraint(kataId: string, title: string): void;
  /** The learner's current solution of a kata (the scaffolding until they type). */
  draft(kataId: string): string | undefined;
  /** Records the learner's solution (kept for this tab in `sessionStorage`). */
  setDraft(kataId: string, code: string): void;
  /** Puts the scaffolding back as the draft. */
  resetDraft(kataId: string): void;
  /**
   * Runs the draft against the kata's tests (issue 24 item 3; no model call, repeat freely); a run already going is
   * cancelled first. Resolves when the result (or an error) is shown.
   */
  run(kataId: string): Promise<void>;
  /** Cancels the kata's run if one is going (the learner left the view or submitted). */
  cancelRun(kataId: string): void;
  /** Submits the draft with the chosen constraints (cancelling a run going); resolves when the review is shown. */
  submit(kataId: string): Promise<void>;
  dispose(): void;
}

export interface PracticeStoreOptions {
  /** Called after a review was shown (the dashboard's katas and stats changed). */
  onReviewed?: () => void;
  /** Time limit of a review, ms (default 180 s: the reviewer's model call with retries). */
  reviewTimeoutMs?: number;
}

/** Default of {@link PracticeStoreOptions.reviewTimeoutMs}. */
export const REVIEW_TIMEOUT_MS = 180_000;
/** Time limit of a run's reply, ms (the server's wall time is 10 s; a queued run waits for others). */
export const RUN_TIMEOUT_MS = 90_000;
/** Time limit of a kata load, ms. */
export const KATA_LOAD_TIMEOUT_MS = 15_000;

const DRAFT_KEY = (kataId: string) => `paige:practice-draft:${kataId}`;
const DRAFT_SAVE_DELAY_MS = 400;

function readDraft(kataId: string): string | undefined {
  try {
    return sessionStorage.getItem(DRAFT_KEY(kataId)) ?? undefined;
  } catch {
    return undefined;
  }
}

function writeDraft(kataId: string, code: string | undefined): void {
  try {
    if (code === undefined) sessionStorage.removeItem(DRAFT_KEY(kataId));
    else sessionStorage.setItem(DRAFT_KEY(kataId), code);
  } catch {
    // Storage full or disabled: the draft still lives in memory.
  }
}

/** The constraints of a load: `allConstraints` (issue 18), or, from an older server, the unlocked ones only. */
function constraintsOf(p: ServerPayload<'practice:kata_load'>): KataConstraintStatus[] {
  if (p.allConstraints) return p.allConstraints;
  return p.constraints.map((c) => ({ ...c, state: 'unlocked' as const }));
}

function emptyEntry(kataId: string): KataEntry {
  return {
    kataId,
    status: 'loading',
    error: null,
    code: null,
    kata: null,
    constraints: [],
    attempts: [],
    selected: [],
    submission: { status: 'idle' },
    run: { status: 'idle' },
    newlyUnlocked: [],
    resets: 0,
  };
}

/** Creates the practice store over `client`. */
export function createPracticeStore(client: PaigeClient, options: PracticeStoreOptions = {}): PracticeStore {
  const store = createStore<PracticeState>({ current: null, katas: {} });
  const drafts = new Map<string, string>();
  const saveTimers = new Map<string, ReturnType<typeof setTimeout>>();
  let disposed = false;
  /** The run of each kata going now, by its request id (a reply to an older run is ignored). */
  const runs = new Map<string, number>();
  let runSeq = 0;
  const offQueued = client.on('practice:run_queued', ({ kataId, position }) => {
    update(kataId, (e) =>
      e.run.status === 'running' ? { ...e, run: { ...e.run, queuedPosition: position } } : e,
    );
  });

  const update = (kataId: string, fn: (e: KataEntry) => KataEntry) =>
    store.set((s) => {
      const entry = s.katas[kataId];
      return entry ? { ...s, katas: { ...s.katas, [kataId]: fn(entry) } } : s;
    });

  async function load(kataId: string): Promise<void> {
    let reply;
    try {
      reply = await client.request('practice:load_kata', { kataId }, { timeoutMs: KATA_LOAD_TIMEOUT_MS });
    } catch (err) {
      update(kataId, (e) => ({
        ...e,
        status: e.kata ? 'ready' : 'error',
        error: e.kata ? e.error : `Could not load the kata: ${(err as Error).message}`,
      }));
      return;
    }
    if (disposed) return;
    if (reply.type === 'practice:kata_load') {
      const p = reply.payload;
      const constraints = constraintsOf(p);
      const unlocked = new Set(constraints.filter((c) => c.state === 'unlocked').map((c) => c.title));
      if (!drafts.has(kataId)) drafts.set(kataId, readDraft(kataId) ?? p.kata.scaffoldingCode);
      update(kataId, (e) => ({
        ...e,
        status: 'ready',
        error: null,
        code: null,
        kata: p.kata,
        constraints,
        attempts: p.attempts ?? e.attempts,
        // A choice stays only while its constraint is unlocked.
        selected: e.selected.filter((t) => unlocked.has(t)),
      }));
    } else {
      const p = reply.payload as { error?: string; message?: string; code?: string };
      const message =
        p.code === 'KATA_NOT_FOUND'
          ? 'This kata does not exist (any more). Pick one from the dashboard.'
          : (p.error ?? p.message ?? 'Could not load the kata.');
      update(kataId, (e) => ({ ...e, status: 'error', error: message, code: p.code ?? null }));
    }
  }

  return {
    store,
    open(kataId, force = false) {
      const existing = store.get().katas[kataId];
      store.set((s) => ({
        current: kataId,
        katas: existing ? s.katas : { ...s.katas, [kataId]: emptyEntry(kataId) },
      }));
      if (!existing || force || existing.status === 'error') {
        if (existing) update(kataId, (e) => ({ ...e, status: e.kata ? 'ready' : 'loading', error: null }));
        void load(kataId);
      }
    },
    toggleConstraint(kataId, title) {
      update(kataId, (e) => {
        const c = e.constraints.find((x) => x.title === title);
        if (!c || c.state !== 'unlocked') return e;
        const selected = e.selected.includes(title)
          ? e.selected.filter((t) => t !== title)
          : [...e.selected, title];
        // Keep the kata's own order.
        return { ...e, selected: e.constraints.map((x) => x.title).filter((t) => selected.includes(t)) };
      });
    },
    draft: (kataId) => drafts.get(kataId),
    setDraft(kataId, code) {
      drafts.set(kataId, code);
      clearTimeout(saveTimers.get(kataId));
      saveTimers.set(
        kataId,
        setTimeout(() => {
          saveTimers.delete(kataId);
          writeDraft(kataId, drafts.get(kataId));
        }, DRAFT_SAVE_DELAY_MS),
      );
    },
    resetDraft(kataId) {
      const kata = store.get().katas[kataId]?.kata;
      if (!kata) return;
      clearTimeout(saveTimers.get(kataId));
      saveTimers.delete(kataId);
      drafts.set(kataId, kata.scaffoldingCode);
      writeDraft(kataId, undefined);
      update(kataId, (e) => ({ ...e, resets: e.resets + 1 }));
    },
    async run(kataId) {
      const entry = store.get().katas[kataId];
      const code = drafts.get(kataId);
      if (!entry?.kata || code === undefined) return;
      if (entry.run.status === 'running') client.send('practice:cancel_run', { kataId });
      const seq = ++runSeq;
      runs.set(kataId, seq);
      update(kataId, (e) => ({
        ...e,
        run: { status: 'running', startedAt: Date.now(), queuedPosition: null },
      }));
      let reply;
      try {
        reply = await client.request('practice:run', { kataId, code }, { timeoutMs: RUN_TIMEOUT_MS });
      } catch (err) {
        if (runs.get(kataId) !== seq) return;
        runs.delete(kataId);
        update(kataId, (e) => ({
          ...e,
          run: { status: 'error', error: `The run did not finish: ${(err as Error).message}`, code: null },
        }));
        return;
      }
      if (disposed || runs.get(kataId) !== seq) return;
      runs.delete(kataId);
      if (reply.type === 'practice:run_result') {
        const result = reply.payload.result;
        update(kataId, (e) => ({
          ...e,
          run:
            result.status === 'cancelled' ? { status: 'idle' } : { status: 'done', result, at: Date.now() },
        }));
      } else {
        const p = reply.payload as { error?: string; message?: string; code?: string };
        update(kataId, (e) => ({
          ...e,
          run: { status: 'error', error: p.error ?? p.message ?? 'The run failed.', code: p.code ?? null },
        }));
      }
    },
    cancelRun(kataId) {
      if (!runs.has(kataId)) return;
      runs.delete(kataId);
      client.send('practice:cancel_run', { kataId });
      update(kataId, (e) => (e.run.status === 'running' ? { ...e, run: { status: 'idle' } } : e));
    },
    async submit(kataId) {
      const entry = store.get().katas[kataId];
      const code = drafts.get(kataId);
      if (!entry?.kata || code === undefined || entry.submission.status === 'pending') return;
      // Issue 24: a run going is cancelled when the learner submits (the review runs the tests itself).
      this.cancelRun(kataId);
      const constraints = entry.selected;
      update(kataId, (e) => ({
        ...e,
        submission: { status: 'pending', startedAt: Date.now(), constraints },
        newlyUnlocked: [],
      }));
      let reply;
      try {
        reply = await client.request(
          'practice:submit_solution',
          { kataId, code, activeConstraints: constraints },
          { timeoutMs: options.reviewTimeoutMs ?? REVIEW_TIMEOUT_MS },
        );
      } catch (err) {
        update(kataId, (e) => ({
          ...e,
          submission: {
            status: 'error',
            error: `The review did not arrive: ${(err as Error).message}`,
            code: null,
          },
        }));
        return;
      }
      if (disposed) return;
      if (reply.type === 'practice:solution_review') {
        const review = reply.payload;
        update(kataId, (e) => ({
          ...e,
          submission: { status: 'reviewed', review, at: Date.now() },
          newlyUnlocked: review.constraintsUnlocked.map((c) => c.title),
          // The run the review was based on is the latest run.
          run: review.run ? { status: 'done', result: review.run, at: Date.now() } : e.run,
        }));
        options.onReviewed?.();
        // The kata's best level, its constraints' states and the attempts changed: take them from the server.
        await load(kataId);
      } else {
        const p = reply.payload as { error?: string; message?: string; code?: string };
        update(kataId, (e) => ({
          ...e,
          submission: {
            status: 'error',
            error: p.error ?? p.message ?? 'The review failed.',
            code: p.code ?? null,
          },
        }));
      }
    },
    dispose() {
      disposed = true;
      offQueued();
      for (const kataId of runs.keys()) client.send('practice:cancel_run', { kataId });
      runs.clear();
      for (const [kataId, t] of saveTimers) {
        clearTimeout(t);
        writeDraft(kataId, drafts.get(kataId));
      }
    },
  };
}
