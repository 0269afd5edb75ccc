/** Relative times for the check-in breadcrumb (issue 23 item 3). */

/** "just now", "1 min ago", "12 min ago", "2 h ago", "3 days ago" (from `at` to `now`, ms since the epoch). */
export function relativeTime(at: number, now: number): string {
  const s = Math.max(0, Math.round((now - at) / 1000));
  if (s < 60) return 'just now';
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h} h ago`;
  const d = Math.floor(h / 24);
  return d === 1 ? '1 day ago' : `${d} days ago`;
}
