/**
 * Sharing with a team server, as the page shows it (issue 26 items 2 and 3): the sharing status (joined, the team,
 * the last delivery, the records waiting, the last failure), joining with an invite code and leaving. The server is
 * the source of truth: the status comes from `team:status` (asked with `team:status_request` on every (re)connect and
 * while the settings view polls; broadcast after a join or leave in any window).
 */
import type { PaigeClient } from '@paige/client';
import type { TeamJoinErrorCode, TeamStatus } from '@paige/protocol';
import { createStore, type Store } from './store.js';

/** Why the last join failed: the team server's code and message, or the page's own check. */
export interface TeamJoinError {
  code: TeamJoinErrorCode | 'NOT_CONNECTED' | 'NO_ANSWER';
  message: string;
}

export interface TeamState {
  /** The last status the server sent (null before the first answer). */
  status: TeamStatus | null;
  /** A `team:join` is waiting for its answer. */
  joining: boolean;
  joinError: TeamJoinError | null;
  /** A `team:leave` is waiting for its answer. */
  leaving: boolean;
  leaveError: string | null;
  /** The team this window just stopped sharing with (shown once above the join form). */
  left: string | null;
}

/** What the join form sends. */
export interface TeamJoinForm {
  url: string;
  code: string;
  displayName: string;
}

export interface TeamStore {
  store: Store<TeamState>;
  /** Asks for the status now (`team:status_request`); ignored while disconnected. */
  refresh(): void;
  /**
   * Polls the status every `intervalMs` (default {@link TEAM_POLL_MS}) until the returned function is called; the
   * settings view polls while it is shown.
   */
  watch(intervalMs?: number): () => void;
  /** Joins (`team:join`); resolves true when joined, false with `joinError` set otherwise. */
  join(form: TeamJoinForm): Promise<boolean>;
  /** Clears a join error (the learner edits the form or cancels). */
  clearJoinError(): void;
  /** Stops sharing (`team:leave`); resolves true when the server answered. */
  leave(): Promise<boolean>;
  dispose(): void;
}

/** How often the settings view refreshes the sharing status, ms. */
export const TEAM_POLL_MS = 3_000;
/** While records wait (the header shows "n waiting"), the status is asked again this often on every view, ms. */
export const TEAM_WAITING_POLL_MS = 5_000;
/** Time limit of joining or leaving (the team server may be slow to answer; it gives up after 15 s), ms. */
export const TEAM_JOIN_TIMEOUT_MS = 30_000;

/** The page's checks before sending (the server checks again): an http(s) URL, a code and a name. */
export function checkJoinForm(form: TeamJoinForm): TeamJoinError | null {
  const url = form.url.trim();
  let ok: boolean;
  try {
    const u = new URL(url);
    ok = u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    ok = false;
  }
  if (!ok)
    return {
      code: 'INVALID_REQUEST',
      message: 'Enter the team server URL your mentor gave you (http:// or https://).',
    };
  if (!form.code.trim()) return { code: 'INVALID_REQUEST', message: 'Enter the invite code.' };
  if (!form.displayName.trim())
    return { code: 'INVALID_REQUEST', message: 'Enter the name your mentor will see.' };
  if (form.displayName.trim().length > 60)
    return { code: 'INVALID_REQUEST', message: 'Your name is too long (at most 60 characters).' };
  return null;
}

/** Creates the team store and subscribes it to `client`. */
export function createTeamStore(client: PaigeClient): TeamStore {
  const store = createStore<TeamState>({
    status: null,
    joining: false,
    joinError: null,
    leaving: false,
    leaveError: null,
    left: null,
  });
  let asking = false;
  const refresh = () => {
    if (client.state !== 'open' || asking) return;
    asking = true;
    client.request('team:status_request', {}, { timeoutMs: 10_000 }).then(
      () => (asking = false),
      () => (asking = false),
    );
  };
  // While records wait, ask again until they are delivered (the header's count follows without the settings view).
  let waitingTimer: ReturnType<typeof setTimeout> | undefined;
  const followWaiting = (status: TeamStatus) => {
    if (waitingTimer || !status.joined || status.waiting === 0) return;
    waitingTimer = setTimeout(() => {
      waitingTimer = undefined;
      refresh();
    }, TEAM_WAITING_POLL_MS);
  };
  const offs = [
    // Every status (a reply, a broadcast after another window joined or left) replaces the last one.
    client.on('team:status', (status) => {
      store.set({ status });
      followWaiting(status);
    }),
    // On every (re)connect, the first included.
    client.onState((state) => {
      if (state === 'open') refresh();
    }),
    // A lead summary queued for the team: the waiting count changed.
    client.on('session:manager_summary', (p) => {
      if (p.shared) refresh();
    }),
  ];
  if (client.state === 'open') refresh();

  return {
    store,
    refresh,
    watch(intervalMs = TEAM_POLL_MS) {
      refresh();
      const t = setInterval(refresh, intervalMs);
      return () => clearInterval(t);
    },
    async join(form) {
      const invalid = checkJoinForm(form);
      if (invalid) {
        store.set({ joinError: invalid });
        return false;
      }
      if (client.state !== 'open') {
        store.set({
          joinError: { code: 'NOT_CONNECTED', message: 'Paige is not connected; try again when it is back.' },
        });
        return false;
      }
      if (store.get().joining) return false;
      store.set({ joining: true, joinError: null, left: null });
      try {
        const reply = await client.request(
          'team:join',
          { url: form.url.trim(), code: form.code.trim(), displayName: form.displayName.trim() },
          { timeoutMs: TEAM_JOIN_TIMEOUT_MS },
        );
        if (reply.type === 'team:status') {
          store.set({ joining: false, status: reply.payload });
          return reply.payload.joined;
        }
        const joinError: TeamJoinError =
          reply.type === 'team:join_error'
            ? reply.payload
            : { code: 'INVALID_REQUEST', message: reply.payload.message };
        store.set({ joining: false, joinError });
        return false;
      } catch (err) {
        store.set({
          joining: false,
          joinError: { code: 'NO_ANSWER', message: err instanceof Error ? err.message : String(err) },
        });
        return false;
      }
    },
    clearJoinError() {
      store.set({ joinError: null });
    },
    async leave() {
      if (client.state !== 'open') {
        store.set({ leaveError: 'Paige is not connected; try again when it is back.' });
        return false;
      }
      const teamName = store.get().status?.teamName ?? null;
      store.set({ leaving: true, leaveError: null });
      try {
        const reply = await client.request('team:leave', {}, { timeoutMs: TEAM_JOIN_TIMEOUT_MS });
        if (reply.type === 'team:status') {
          store.set({ leaving: false, status: reply.payload, left: teamName ?? 'your team' });
          return true;
        }
        store.set({ leaving: false, leaveError: reply.payload.message });
        return false;
      } catch (err) {
        store.set({ leaving: false, leaveError: err instanceof Error ? err.message : String(err) });
        return false;
      }
    },
    dispose() {
      clearTimeout(waitingTimer);
      for (const off of offs) off();
    },
  };
}
