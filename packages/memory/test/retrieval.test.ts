import { describe, expect, inject, it } from 'vitest';
import { createMemoryStore } from '../src/index.js';
import { FIXTURE_MEMORIES, FIXTURE_QUERIES } from './fixtures/retrieval-fixture.js';
import { createCapturingLogger, uniqueCollection } from './helpers.js';

describe('Story 8: retrieval quality of the default embedding', () => {
  it('AS-2: the memory a query is about is in the top 3 for at least 80% of the fixture queries', async () => {
    expect(FIXTURE_MEMORIES.length).toBeGreaterThanOrEqual(30);
    expect(FIXTURE_QUERIES.length).toBeGreaterThanOrEqual(15);
    const store = createMemoryStore({
      url: inject('chromaUrl'),
      logger: createCapturingLogger().logger,
      collectionName: uniqueCollection('retrieval'),
    });
    const added = await store.addMemories(
      FIXTURE_MEMORIES.map((m) => ({
        id: m.id,
        text: m.text,
        tags: m.tags,
        sessionId: 'fixture',
        projectDir: '/work/fixture',
        type: 'reflection',
      })),
    );
    expect(added).toEqual({ added: FIXTURE_MEMORIES.length, available: true });

    const misses: string[] = [];
    let top1 = 0;
    for (const { query, expectedId } of FIXTURE_QUERIES) {
      const hits = await store.queryMemories({ queryText: query, project: '/work/fixture', limit: 3 });
      const rank = hits.findIndex((hit) => hit.id === expectedId);
      if (rank === 0) top1 += 1;
      if (rank < 0)
        misses.push(`${query} -> expected ${expectedId}, got ${hits.map((hit) => hit.id).join(', ')}`);
    }
    const hitRate = (FIXTURE_QUERIES.length - misses.length) / FIXTURE_QUERIES.length;
    console.log(
      `retrieval check: top-3 ${FIXTURE_QUERIES.length - misses.length}/${FIXTURE_QUERIES.length} (${(hitRate * 100).toFixed(1)}%), ` +
        `top-1 ${top1}/${FIXTURE_QUERIES.length}, ${FIXTURE_MEMORIES.length} memories` +
        (misses.length > 0 ? `\n  misses:\n  ${misses.join('\n  ')}` : ''),
    );
    expect(hitRate).toBeGreaterThanOrEqual(0.8);
  });
});
