import { describe, expect, it } from 'vitest';
import {
  createHashingEmbeddingFunction,
  DEFAULT_HASHING_DIMENSION,
  HASHING_EMBEDDING_NAME,
  MemoryError,
} from '../src/index.js';

const dot = (a: number[], b: number[]): number => a.reduce((sum, value, i) => sum + value * (b[i] ?? 0), 0);
const norm = (a: number[]): number => Math.sqrt(dot(a, a));

describe('Story 8: default offline embedding (hashed word and character n-grams)', () => {
  it('is deterministic, 512-dimensional by default, L2-normalised, and cosine-space', async () => {
    const ef = createHashingEmbeddingFunction();
    expect(ef.name).toBe(HASHING_EMBEDDING_NAME);
    expect(ef.dimension).toBe(DEFAULT_HASHING_DIMENSION);
    expect(ef.defaultSpace?.()).toBe('cosine');
    const [a, b] = await ef.generate([
      'Fixed a race condition in the OAuth callback',
      'Fixed a race condition in the OAuth callback',
    ]);
    const [c] = await createHashingEmbeddingFunction().generate([
      'Fixed a race condition in the OAuth callback',
    ]);
    expect(a).toHaveLength(512);
    expect(a).toEqual(b);
    expect(a).toEqual(c);
    expect(norm(a!)).toBeCloseTo(1, 10);
  });

  it('places texts sharing words and word fragments closer than unrelated texts', async () => {
    const ef = createHashingEmbeddingFunction();
    const [memory, related, unrelated, morphological] = await ef.generate([
      'async functions and await inside forEach loops',
      'await in a forEach loop does not wait',
      'CSS grid template columns',
      'asynchronous function awaiting',
    ]);
    expect(dot(memory!, related!)).toBeGreaterThan(dot(memory!, unrelated!));
    expect(dot(memory!, morphological!)).toBeGreaterThan(dot(memory!, unrelated!));
  });

  it('splits camelCase and snake_case identifiers so useEffect matches "use effect"', async () => {
    const ef = createHashingEmbeddingFunction();
    const [identifier, words, other] = await ef.generate([
      'useEffect cleanup',
      'the effect cleanup we use',
      'database index on email',
    ]);
    expect(dot(identifier!, words!)).toBeGreaterThan(0.5);
    expect(dot(identifier!, other!)).toBeLessThan(0.2);
  });

  it('maps empty or stop-word-only text to a unit vector, never zeros', async () => {
    const ef = createHashingEmbeddingFunction({ dimension: 64 });
    const vectors = await ef.generate(['', '   ...  ', 'the and of']);
    for (const vector of vectors) {
      expect(vector).toHaveLength(64);
      expect(norm(vector)).toBeCloseTo(1, 10);
    }
  });

  it('honours a custom dimension and rejects impossible ones', async () => {
    const ef = createHashingEmbeddingFunction({ dimension: 1024 });
    expect(ef.dimension).toBe(1024);
    expect((await ef.generate(['x']))[0]).toHaveLength(1024);
    expect(() => createHashingEmbeddingFunction({ dimension: 0 })).toThrow(MemoryError);
    expect(() => createHashingEmbeddingFunction({ dimension: 100.5 })).toThrow(/integer/);
  });
});
