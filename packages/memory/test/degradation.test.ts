import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryStore, startLocalChroma } from '../src/index.js';
import type { LocalChroma, MemoryInput } from '../src/index.js';
import { createCapturingLogger, createClock, unusedPort } from './helpers.js';
import type { LogEntry } from './helpers.js';

// These scenarios stop and restart Chroma, so each starts its own server instead of the run's shared one.
const started: LocalChroma[] = [];
const dirs: string[] = [];

async function chromaAt(dataDir: string, port?: number): Promise<LocalChroma> {
  const chroma = await startLocalChroma({ dataDir, port, logger: createCapturingLogger().logger });
  started.push(chroma);
  return chroma;
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'paige-memory-degrade-'));
  dirs.push(dir);
  return dir;
}

afterEach(async () => {
  await Promise.all(started.splice(0).map((chroma) => chroma.stop()));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const note = (text: string, projectDir = '/work/app'): MemoryInput => ({
  text,
  sessionId: 's-1',
  projectDir,
  type: 'reflection',
});
const unavailableWarnings = (entries: LogEntry[]): LogEntry[] =>
  entries.filter((entry) => entry.level === 'warn' && entry.message.startsWith('ChromaDB unavailable at'));

describe('Story 8: ChromaDB Memory Integration (degradation and lazy recovery)', () => {
  it('AS-7, AS-8: Chroma stops mid-session (degraded, rate-limited warnings) and comes back on the same port and data dir', async () => {
    const dataDir = tempDir();
    const first = await chromaAt(dataDir);
    const clock = createClock();
    const { logger, entries } = createCapturingLogger();
    const store = createMemoryStore({ url: first.url, logger, now: clock.now, warnIntervalMs: 60_000 });
    expect(await store.connect()).toBe(true);
    expect(
      await store.addMemories([
        note('race condition in the OAuth callback'),
        note('off-by-one in pagination'),
      ]),
    ).toEqual({
      added: 2,
      available: true,
    });

    await first.stop();

    // AS-7: degraded results, no throw, the caller carries on.
    await expect(store.queryMemories({ queryText: 'race condition' })).resolves.toEqual([]);
    expect(store.isMemoryAvailable()).toBe(false);
    await expect(store.addMemories([note('lost while Chroma is down')])).resolves.toEqual({
      added: 0,
      available: false,
    });
    await expect(store.queryMemories({ queryText: 'pagination' })).resolves.toEqual([]);
    await expect(store.addMemories([note('also lost')])).resolves.toEqual({ added: 0, available: false });
    // Rate limited: one warning for four degraded operations inside the interval...
    expect(unavailableWarnings(entries)).toHaveLength(1);
    // ...and the next one after the interval says how many were suppressed.
    clock.advance(60_001);
    await store.queryMemories({ queryText: 'anything' });
    const warnings = unavailableWarnings(entries);
    expect(warnings).toHaveLength(2);
    expect(warnings[1]?.fields).toMatchObject({ suppressedSinceLastWarning: 3, url: first.url });

    // AS-8: Chroma returns on the same port and data dir; the same store object reconnects on its next operation.
    await chromaAt(dataDir, first.port);
    const recovered = await store.queryMemories({ queryText: 'race condition in OAuth', limit: 10 });
    expect(store.isMemoryAvailable()).toBe(true);
    expect(recovered.map((hit) => hit.text)).toEqual([
      'race condition in the OAuth callback',
      'off-by-one in pagination',
    ]);
    expect(
      entries.filter(
        (entry) =>
          entry.level === 'info' && entry.message === 'ChromaDB connected — collection paige_memories ready',
      ),
    ).toEqual([
      expect.objectContaining({ fields: expect.objectContaining({ recovered: false }) }),
      expect.objectContaining({ fields: expect.objectContaining({ recovered: true }) }),
    ]);
    expect(await store.addMemories([note('written after recovery')])).toEqual({ added: 1, available: true });
    expect(await store.queryMemories({ queryText: 'anything', limit: 10 })).toHaveLength(3);
  });

  it('AS-8: Chroma unavailable at startup, started later: the next operation connects and succeeds', async () => {
    const port = await unusedPort();
    const { logger, entries } = createCapturingLogger();
    const store = createMemoryStore({ url: `http://127.0.0.1:${port}`, logger });
    expect(await store.connect()).toBe(false);
    expect(await store.addMemories([note('before Chroma exists')])).toEqual({ added: 0, available: false });

    await chromaAt(tempDir(), port);
    expect(await store.addMemories([note('after Chroma started')])).toEqual({ added: 1, available: true });
    expect(store.isMemoryAvailable()).toBe(true);
    expect((await store.queryMemories({ queryText: 'Chroma' })).map((hit) => hit.text)).toEqual([
      'after Chroma started',
    ]);
    expect(entries).toContainEqual(
      expect.objectContaining({ level: 'info', fields: expect.objectContaining({ recovered: true }) }),
    );
  });

  it('memories persist across a Chroma restart on the same data dir (new port, new store)', async () => {
    const dataDir = tempDir();
    const first = await chromaAt(dataDir);
    const before = createMemoryStore({ url: first.url, logger: createCapturingLogger().logger });
    await before.addMemories([
      note('SQL injection fixed with parameterized queries', '/work/a'),
      note('flexbox centering', '/work/b'),
    ]);
    await first.stop();

    const second = await chromaAt(dataDir);
    const after = createMemoryStore({ url: second.url, logger: createCapturingLogger().logger });
    expect(await after.connect()).toBe(true);
    const hits = await after.queryMemories({ queryText: 'SQL injection', project: '/work/a' });
    expect(hits.map((hit) => hit.text)).toEqual(['SQL injection fixed with parameterized queries']);
  });

  it('EC-53: a collection deleted while running is recreated by the next operation after the failing one', async () => {
    const chroma = await chromaAt(tempDir());
    const { logger } = createCapturingLogger();
    const store = createMemoryStore({ url: chroma.url, logger, collectionName: 'doomed' });
    await store.addMemories([note('soon gone')]);
    await fetch(`${chroma.url}/api/v2/tenants/default_tenant/databases/default_database/collections/doomed`, {
      method: 'DELETE',
    });
    expect(await store.queryMemories({ queryText: 'soon' })).toEqual([]);
    expect(await store.addMemories([note('fresh start')])).toEqual({ added: 1, available: true });
    expect((await store.queryMemories({ queryText: 'anything' })).map((hit) => hit.text)).toEqual([
      'fresh start',
    ]);
  });
});
