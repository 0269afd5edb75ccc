/** Deferred (batched) action-log writes (issue 25 item 1; DESIGN section 8: logging never shows in a tool's round trip). */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createActionLog, createActivityBus, DEFAULT_ACTION_BATCH } from '../src/index.js';
import type { PaigeDatabase } from '../src/index.js';
import { countRows, openTempDatabase } from './helpers.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('Story 4: deferred action-log writes', () => {
  let database: PaigeDatabase;
  let cleanup: () => void;
  beforeEach(() => {
    ({ database, cleanup } = openTempDatabase());
  });
  afterEach(() => cleanup());

  it("a queued row is not written on the caller's path; it is written once the queue is quiet, in order", async () => {
    const bus = createActivityBus();
    const seen: string[] = [];
    bus.subscribe((e) => seen.push(String((e.data as { n: number }).n)));
    const log = createActionLog({ database, bus, batch: { quietMs: 20, maxDelayMs: 1_000 } });
    for (let n = 0; n < 3; n += 1)
      log.logDeferred({ sessionId: null, actionType: 'mcp_tool_call', data: { n } });
    expect(log.queuedRows).toBe(3);
    expect(countRows(database, 'action_log')).toBe(0);
    await sleep(80);
    expect(log.queuedRows).toBe(0);
    expect(seen).toEqual(['0', '1', '2']);
    expect(log.recentActions({ sessionId: null, limit: 10 }).map((r) => r.data?.n)).toEqual([2, 1, 0]);
  });

  it('a steady stream is written at the latest maxDelayMs after its first row, and at once at maxRows', async () => {
    const log = createActionLog({ database, batch: { quietMs: 1_000, maxDelayMs: 40, maxRows: 5 } });
    for (let n = 0; n < 5; n += 1)
      log.logDeferred({ sessionId: null, actionType: 'mcp_tool_call', data: { n } });
    expect(log.queuedRows).toBe(0);
    log.logDeferred({ sessionId: null, actionType: 'mcp_tool_call', data: { n: 5 } });
    expect(log.queuedRows).toBe(1);
    for (let i = 0; i < 8 && log.queuedRows > 0; i += 1) {
      await sleep(10);
      log.logDeferred({ sessionId: null, actionType: 'mcp_tool_call', data: { n: 6 + i } });
    }
    // the row queued first waited at most maxDelayMs: the queue was written meanwhile
    expect(log.countActions({ sessionId: null })).toBeGreaterThanOrEqual(6);
    log.flush();
    expect(log.queuedRows).toBe(0);
  });

  it('close() writes the queue; rows queued afterwards are dropped; a bad row is reported and does not stop the others', () => {
    const errors: unknown[] = [];
    const log = createActionLog({ database, batch: { onError: (err) => errors.push(err) } });
    log.logDeferred({ sessionId: null, actionType: 'mcp_tool_call', data: { n: 1 } });
    log.logDeferred({ sessionId: 'no-such-session', actionType: 'mcp_tool_call', data: { n: 2 } });
    log.logDeferred({ sessionId: null, actionType: 'mcp_tool_call', data: { n: 3 } });
    log.close();
    expect(errors).toHaveLength(1);
    expect(log.countActions({ sessionId: null })).toBe(2);
    log.logDeferred({ sessionId: null, actionType: 'mcp_tool_call', data: { n: 4 } });
    expect(log.queuedRows).toBe(0);
    expect(log.countActions({ sessionId: null })).toBe(2);
  });

  it('the defaults: 5 ms quiet, 50 ms at most, 200 rows', () => {
    expect(DEFAULT_ACTION_BATCH).toEqual({ quietMs: 5, maxDelayMs: 50, maxRows: 200 });
  });
});
