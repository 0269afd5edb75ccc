/**
 * The background sender (issue 26 item 3): reads the learner's outbox in `seq` order and delivers it to the team
 * server, with retries, exponential backoff and full jitter. Idempotent: the team server ignores a `(learnerId, seq)`
 * it already holds, so a crash between delivery and marking, or a lost reply, duplicates nothing. The team server
 * down or unreachable never slows the learner's Paige: the sender only does asynchronous I/O on unref'd timers, and
 * the outbox simply waits.
 */
import { MAX_RECORDS_PER_PUSH, TeamRecordSchema, shareableText, type TeamRecord } from '@paige/team-protocol';

/** The outbox the sender drains (narrow: `@paige/store`'s team outbox functions bound to a database). */
export interface SenderOutbox {
  /** Up to `limit` undelivered records, lowest seq first. */
  pending(limit: number): { seq: number; kind: string; occurredAt: string; data: Record<string, unknown> }[];
  delivered(seqs: readonly number[]): void;
  /** A record that can never be shared (fails the shared schema): kept locally, never sent. */
  rejected(seq: number, reason: string): void;
}

/** Where to send, or null while no team is joined. */
export interface SenderTarget {
  url: string;
  learnerId: string;
  token: string;
}

/** What the sender reports (for the page's sharing status and the log). */
export interface SenderStatus {
  state: 'idle' | 'sending' | 'waiting' | 'refused' | 'stopped';
  /** Consecutive failures. */
  failures: number;
  lastDeliveredAt: string | null;
  lastError: string | null;
  /** When the next attempt is due (ISO 8601), when waiting. */
  nextAttemptAt: string | null;
}

/** Options of {@link createTeamSender}. */
export interface CreateTeamSenderOptions {
  outbox: SenderOutbox;
  /** The joined team (read on every round, so join/leave take effect without a restart). */
  target: () => SenderTarget | null;
  fetch?: typeof fetch;
  /** Records per push (default 100, at most the protocol's limit). */
  batchSize?: number;
  /** Backoff: first delay and cap, ms (default 1,000 and 300,000). */
  backoff?: { initialMs: number; maxMs: number };
  /** How often to look for new records when idle, ms (default 5,000). `kick()` looks at once. */
  pollMs?: number;
  /** Time limit of one push, ms (default 15,000). */
  timeoutMs?: number;
  /** 0..1 (default Math.random), for the jitter. */
  random?: () => number;
  log?: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void };
}

export interface TeamSender {
  start(): void;
  /** Stops after the push in flight (if any) settles. */
  stop(): Promise<void>;
  /** Look at the outbox now (after a change was queued). */
  kick(): void;
  status(): SenderStatus;
  /** Resolves once the outbox is empty (or the sender is refused/stopped); for tests and shutdown. */
  drained(timeoutMs?: number): Promise<boolean>;
}

/**
 * The delay before retry number `failures` (1, 2, ...): exponential from `initialMs`, capped at `maxMs`, with full
 * jitter (uniform between half and the whole delay, so a cohort of laptops coming back online does not retry in step).
 */
export function backoffDelay(
  failures: number,
  opts: { initialMs: number; maxMs: number },
  random: () => number,
): number {
  const base = Math.min(opts.maxMs, opts.initialMs * 2 ** Math.max(0, failures - 1));
  return Math.round(base / 2 + (random() * base) / 2);
}

const Title = shareableText(200);
const Topic = shareableText(120);

/**
 * Makes an outbox row a shareable record, or says why it cannot be one. A title that is not shareable (it looks like
 * a path or code) is dropped (null) rather than blocking the session's summary; anything else that fails the shared
 * schema is refused.
 */
