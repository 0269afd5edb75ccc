/**
 * Keeps learning materials honest: only URLs the web search actually returned survive.
 * @see primary Story 12 AS-6 ("real URLs (not hallucinated)"), issue 10 item 3
 */
import { z } from 'zod';
import type { LearningMaterialsOutput } from './prompts/learning-materials.js';

/**
 * Normalises a URL for comparison, ignoring trivial differences: scheme and host case, a leading `www.`,
 * `http` vs `https`, default ports, a trailing slash, the `#fragment`, and common tracking parameters (`utm_*`).
 * Returns `null` for strings that are not absolute http(s) URLs.
 */
export function normaliseUrl(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  const host = url.hostname.toLowerCase().replace(/^www\./, '');
  const params = [...url.searchParams.entries()]
    .filter(([k]) => !/^utm_/i.test(k))
    .sort(([a], [b]) => a.localeCompare(b));
  const query = params.length === 0 ? '' : `?${new URLSearchParams(params).toString()}`;
  let path = url.pathname;
  while (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
  if (path === '/') path = '';
  return `${host}${path}${query}`;
}

/** A search result as the filter needs it: a URL string, or an object with `url`. */
export type SearchResultRef = string | { url: string };

/** Result of {@link filterUrlsToSearchResults}. */
export interface FilteredMaterials {
  /** The input with unreturned resources removed; recommendations left with no resource are removed too. */
  materials: LearningMaterialsOutput;
  /** URLs that were dropped, as the model wrote them. */
  droppedUrls: string[];
}

/**
 * Drops every resource whose URL the web search did not return (compared with {@link normaliseUrl}), so the learner
 * never sees a link the model made up. A recommendation whose resources are all dropped is removed.
 */
export function filterUrlsToSearchResults(
  materials: LearningMaterialsOutput,
  searchResults: readonly SearchResultRef[],
): FilteredMaterials {
  const allowed = new Set<string>();
  for (const r of searchResults) {
    const n = normaliseUrl(typeof r === 'string' ? r : r.url);
    if (n !== null) allowed.add(n);
  }
  const droppedUrls: string[] = [];
  const recommendations = materials.recommendations
    .map((rec) => ({
      ...rec,
      resources: rec.resources.filter((res) => {
        const n = normaliseUrl(res.url);
        const ok = n !== null && allowed.has(n);
        if (!ok) droppedUrls.push(res.url);
        return ok;
      }),
    }))
    .filter((rec) => rec.resources.length > 0);
  return { materials: { recommendations }, droppedUrls };
}

const WebSearchResultBlockSchema = z.object({
  type: z.literal('web_search_tool_result'),
  content: z.union([
    z.array(z.object({ type: z.string(), url: z.string().optional() })),
    z.object({}).loose(),
  ]),
});

/**
 * Collects the URLs of every `web_search_result` inside the `web_search_tool_result` blocks of a Messages API
 * response's `content` array (other blocks and error results are ignored).
 */
export function extractSearchResultUrls(content: readonly unknown[]): string[] {
  const urls: string[] = [];
  for (const block of content) {
    const parsed = WebSearchResultBlockSchema.safeParse(block);
    if (!parsed.success || !Array.isArray(parsed.data.content)) continue;
    for (const item of parsed.data.content) {
      if (item.type === 'web_search_result' && typeof item.url === 'string') urls.push(item.url);
    }
  }
  return urls;
}
