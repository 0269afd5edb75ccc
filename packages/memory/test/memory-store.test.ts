import { ChromaClient } from 'chromadb';
import { describe, expect, inject, it } from 'vitest';
import {
  createHashingEmbeddingFunction,
  createMemoryStore,
  EMBEDDING_DIMENSION_KEY,
  EMBEDDING_NAME_KEY,
  MemoryError,
} from '../src/index.js';
import type { MemoryInput } from '../src/index.js';
import { createCapturingLogger, createClock, uniqueCollection, unusedPort } from './helpers.js';

const chromaUrl = inject('chromaUrl');

function rawClient(): ChromaClient {
  const { hostname, port } = new URL(chromaUrl);
  return new ChromaClient({
    host: hostname,
    port: Number(port),
    tenant: 'default_tenant',
    database: 'default_database',
  });
}

function memory(text: string, projectDir: string, extra: Partial<MemoryInput> = {}): MemoryInput {
  return { text, sessionId: 'sess-1', projectDir, type: 'reflection', ...extra };
}

describe('Story 8: ChromaDB Memory Integration', () => {
  it('AS-1: addMemories stores documents with content and metadata in the paige_memories collection', async () => {
    const clock = createClock();
    const { logger } = createCapturingLogger();
    const store = createMemoryStore({ url: chromaUrl, logger, now: clock.now });
    expect(store.collectionName).toBe('paige_memories');
    const suffix = Math.random().toString(36).slice(2);
    const result = await store.addMemories([
      {
        id: `as1-a-${suffix}`,
        text: 'Fixed an OAuth callback race condition by serialising token refreshes',
        sessionId: 'sess-42',
        projectDir: '/home/dev/app-alpha',
        type: 'reflection',
        tags: ['concurrency', 'auth, oauth', ' '],
        importance: 'high',
      },
      {
        id: `as1-b-${suffix}`,
        text: 'CSS grid auto-fill makes cards wrap',
        sessionId: 'sess-42',
        projectDir: '/home/dev/app-alpha',
        type: 'pattern',
      },
    ]);
    expect(result).toEqual({ added: 2, available: true });

    const collection = await rawClient().getCollection({
      name: 'paige_memories',
      embeddingFunction: createHashingEmbeddingFunction(),
    });
    const stored = await collection.get({
      ids: [`as1-a-${suffix}`, `as1-b-${suffix}`],
      include: ['documents', 'metadatas'],
    });
    const byId = new Map(
      stored.ids.map((id, i) => [id, { document: stored.documents[i], metadata: stored.metadatas[i] }]),
    );
    expect(byId.get(`as1-a-${suffix}`)).toEqual({
      document: 'Fixed an OAuth callback race condition by serialising token refreshes',
      metadata: {
        session_id: 'sess-42',
        project_dir: '/home/dev/app-alpha',
        created_at: '2026-01-15T10:00:00.000Z',
        type: 'reflection',
        tags: 'concurrency,auth  oauth',
        importance: 'high',
      },
    });
    expect(byId.get(`as1-b-${suffix}`)?.metadata).toEqual({
      session_id: 'sess-42',
      project_dir: '/home/dev/app-alpha',
      created_at: '2026-01-15T10:00:00.000Z',
      type: 'pattern',
    });
    expect(collection.metadata?.[EMBEDDING_NAME_KEY]).toBe('paige-hashing-v1');
    expect(collection.metadata?.[EMBEDDING_DIMENSION_KEY]).toBe(512);
    expect(collection.configuration.hnsw?.space).toBe('cosine');
  });

  it('AS-1: generated ids are mem_{sessionId}_..., unique across calls of the same session; explicit ids upsert', async () => {
    const { logger } = createCapturingLogger();
    const store = createMemoryStore({ url: chromaUrl, logger, collectionName: uniqueCollection('ids') });
    await store.addMemories([memory('first note about loops', '/p')]);
    await store.addMemories([memory('second note about loops', '/p')]);
    const hits = await store.queryMemories({ queryText: 'note about loops', limit: 10 });
    expect(hits).toHaveLength(2);
    for (const hit of hits) expect(hit.id).toMatch(/^mem_sess-1_[0-9a-f-]{36}$/);

    await store.addMemories([memory('version one', '/p', { id: 'fixed-id' })]);
    await store.addMemories([memory('version two', '/p', { id: 'fixed-id' })]);
    const fixed = (await store.queryMemories({ queryText: 'version', limit: 10 })).filter(
      (hit) => hit.id === 'fixed-id',
    );
    expect(fixed.map((hit) => hit.text)).toEqual(['version two']);
  });

  it('AS-2: queryMemories returns semantically similar results ranked by distance', async () => {
    const { logger } = createCapturingLogger();
    const store = createMemoryStore({ url: chromaUrl, logger, collectionName: uniqueCollection('as2') });
    await store.addMemories([
      memory('CSS grid layout: grid-template-columns with auto-fill for responsive cards', '/p', {
        tags: ['css'],
      }),
      memory('OAuth callback race condition: two token refreshes raced and overwrote the session', '/p', {
        tags: ['auth'],
        importance: 'high',
      }),
    ]);
    const hits = await store.queryMemories({ queryText: 'race condition in auth flow' });
    expect(hits).toHaveLength(2);
    expect(hits[0]?.text).toContain('OAuth callback race condition');
    expect(hits[1]?.text).toContain('CSS grid');
    expect(hits[0]!.distance).toBeLessThan(hits[1]!.distance);
    expect(hits[0]).toEqual({
      id: expect.stringMatching(/^mem_sess-1_/),
      text: 'OAuth callback race condition: two token refreshes raced and overwrote the session',
      metadata: {
        session_id: 'sess-1',
        project_dir: '/p',
        created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        type: 'reflection',
        tags: ['auth'],
        importance: 'high',
      },
      distance: expect.any(Number),
    });
  });

  it('AS-3: without a project filter, results include memories from all projects', async () => {
    const { logger } = createCapturingLogger();
    const store = createMemoryStore({ url: chromaUrl, logger, collectionName: uniqueCollection('as3') });
    await store.addMemories([
      memory('useEffect cleanup: unsubscribe when the component unmounts', '/work/app-alpha'),
      memory('useEffect cleanup for a websocket subscription', '/work/app-beta'),
      memory('SQL injection fixed with parameterized queries', '/work/app-beta'),
    ]);
    const hits = await store.queryMemories({ queryText: 'useEffect cleanup', limit: 2 });
    expect(new Set(hits.map((hit) => hit.metadata.project_dir))).toEqual(
      new Set(['/work/app-alpha', '/work/app-beta']),
    );
  });

  it("AS-4: with a project filter, only that project's memories are returned", async () => {
    const { logger } = createCapturingLogger();
    const store = createMemoryStore({ url: chromaUrl, logger, collectionName: uniqueCollection('as4') });
    await store.addMemories([
      memory('useEffect cleanup: unsubscribe when the component unmounts', '/work/app-alpha'),
      memory('useEffect cleanup for a websocket subscription', '/work/app-beta'),
      memory('flexbox centering with justify-content', '/work/app-alpha'),
    ]);
    const hits = await store.queryMemories({
      queryText: 'useEffect cleanup',
      project: '/work/app-alpha',
      limit: 10,
    });
    expect(hits.map((hit) => hit.metadata.project_dir)).toEqual(['/work/app-alpha', '/work/app-alpha']);
    expect(hits[0]?.text).toContain('useEffect cleanup');
    expect(await store.queryMemories({ queryText: 'useEffect cleanup', project: '/work/unknown' })).toEqual(
      [],
    );
  });

  it('AS-5: Chroma available at startup: connect logs the connection and isMemoryAvailable() is true', async () => {
    const { logger, entries } = createCapturingLogger();
    const name = uniqueCollection('as5');
    const store = createMemoryStore({ url: chromaUrl, logger, collectionName: name });
    expect(store.isMemoryAvailable()).toBe(false);
    await expect(store.connect()).resolves.toBe(true);
    expect(store.isMemoryAvailable()).toBe(true);
    expect(entries).toContainEqual(
      expect.objectContaining({ level: 'info', message: `ChromaDB connected — collection ${name} ready` }),
    );
    expect(entries.filter((entry) => entry.level === 'warn' || entry.level === 'error')).toEqual([]);
    await store.close();
    expect(store.isMemoryAvailable()).toBe(false);
    expect(await store.queryMemories({ queryText: 'anything' })).toEqual([]);
  });

  it('AS-6: Chroma unavailable at startup: warning logged, no throw, isMemoryAvailable() is false', async () => {
    const { logger, entries } = createCapturingLogger();
    const url = `http://127.0.0.1:${await unusedPort()}`;
    const store = createMemoryStore({ url, logger });
    await expect(store.connect()).resolves.toBe(false);
    expect(store.isMemoryAvailable()).toBe(false);
    expect(entries).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        message: `ChromaDB unavailable at ${url} — memory features disabled`,
      }),
    );
    await expect(store.queryMemories({ queryText: 'race condition' })).resolves.toEqual([]);
    await expect(store.addMemories([memory('a note', '/p')])).resolves.toEqual({
      added: 0,
      available: false,
    });
  });

  it('returns at most `limit` results, 5 by default, and fewer when fewer exist', async () => {
    const { logger } = createCapturingLogger();
    const store = createMemoryStore({ url: chromaUrl, logger, collectionName: uniqueCollection('limit') });
    await store.addMemories(
      Array.from({ length: 8 }, (_, i) => memory(`async await note number ${i}`, '/p')),
    );
    expect(await store.queryMemories({ queryText: 'async await' })).toHaveLength(5);
    expect(await store.queryMemories({ queryText: 'async await', limit: 2 })).toHaveLength(2);
    expect(await store.queryMemories({ queryText: 'async await', limit: 50 })).toHaveLength(8);
    const ranked = await store.queryMemories({ queryText: 'async await note number 3', limit: 8 });
    expect(ranked[0]?.text).toBe('async await note number 3');
    const distances = ranked.map((hit) => hit.distance);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
  });

  it('EC-48: an empty addMemories call returns { added: 0 } without contacting Chroma', async () => {
    const { logger, entries } = createCapturingLogger();
    const store = createMemoryStore({ url: `http://127.0.0.1:${await unusedPort()}`, logger });
    await expect(store.addMemories([])).resolves.toEqual({ added: 0, available: false });
    expect(entries).toEqual([]);
  });

  it('EC-49: an empty query string is passed through and does not throw', async () => {
    const { logger } = createCapturingLogger();
    const store = createMemoryStore({ url: chromaUrl, logger, collectionName: uniqueCollection('empty') });
    await store.addMemories([memory('something worth remembering', '/p')]);
    const hits = await store.queryMemories({ queryText: '' });
    expect(hits).toHaveLength(1);
    expect(Number.isFinite(hits[0]?.distance)).toBe(true);
  });

  it('opening a collection built with another embedding fails loudly at connect and degrades operations', async () => {
    const name = uniqueCollection('mismatch');
    const first = createMemoryStore({
      url: chromaUrl,
      logger: createCapturingLogger().logger,
      collectionName: name,
    });
    await first.addMemories([memory('a memory embedded with 512 dimensions', '/p')]);

    const { logger, entries } = createCapturingLogger();
    const other = createMemoryStore({
      url: chromaUrl,
      logger,
      collectionName: name,
      embeddingFunction: createHashingEmbeddingFunction({ dimension: 256 }),
    });
    const failure = await other.connect().catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(MemoryError);
    expect(failure).toMatchObject({ code: 'EMBEDDING_MISMATCH' });
    expect((failure as Error).message).toContain('paige-hashing-v1 (dimension 512)');
    expect(other.isMemoryAvailable()).toBe(false);

    await expect(other.queryMemories({ queryText: 'memory' })).resolves.toEqual([]);
    await expect(other.addMemories([memory('x', '/p')])).resolves.toEqual({ added: 0, available: false });
    expect(entries.some((entry) => entry.level === 'error' && entry.message.includes('dimension 512'))).toBe(
      true,
    );
    expect(await first.queryMemories({ queryText: 'memory' })).toHaveLength(1);
  });

  it('refuses a collection that holds records but does not say how they were embedded', async () => {
    const name = uniqueCollection('foreign');
    const ef = createHashingEmbeddingFunction();
    const foreign = await rawClient().createCollection({
      name,
      embeddingFunction: ef,
      configuration: { hnsw: { space: 'cosine' } },
    });
    await foreign.add({ ids: ['x'], documents: ['written by someone else'] });
    const store = createMemoryStore({
      url: chromaUrl,
      logger: createCapturingLogger().logger,
      collectionName: name,
    });
    await expect(store.connect()).rejects.toMatchObject({ name: 'MemoryError', code: 'EMBEDDING_MISMATCH' });
  });

  it('rejects a malformed url or collection name with MemoryError INVALID_OPTIONS', () => {
    expect(() => createMemoryStore({ url: 'not a url' })).toThrow(MemoryError);
    expect(() => createMemoryStore({ url: 'ftp://127.0.0.1:8000' })).toThrow(/http or https/);
    expect(() => createMemoryStore({ url: chromaUrl, collectionName: 'p' })).toThrow(/collectionName/);
  });
});