export function toShareable(row: {
  seq: number;
  kind: string;
  occurredAt: string;
  data: Record<string, unknown>;
}): { ok: true; record: TeamRecord } | { ok: false; reason: string } {
  const data = { ...row.data };
  if (row.kind === 'session_summary' && data.issueTitle != null && !Title.safeParse(data.issueTitle).success)
    data.issueTitle = null;
  if (
    row.kind === 'knowledge_gap' &&
    typeof data.topic === 'string' &&
    !Topic.safeParse(data.topic).success
  ) {
    const cleaned = data.topic
      .replace(/[^\p{L}\p{N} ,'-]+/gu, ' ')
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, 120);
    data.topic = Topic.safeParse(cleaned).success ? cleaned : 'unnamed topic';
  }
  if (typeof data.costUsd === 'number') data.costUsd = Math.round(data.costUsd * 1e6) / 1e6;
  const parsed = TeamRecordSchema.safeParse({
    seq: row.seq,
    kind: row.kind,
    occurredAt: row.occurredAt,
    data,
  });
  if (parsed.success) return { ok: true, record: parsed.data };
  return {
    ok: false,
    reason: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
  };
}

export function createTeamSender(opts: CreateTeamSenderOptions): TeamSender {
  const doFetch = opts.fetch ?? fetch;
  const batchSize = Math.min(opts.batchSize ?? 100, MAX_RECORDS_PER_PUSH);
  const backoff = opts.backoff ?? { initialMs: 1_000, maxMs: 300_000 };
  const pollMs = opts.pollMs ?? 5_000;
  const timeoutMs = opts.timeoutMs ?? 15_000;
  const random = opts.random ?? Math.random;
  const status: SenderStatus = {
    state: 'idle',
    failures: 0,
    lastDeliveredAt: null,
    lastError: null,
    nextAttemptAt: null,
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running = false;
  let inFlight: Promise<void> | undefined;
  let refusedToken: string | undefined;
  /** Push one record at a time after a 400, to find (and set aside) the record the server refuses. */
  let isolate = false;
  const waiters = new Set<() => void>();

  const schedule = (ms: number) => {
    if (!running) return;
    if (timer) clearTimeout(timer);
    status.nextAttemptAt = new Date(Date.now() + ms).toISOString();
    timer = setTimeout(() => {
      timer = undefined;
      inFlight = round().finally(() => (inFlight = undefined));
    }, ms);
    timer.unref?.();
  };

  const notify = () => {
    for (const w of waiters) w();
  };

  async function round(): Promise<void> {
    if (!running) return;
    const target = opts.target();
    if (!target || target.token === refusedToken) {
      status.state = target ? 'refused' : 'idle';
      notify();
      return schedule(pollMs);
    }
    const rows = opts.outbox.pending(isolate ? 1 : batchSize);
    const records: TeamRecord[] = [];
    for (const row of rows) {
      const shareable = toShareable(row);
      if (shareable.ok) records.push(shareable.record);
      else {
        opts.outbox.rejected(row.seq, shareable.reason);
        opts.log?.warn(
          { seq: row.seq, kind: row.kind, reason: shareable.reason },
          'team: a record cannot be shared; kept locally',
        );
      }
    }
    if (records.length === 0) {
      status.state = 'idle';
      isolate = false;
      notify();
      return schedule(opts.outbox.pending(1).length > 0 ? 0 : pollMs);
    }
    status.state = 'sending';
    let outcome: 'ok' | 'retry' | 'refused' | 'invalid';
    let retryAfterMs = 0;
    try {
      const res = await doFetch(`${target.url.replace(/\/+$/, '')}/api/push`, {
        method: 'POST',
        headers: { authorization: `Bearer ${target.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ learnerId: target.learnerId, records }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      const body = (await res.json().catch(() => ({}))) as { error?: { code?: string; message?: string } };
      if (res.ok) outcome = 'ok';
      else if (res.status === 429) {
        outcome = 'retry';
        retryAfterMs = Number(res.headers.get('retry-after') ?? '1') * 1000;
      } else if (res.status === 401 || res.status === 403) outcome = 'refused';
      else if (res.status === 400 || res.status === 413) outcome = 'invalid';
      else outcome = 'retry';
      status.lastError = res.ok ? null : `HTTP ${res.status} ${body.error?.code ?? ''}`.trim();
    } catch (err) {
      outcome = 'retry';
      status.lastError = (err as Error).message;
    }
    if (!running && outcome !== 'ok') return;
    switch (outcome) {
      case 'ok':
        opts.outbox.delivered(records.map((r) => r.seq));
        status.failures = 0;
        status.lastDeliveredAt = new Date().toISOString();
        if (isolate && records.length === 1) isolate = false;
        return schedule(0);
      case 'refused':
        refusedToken = target.token;
        status.state = 'refused';
        opts.log?.warn(
          { error: status.lastError },
          'team: the team server refuses this learner (left or revoked): sharing stopped',
        );
        notify();
        return schedule(pollMs);
      case 'invalid':
        if (records.length === 1) {
          opts.outbox.rejected(records[0]!.seq, status.lastError ?? 'refused by the team server');
          opts.log?.warn(
            { seq: records[0]!.seq, error: status.lastError },
            'team: the team server refused a record; kept locally',
          );
          isolate = false;
        } else isolate = true;
        return schedule(0);
      case 'retry': {
        status.failures += 1;
        status.state = 'waiting';
        const delay = Math.max(retryAfterMs, backoffDelay(status.failures, backoff, random));
        if (status.failures === 1 || status.failures % 10 === 0) {
          opts.log?.info(
            { failures: status.failures, delayMs: delay, error: status.lastError },
            'team: server unreachable; the outbox waits',
          );
        }
        notify();
        return schedule(delay);
      }
    }
  }

  return {
    start() {
      if (running) return;
      running = true;
      schedule(0);
    },
    async stop() {
      running = false;
      status.state = 'stopped';
      if (timer) clearTimeout(timer);
      timer = undefined;
      await inFlight?.catch(() => undefined);
      notify();
    },
    kick() {
      if (running && !inFlight && status.state !== 'waiting') schedule(0);
    },
    status: () => ({ ...status }),
    drained(limitMs = 30_000) {
      return new Promise((resolve) => {
        const check = () => {
          const empty = opts.outbox.pending(1).length === 0;
          if (empty || status.state === 'refused' || status.state === 'stopped') {
            waiters.delete(check);
            clearTimeout(t);
            resolve(empty);
          }
        };
        const t = setTimeout(() => {
          waiters.delete(check);
          resolve(opts.outbox.pending(1).length === 0);
        }, limitMs);
        waiters.add(check);
        check();
      });
    },
  };
}
