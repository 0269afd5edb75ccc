/**
 * Hardening (issue 11 item 3): SIGKILL of the spawned server during heavy logging (many WebSocket clients sending
 * actions of an active session), then a restart on the same DATA_DIR: `PRAGMA integrity_check` passes and every
 * acknowledged action is present.
 *
 * Acknowledged: each client sends a batch of actions then an id'd `connection:hello` and waits for its reply
 * before the next batch. A connection is handled in order and the action log commits its group at the end of
 * each event-loop turn (`setImmediate`), so once the reply to batch b+1 arrives, batch b is committed: batches
 * 0..(last replied - 1) are acknowledged.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '@paige/store';
import { afterAll, describe, expect, it } from 'vitest';
import { connectMcp, WsClient } from '../support/harness.js';
import { exited, spawnServer, stopServer, type SpawnedServer } from './spawned.js';

const CLIENTS = 8;
const BATCH = 25;

const dataDir = mkdtempSync(join(tmpdir(), 'paige-crash-data-'));
const projectDir = mkdtempSync(join(tmpdir(), 'paige-crash-project-'));
writeFileSync(join(projectDir, 'README.md'), '# crash\n');
const env = { PROJECT_DIR: projectDir, DATA_DIR: dataDir };
const started: SpawnedServer[] = [];

afterAll(async () => {
  for (const s of started) await stopServer(s.child);
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(projectDir, { recursive: true, force: true });
});

describe('Hardening: SIGKILL during heavy logging, then restart', () => {
  it('the database passes integrity_check and every acknowledged action survives', async () => {
    const first = await spawnServer(env);
    started.push(first);
    const mcp = await connectMcp(first.url);
    const session = await mcp.client.callTool({
      name: 'paige_start_session',
      arguments: { issueTitle: 'crash test' },
    });
    expect(session.isError).toBeFalsy();
    const sessionId = (session.structuredContent as { sessionId: string }).sessionId;

    const clients = await Promise.all(
      Array.from({ length: CLIENTS }, async () => (await WsClient.hello(first.url)).client),
    );
    const replied = new Array<number>(CLIENTS).fill(-1);
    let killed = false;
    const drivers = clients.map(async (c, ci) => {
      for (let b = 0; !killed; b += 1) {
        for (let i = 0; i < BATCH; i += 1) c.send('explorer:expand_dir', { path: `c${ci}/b${b}/i${i}` });
        try {
          await c.request(
            'connection:hello',
            { version: '1.0.0', platform: 'linux', windowSize: { width: 1, height: 1 } },
            'connection:init',
            10_000,
          );
          replied[ci] = b;
        } catch {
          return; // the server died mid-batch
        }
      }
    });
    // Let the load run until a good number of batches are confirmed, then kill -9 mid-flight.
    const deadline = Date.now() + 20_000;
    while (replied.reduce((a, b) => a + b + 1, 0) < CLIENTS * 20 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    first.child.kill('SIGKILL');
    killed = true;
    await exited(first.child);
    expect(first.child.signalCode).toBe('SIGKILL');
    await Promise.all(drivers);
    await Promise.all(clients.map((c) => c.close()));
    await mcp.client.close().catch(() => undefined);

    const acknowledged = new Set<string>();
    replied.forEach((last, ci) => {
      for (let b = 0; b < last; b += 1)
        for (let i = 0; i < BATCH; i += 1) acknowledged.add(`c${ci}/b${b}/i${i}`);
    });
    expect(acknowledged.size).toBeGreaterThan(CLIENTS * 10 * BATCH);

    // Restart on the same DATA_DIR.
    const second = await spawnServer(env);
    started.push(second);
    const { client, init } = await WsClient.hello(second.url);
    expect(init.type).toBe('connection:init');
    await client.close();

    const db = openDatabase(join(dataDir, 'paige.db'));
    try {
      const check = db.sqlite.pragma('integrity_check') as Array<{ integrity_check: string }>;
      expect(check).toEqual([{ integrity_check: 'ok' }]);
      const rows = db.sqlite
        .prepare(
          "select session_id as sessionId, data from action_log where action_type = 'explorer_expand_dir'",
        )
        .all() as Array<{ sessionId: string | null; data: string }>;
      const present = new Set(rows.map((r) => (JSON.parse(r.data) as { path: string }).path));
      const missing = [...acknowledged].filter((p) => !present.has(p));
      expect(missing).toEqual([]);
      expect(rows.every((r) => r.sessionId === sessionId)).toBe(true);
      const sessions = db.sqlite
        .prepare('select count(*) as n from sessions where id = ?')
        .get(sessionId) as { n: number };
      expect(sessions.n).toBe(1);
    } finally {
      db.close();
    }
    await stopServer(second.child);
    expect(second.child.exitCode).toBe(0);
  });
});
