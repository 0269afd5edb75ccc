/**
 * Small, pure text helpers used to keep every prompt input inside a stated character bound
 * (issue 8 item 4: "bounded in size so a long session cannot overflow the context window").
 */

/** Marker inserted where text was removed. */
export const OMISSION_MARK = '[…]';

/**
 * Truncates `text` to at most `maxChars` UTF-16 code units.
 * - `keep: 'start'` (default) keeps the beginning and appends a note saying how many characters were cut.
 * - `keep: 'end'` keeps the end (the most recent part of a log or transcript) and prepends the note.
 * The result, note included, is never longer than `maxChars`; with `maxChars` smaller than the note the
 * text is cut hard.
 */
export function truncateText(
  text: string,
  maxChars: number,
  options: { keep?: 'start' | 'end' } = {},
): string {
  const limit = Math.max(0, Math.floor(maxChars));
  if (text.length <= limit) return text;
  const keep = options.keep ?? 'start';
  const note = keep === 'start' ? ` ${OMISSION_MARK} (${text.length - limit} more chars cut)` : '';
  // The note's own length depends on the number cut; a generous estimate keeps the bound exact.
  const noteLen =
    keep === 'start' ? note.length + 2 : `${OMISSION_MARK} (${text.length} earlier chars cut) `.length;
  if (limit <= noteLen) return keep === 'start' ? text.slice(0, limit) : text.slice(text.length - limit);
  const bodyLen = limit - noteLen;
  if (keep === 'start') {
    return `${text.slice(0, bodyLen)} ${OMISSION_MARK} (${text.length - bodyLen} more chars cut)`;
  }
  return `${OMISSION_MARK} (${text.length - bodyLen} earlier chars cut) ${text.slice(text.length - bodyLen)}`;
}

/**
 * Formats a duration in ms compactly: `45s`, `3m12s`, `2h05m`. Negative values count as 0.
 */
export function formatDuration(ms: number): string {
  const totalSeconds = Math.max(0, Math.round(ms / 1000));
  if (totalSeconds < 60) return `${totalSeconds}s`;
  const minutes = Math.floor(totalSeconds / 60);
  const seconds = totalSeconds % 60;
  if (minutes < 60) return seconds === 0 ? `${minutes}m` : `${minutes}m${String(seconds).padStart(2, '0')}s`;
  const hours = Math.floor(minutes / 60);
  return `${hours}h${String(minutes % 60).padStart(2, '0')}m`;
}

/** Human-readable relative time for the Observer snapshot (discovery Story 10 "ago"): `12s ago`, `3m12s ago`. */
export function formatAgo(ms: number): string {
  return `${formatDuration(ms)} ago`;
}

/** Parses an ISO 8601 string or epoch-ms number to epoch ms; `NaN` when unreadable. */
export function toEpochMs(value: string | number | Date): number {
  if (typeof value === 'number') return value;
  if (value instanceof Date) return value.getTime();
  return Date.parse(value);
}

/** `HH:MM:SS` in UTC of an epoch-ms time (`??:??:??` when unreadable). */
export function clockTime(ms: number): string {
  if (!Number.isFinite(ms)) return '??:??:??';
  return new Date(ms).toISOString().slice(11, 19);
}

/** Collapses whitespace runs to one space and trims, for one-line renderings of free text. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * Wraps `body` in an XML-like tag so the model can tell data from instructions
 * (`<plan>...</plan>`). Empty bodies render as `<tag>(none)</tag>`.
 */
export function tag(name: string, body: string): string {
  const content = body.trim().length === 0 ? '(none)' : body;
  return `<${name}>\n${content}\n</${name}>`;
}

/**
 * Joins items one per line, stopping before the total would exceed `maxChars`; when items are left out a
 * final line says how many (`… and 12 more`). Items keep their order; each is cut to `maxItemChars` first.
 */
export function boundedList(items: readonly string[], maxChars: number, maxItemChars = maxChars): string {
  const lines: string[] = [];
  let used = 0;
  const reserve = 40; // room for the "… and N more" line
  for (let i = 0; i < items.length; i += 1) {
    const item = truncateText(items[i] ?? '', maxItemChars);
    const cost = item.length + (lines.length > 0 ? 1 : 0);
    const left = items.length - i - 1;
    const budget = left > 0 ? maxChars - reserve : maxChars;
    if (used + cost > budget) {
      const more = `${OMISSION_MARK} and ${items.length - i} more`;
      if (used + more.length + 1 <= maxChars) lines.push(more);
      break;
    }
    lines.push(item);
    used += cost;
  }
  return lines.join('\n');
}

/** Final guard: a message longer than `maxChars` is cut (keeping its start) to exactly fit. */
export function clampMessage(message: string, maxChars: number): string {
  return truncateText(message, maxChars, { keep: 'start' });
}
