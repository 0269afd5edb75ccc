import { describe, expect, it } from 'vitest';
import {
  createAssessmentCache,
  extractSearchResultUrls,
  filterUrlsToSearchResults,
  normaliseUrl,
} from '../src/index.js';
import type { LearningMaterialsOutput } from '../src/index.js';

const resource = (
  url: string,
  title = url,
): LearningMaterialsOutput['recommendations'][number]['resources'][number] => ({
  type: 'article',
  title,
  url,
  description: 'd',
  relevance: 'direct',
  estimatedTime: '5 min',
});

describe('Story 12: learning materials cite only URLs the search returned', () => {
  const materials: LearningMaterialsOutput = {
    recommendations: [
      {
        knowledgeGap: 'useEffect cleanup',
        resources: [
          resource('https://react.dev/learn/synchronizing-with-effects/'),
          resource('https://overreacted.io/a-complete-guide-to-useeffect/'),
          resource('https://www.example.com/invented-by-the-model'),
        ],
        studyOrder: 's',
        practiceConnection: null,
      },
      {
        knowledgeGap: 'closures',
        resources: [resource('https://made.up/closures')],
        studyOrder: 's',
        practiceConnection: null,
      },
    ],
  };

  it('AS-6: a URL the search did not return is dropped; trivial differences are tolerated', () => {
    const { materials: out, droppedUrls } = filterUrlsToSearchResults(materials, [
      { url: 'https://react.dev/learn/synchronizing-with-effects' }, // no trailing slash
      'http://OVERREACTED.io/a-complete-guide-to-useeffect#cleanup', // scheme, case, fragment
      { url: 'https://example.com/something-else' },
    ]);
    expect(out.recommendations).toHaveLength(1);
    expect(out.recommendations[0]?.resources.map((r) => r.url)).toEqual([
      'https://react.dev/learn/synchronizing-with-effects/',
      'https://overreacted.io/a-complete-guide-to-useeffect/',
    ]);
    expect(droppedUrls).toEqual([
      'https://www.example.com/invented-by-the-model',
      'https://made.up/closures',
    ]);
  });

  it('with no search results at all, every resource and recommendation is dropped', () => {
    const { materials: out, droppedUrls } = filterUrlsToSearchResults(materials, []);
    expect(out.recommendations).toEqual([]);
    expect(droppedUrls).toHaveLength(4);
  });

  it('normaliseUrl ignores utm parameters and a leading www, keeps other query parameters, rejects non-http', () => {
    expect(normaliseUrl('https://www.a.dev/x/?utm_source=y&b=2&a=1')).toBe('a.dev/x?a=1&b=2');
    expect(normaliseUrl('https://a.dev/x?page=2')).not.toBe(normaliseUrl('https://a.dev/x?page=3'));
    expect(normaliseUrl('javascript:alert(1)')).toBeNull();
    expect(normaliseUrl('not a url')).toBeNull();
  });

  it('extractSearchResultUrls reads web_search_tool_result blocks of a Messages API reply', () => {
    const content = [
      {
        type: 'server_tool_use',
        id: 'srvtoolu_1',
        name: 'web_search',
        input: { query: 'useEffect cleanup' },
      },
      {
        type: 'web_search_tool_result',
        tool_use_id: 'srvtoolu_1',
        content: [
          {
            type: 'web_search_result',
            url: 'https://react.dev/learn/synchronizing-with-effects',
            title: 'Effects',
          },
          {
            type: 'web_search_result',
            url: 'https://overreacted.io/a-complete-guide-to-useeffect/',
            title: 'Guide',
          },
        ],
      },
      {
        type: 'web_search_tool_result',
        tool_use_id: 'srvtoolu_2',
        content: { type: 'web_search_tool_result_error', error_code: 'unavailable' },
      },
      { type: 'text', text: '{}' },
    ];
    expect(extractSearchResultUrls(content)).toEqual([
      'https://react.dev/learn/synchronizing-with-effects',
      'https://overreacted.io/a-complete-guide-to-useeffect/',
    ]);
  });
});

describe('Issue 10 item 4: issue assessment cache (number + updatedAt, TTL)', () => {
  it('serves an entry until the TTL passes, on the injected clock', () => {
    let now = 1_000;
    const cache = createAssessmentCache<string>({ ttlMs: 60_000, now: () => now });
    cache.set(42, '2026-02-10T09:00:00Z', 'good_fit');
    expect(cache.get(42, '2026-02-10T09:00:00Z')).toBe('good_fit');
    now += 59_999;
    expect(cache.get(42, '2026-02-10T09:00:00Z')).toBe('good_fit');
    now += 1;
    expect(cache.get(42, '2026-02-10T09:00:00Z')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('an edited issue (new updatedAt) misses and replaces the old version', () => {
    const cache = createAssessmentCache<string>({ ttlMs: 60_000, now: () => 0 });
    cache.set(42, 'v1', 'old');
    expect(cache.get(42, 'v2')).toBeUndefined();
    cache.set(42, 'v2', 'new');
    expect(cache.get(42, 'v1')).toBeUndefined();
    expect(cache.get(42, 'v2')).toBe('new');
    expect(cache.size).toBe(1);
  });

  it('partition splits issues into cached and still-to-assess, in order', () => {
    const cache = createAssessmentCache<number>({ ttlMs: 1_000, now: () => 0 });
    cache.set(1, 'a', 10);
    cache.set(3, 'c', 30);
    const issues = [
      { number: 1, updatedAt: 'a' },
      { number: 2, updatedAt: 'b' },
      { number: 3, updatedAt: 'changed' },
    ];
    const { cached, missing } = cache.partition(issues);
    expect(cached).toEqual([{ issue: issues[0], value: 10 }]);
    expect(missing.map((i) => i.number)).toEqual([2, 3]);
  });

  it('evicts the oldest entries beyond maxEntries, and rejects a negative TTL', () => {
    const cache = createAssessmentCache<number>({ ttlMs: 1_000, now: () => 0, maxEntries: 2 });
    cache.set(1, 'a', 1);
    cache.set(2, 'a', 2);
    cache.set(3, 'a', 3);
    expect(cache.get(1, 'a')).toBeUndefined();
    expect(cache.get(3, 'a')).toBe(3);
    cache.clear();
    expect(cache.size).toBe(0);
    expect(() => createAssessmentCache({ ttlMs: -1 })).toThrow(RangeError);
  });
});
