/** Formatting of the dashboard's and practice view's numbers, times and names (display only). */
import type { DreyfusStage } from '@paige/protocol';

/** Display names of the Dreyfus stages (DESIGN section 3: the wire keeps the snake_case enum). */
export const STAGE_NAMES: Record<DreyfusStage, string> = {
  novice: 'Novice',
  advanced_beginner: 'Advanced beginner',
  competent: 'Competent',
  proficient: 'Proficient',
  expert: 'Expert',
};

/** Stage order, 1 (novice) to 5 (expert). */
export const STAGE_ORDER: readonly DreyfusStage[] = [
  'novice',
  'advanced_beginner',
  'competent',
  'proficient',
  'expert',
];

export const stageRank = (stage: DreyfusStage): number => STAGE_ORDER.indexOf(stage) + 1;

/** `95` -> `1 h 35 min`; `0.4` -> `< 1 min`. */
export function formatMinutes(minutes: number): string {
  if (minutes <= 0) return '0 min';
  if (minutes < 1) return '< 1 min';
  const m = Math.round(minutes);
  const h = Math.floor(m / 60);
  return h > 0 ? `${h} h${m % 60 ? ` ${m % 60} min` : ''}` : `${m} min`;
}

/** USD with cents, or more digits below one cent (`$0.0042`). */
export function formatUsd(usd: number): string {
  if (usd === 0) return '$0.00';
  if (usd < 0.01) return `$${usd.toFixed(4)}`;
  return `$${usd.toFixed(2)}`;
}

export const formatPercent = (x: number): string => `${Math.round(x * 100)}%`;

export const formatCount = (n: number): string => n.toLocaleString('en-US');

/**
 * "just now", "5 min ago", "3 h ago", "2 days ago" (then the date), from `at` (an ISO timestamp or ms since the epoch)
 * to `now`; a time a little ahead of `now` (another clock) is "just now".
 */
export function formatAgo(at: string | number, now = Date.now()): string {
  const t = typeof at === 'number' ? at : Date.parse(at);
  if (Number.isNaN(t)) return String(at);
  const s = Math.max(0, Math.round((now - t) / 1000));
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86_400) return `${Math.round(s / 3600)} h ago`;
  if (s < 7 * 86_400) return `${Math.round(s / 86_400)} day${Math.round(s / 86_400) === 1 ? '' : 's'} ago`;
  return new Date(t).toLocaleDateString('en-US', { year: 'numeric', month: 'short', day: 'numeric' });
}

/**
 * `url` when it is an absolute http(s) URL, else `null` (never render a `javascript:` or relative link; the backend
 * sends only URLs its web search returned, this is the page's own guard).
 */
export function safeHttpUrl(url: string | undefined | null): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : null;
  } catch {
    return null;
  }
}
