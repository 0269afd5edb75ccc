/**
 * Issue 7 item 4: with no CHROMA_URL the server starts a local ChromaDB child process with its data in
 * DATA_DIR/chroma, reports memory as available once it answers, and stops it on shutdown.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventually, startTestServer, WsClient } from '../support/harness.js';

describe('Story 8: the server runs its own ChromaDB', () => {
  it('starts a local Chroma in DATA_DIR/chroma, flags memory available, and stops it with the server', async () => {
    const t = await startTestServer({ env: { PAIGE_START_CHROMA: 'true' } });
    let chromaUrl: string | undefined;
    try {
      await eventually(() => t.server.parts.memory.available(), 30_000, 100);
      chromaUrl = t.server.parts.memory.store()?.url;
      expect(chromaUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(existsSync(join(t.dataDir, 'chroma'))).toBe(true);
      const { client, init } = await WsClient.hello(t.url);
      expect(init.payload.featureFlags).toMatchObject({ memory: true });
      // issue 19: /health names the mode and says the memory is up
      expect(t.server.health().components.memory).toEqual({ status: 'up', mode: 'local' });
      await client.close();
      const added = await t.server.parts.memory.store()?.addMemories([
        {
          text: 'Fixed a race condition in token refresh',
          sessionId: 's1',
          projectDir: t.projectDir,
          type: 'learned',
        },
      ]);
      expect(added).toEqual({ added: 1, available: true });
    } finally {
      await t.stop();
    }
    expect(t.logs.has(/shutdown: stopping local ChromaDB/)).toBe(true);
    await expect(fetch(`${chromaUrl}/api/v2/heartbeat`)).rejects.toThrow();
  }, 60_000);
});
