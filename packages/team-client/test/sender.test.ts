import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { backoffDelay, createTeamSender, toShareable } from '../src/index.js';

const at = '2026-12-07T10:00:00.000Z';
const summary = (seq: number, issueTitle: string | null = 'Fix the redirect') => ({
  seq,
  kind: 'session_summary',
  occurredAt: at,
  data: {
    sessionId: `s${seq}`,
    issueNumber: 1,
    issueTitle,
    status: 'completed',
    phasesCompleted: 1,
    phasesTotal: 1,
    startedAt: at,
    endedAt: at,
    durationMs: 1000,
    hintsByLevel: { off: 0, low: 0, medium: 0, high: 0 },
    nudges: 0,
    reviews: 0,
    costUsd: 0.1,
  },
});

/** A small in-memory outbox with the sender's narrow interface. */
function memoryOutbox(rows: ReturnType<typeof summary>[]) {
  const delivered = new Set<number>();
  const rejected = new Map<number, string>();
  return {
    delivered,
    rejected,
    outbox: {
      pending: (n: number) => rows.filter((r) => !delivered.has(r.seq) && !rejected.has(r.seq)).slice(0, n),
      delivered: (seqs: readonly number[]) => seqs.forEach((s) => delivered.add(s)),
      rejected: (seq: number, reason: string) => rejected.set(seq, reason),
    },
  };
}

let server: Server | undefined;
afterEach(() => server?.close());

/** A team server stand-in answering from a script of statuses (then 200), recording every seq it received. */
async function scripted(
  statuses: number[],
  refuse?: (seq: number) => boolean,
): Promise<{ url: string; received: number[][] }> {
  const received: number[][] = [];
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const seqs = (JSON.parse(body) as { records: { seq: number }[] }).records.map((r) => r.seq);
      const status = refuse && seqs.some(refuse) ? 400 : (statuses.shift() ?? 200);
      received.push(seqs);
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify(
          status === 200
            ? { accepted: seqs.length, duplicates: 0, highestSeq: Math.max(...seqs) }
            : { error: { code: 'X', message: 'x' } },
        ),
      );
    });
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server!.address() as { port: number }).port}`, received };
}

const target = (url: string) => () => ({
  url,
  learnerId: '3b1f0a4e-6f1c-4c57-9d4b-2d7f1f0c9a11',
  token: 'ptl_x',
});

describe('issue 26 item 3: the background sender', () => {
  it('backs off exponentially with jitter, capped', () => {
    const opts = { initialMs: 1000, maxMs: 8000 };
    expect(backoffDelay(1, opts, () => 0)).toBe(500);
    expect(backoffDelay(1, opts, () => 1)).toBe(1000);
    expect(backoffDelay(3, opts, () => 1)).toBe(4000);
    expect(backoffDelay(10, opts, () => 1)).toBe(8000);
    expect(backoffDelay(10, opts, () => 0)).toBe(4000);
  });

  it('drops a title that looks like a path rather than sharing it; refuses what cannot be shared', () => {
    const ok = toShareable(summary(1, 'Fix src/app/main.ts'));
    expect(ok.ok && ok.record.kind === 'session_summary' && ok.record.data.issueTitle).toBe(null);
    const bad = toShareable({ ...summary(2), data: { ...summary(2).data, code: 'x' } });
    expect(bad.ok).toBe(false);
  });

  it('retries 5xx and network failures, then delivers every record once, in seq order', async () => {
    const team = await scripted([503, 500]);
    const box = memoryOutbox([1, 2, 3].map((s) => summary(s)));
    const sender = createTeamSender({
      outbox: box.outbox,
      target: target(team.url),
      backoff: { initialMs: 20, maxMs: 50 },
      pollMs: 20,
    });
    sender.start();
    expect(await sender.drained(5000)).toBe(true);
    await sender.stop();
    expect([...box.delivered].sort()).toEqual([1, 2, 3]);
    expect(team.received).toEqual([
      [1, 2, 3],
      [1, 2, 3],
      [1, 2, 3],
    ]);
  });

  it('isolates and sets aside a record the server refuses (400), delivering the rest', async () => {
    const team = await scripted([], (seq) => seq === 2);
    const box = memoryOutbox([1, 2, 3].map((s) => summary(s)));
    const sender = createTeamSender({
      outbox: box.outbox,
      target: target(team.url),
      backoff: { initialMs: 20, maxMs: 50 },
      pollMs: 20,
    });
    sender.start();
    expect(await sender.drained(5000)).toBe(true);
    await sender.stop();
    expect([...box.delivered].sort()).toEqual([1, 3]);
    expect([...box.rejected.keys()]).toEqual([2]);
  });

  it('stops sending when the team server refuses the learner (revoked or left)', async () => {
    const team = await scripted([403, 403, 403]);
    const box = memoryOutbox([summary(1)]);
    const sender = createTeamSender({
      outbox: box.outbox,
      target: target(team.url),
      backoff: { initialMs: 20, maxMs: 50 },
      pollMs: 20,
    });
    sender.start();
    await sender.drained(2000);
    await new Promise((r) => setTimeout(r, 200));
    await sender.stop();
    expect(sender.status().state).toBe('stopped');
    expect(team.received).toHaveLength(1);
    expect(box.delivered.size).toBe(0);
  });

  it('waits without a team (no target) and never sends', async () => {
    const box = memoryOutbox([summary(1)]);
    const sender = createTeamSender({ outbox: box.outbox, target: () => null, pollMs: 20 });
    sender.start();
    await new Promise((r) => setTimeout(r, 100));
    expect(sender.status().state).toBe('idle');
    await sender.stop();
    expect(box.delivered.size).toBe(0);
  });
});
