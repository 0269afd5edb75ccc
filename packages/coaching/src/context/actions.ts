/**
 * Action-log summaries for the wrap-up agents (issue 8 item 4): counts per type over the whole session plus
 * a timeline that keeps the most recent actions and drops the oldest first, within a character bound.
 */
import { clockTime, OMISSION_MARK, oneLine, toEpochMs, truncateText } from './text.js';

/** One action as the summary needs it (an `action_log` row or an activity event). */
export interface ActionRecord {
  /** Action type from the catalog, e.g. `file_open`, `phase_completed`. */
  type: string;
  /** When it happened: ISO 8601 string, epoch ms, or a Date. */
  createdAt: string | number | Date;
  /** The row's `data` JSON; `path` (string) is shown in the timeline when present. */
  data?: Record<string, unknown> | null;
}

/** Options of {@link summariseActions}. */
export interface SummariseActionsOptions {
  /** Upper bound on the returned text, in characters. */
  maxChars: number;
  /** Longest rendering of one timeline entry, in characters (default 160). */
  maxEntryChars?: number;
}

const DETAIL_KEYS = ['path', 'phaseNumber', 'phase', 'level', 'signal', 'reason', 'tool', 'agent'] as const;

function detailOf(data: Record<string, unknown> | null | undefined): string {
  if (!data) return '';
  const parts: string[] = [];
  for (const key of DETAIL_KEYS) {
    const value = data[key];
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      parts.push(key === 'path' ? String(value) : `${key}=${String(value)}`);
    }
  }
  return oneLine(parts.join(' '));
}

/**
 * Summarises an action log as text of at most `maxChars` characters.
 *
 * Layout: a header (`N actions from HH:MM:SS to HH:MM:SS UTC`), a `Counts by type` line covering every action
 * (most frequent first), then a `Timeline` in chronological order where consecutive identical entries (same type
 * and detail) are merged as `×n`. Truncation rule: counts are always complete; when the timeline does not fit,
 * the oldest entries are dropped first and a line states how many actions were omitted. Input order does not
 * matter (actions are sorted by time; unreadable times sort first).
 *
 * @see issue 8 item 4 (bounded wrap-up inputs, oldest first)
 */
export function summariseActions(actions: readonly ActionRecord[], options: SummariseActionsOptions): string {
  const maxChars = Math.max(0, Math.floor(options.maxChars));
  const maxEntryChars = options.maxEntryChars ?? 160;
  if (actions.length === 0) return truncateText('No actions were recorded.', maxChars);

  const sorted = actions
    .map((a, index) => ({ a, index, t: toEpochMs(a.createdAt) }))
    .sort(
      (x, y) =>
        (Number.isFinite(x.t) ? x.t : -Infinity) - (Number.isFinite(y.t) ? y.t : -Infinity) ||
        x.index - y.index,
    );

  const counts = new Map<string, number>();
  for (const { a } of sorted) counts.set(a.type, (counts.get(a.type) ?? 0) + 1);
  const countLine = `Counts by type: ${[...counts.entries()]
    .sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]))
    .map(([type, n]) => `${type} ${n}`)
    .join(', ')}`;
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  const header = `${actions.length} actions from ${clockTime(first?.t ?? Number.NaN)} to ${clockTime(last?.t ?? Number.NaN)} UTC.`;

  // Merge consecutive identical entries, keeping how many raw actions each group covers.
  interface Group {
    t: number;
    line: string;
    key: string;
    n: number;
  }
  const groups: Group[] = [];
  for (const { a, t } of sorted) {
    const detail = detailOf(a.data);
    const key = `${a.type}\u0000${detail}`;
    const prev = groups[groups.length - 1];
    if (prev && prev.key === key) {
      prev.n += 1;
      continue;
    }
    groups.push({ t, key, n: 1, line: `${clockTime(t)} ${a.type}${detail ? ` ${detail}` : ''}` });
  }

  const head = truncateText(
    `${header}\n${truncateText(countLine, Math.max(0, Math.floor(maxChars / 3)))}\nTimeline:`,
    maxChars,
  );
  const omittedLine = (n: number): string => `${OMISSION_MARK} ${n} earlier actions omitted (oldest first)`;
  // Reserve room for the omission line; fill from the newest group backwards.
  let budget = maxChars - head.length - omittedLine(actions.length).length - 2;
  const kept: string[] = [];
  let coveredActions = 0;
  for (let i = groups.length - 1; i >= 0; i -= 1) {
    const g = groups[i];
    if (!g) continue;
    const line = truncateText(g.n > 1 ? `${g.line} ×${g.n}` : g.line, maxEntryChars);
    if (line.length + 1 > budget) break;
    kept.push(line);
    budget -= line.length + 1;
    coveredActions += g.n;
  }
  kept.reverse();
  const omitted = actions.length - coveredActions;
  const parts = [head];
  if (omitted > 0) parts.push(omittedLine(omitted));
  parts.push(...kept);
  return truncateText(parts.join('\n'), maxChars);
}
