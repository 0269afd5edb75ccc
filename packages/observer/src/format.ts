/**
 * Formats a duration in ms the way the spec's snapshot examples do: `"12s"`, `"3m12s"`, `"4m"`, `"1h05m"`.
 * Negative values count as 0; sub-second remainders are truncated.
 * @see discovery Story 10 "Context Snapshot Assembly" (`ago`, `time_since_last_save`)
 */
export function formatDuration(ms: number): string {
  const totalSeconds = Math.max(0, Math.floor(ms / 1000));
  if (totalSeconds < 60) return `${totalSeconds}s`;
  const totalMinutes = Math.floor(totalSeconds / 60);
  const seconds = totalSeconds % 60;
  if (totalMinutes < 60) return seconds === 0 ? `${totalMinutes}m` : `${totalMinutes}m${seconds}s`;
  const hours = Math.floor(totalMinutes / 60);
  const minutes = totalMinutes % 60;
  return `${hours}h${String(minutes).padStart(2, '0')}m`;
}
