/**
 * `mcp_tool_call` rows are written off the request path (AppContext.logActionDeferred, DESIGN section 8): after a
 * short quiet time or at the latest 50 ms later, in one commit per group, and never lost on a graceful shutdown.
 */
import { join } from 'node:path';
import { openDatabase } from '@paige/store';
import { afterEach, describe, expect, it } from 'vitest';
import { connectMcp, startTestServer, type TestServer } from '../support/harness.js';

let t: TestServer | undefined;

afterEach(async () => {
  await t?.stop();
  t = undefined;
});

const countRows = (s: TestServer): number =>
  (
    s.server.parts.db.sqlite
      .prepare("SELECT COUNT(*) AS n FROM action_log WHERE action_type = 'mcp_tool_call'")
      .get() as { n: number }
  ).n;

describe('mcp_tool_call logging off the request path', () => {
  it('back-to-back calls are all logged, as a group, shortly after the last one', async () => {
    t = await startTestServer();
    const mcp = await connectMcp(t.url);
    for (let i = 0; i < 30; i += 1) {
      const r = await mcp.client.callTool({ name: 'paige_get_open_files', arguments: {} });
      expect(r.isError).toBeFalsy();
    }
    // At most 50 ms after the first queued row, every call of the burst is in the table.
    await new Promise((r) => setTimeout(r, 60));
    expect(countRows(t)).toBe(30);
    await mcp.close();
  });

  it('rows still queued when the server stops are written before the database closes', async () => {
    t = await startTestServer();
    const mcp = await connectMcp(t.url);
    for (let i = 0; i < 5; i += 1) await mcp.client.callTool({ name: 'paige_get_open_files', arguments: {} });
    await t.server.stop();
    await mcp.close().catch(() => undefined);
    const db = openDatabase(join(t.dataDir, 'paige.db'));
    try {
      const rows = db.sqlite
        .prepare("SELECT data FROM action_log WHERE action_type = 'mcp_tool_call'")
        .all() as { data: string }[];
      expect(rows).toHaveLength(5);
      expect(JSON.parse(rows[4]?.data ?? '{}')).toMatchObject({
        toolName: 'paige_get_open_files',
        outcome: 'success',
      });
    } finally {
      db.close();
    }
  });
});
