/**
 * Renderings of session data (phases with timing, progress events, known gaps, Dreyfus assessments) for the
 * wrap-up and coaching prompts, each within a character bound. @see issue 8 item 4
 */
import type { DreyfusStage } from '@paige/protocol';
import { boundedList, clockTime, formatDuration, oneLine, toEpochMs, truncateText } from './text.js';

/** A phase as the prompts need it. Times are ISO 8601 strings, epoch ms or Dates; absent when not reached. */
export interface PhaseRecord {
  number: number;
  title: string;
  /** `pending | active | complete` (canonical `PhaseStatus`), kept as text for display. */
  status: string;
  /** Canonical `HintLevel` of the phase, if known. */
  hintLevel?: string | null;
  description?: string | null;
  startedAt?: string | number | Date | null;
  completedAt?: string | number | Date | null;
}

/** Options shared by the renderers: the bound, and `now` (epoch ms) for the running time of an active phase. */
export interface RenderOptions {
  maxChars: number;
  now?: number;
}

/**
 * One line per phase: `Phase 2 "Add the guard" — complete in 12m30s (hint level medium)`; an active phase shows its
 * running time when `now` is given. Phases past the bound are summarised as `… and N more`.
 */
export function formatPhases(phases: readonly PhaseRecord[], options: RenderOptions): string {
  if (phases.length === 0) return truncateText('No phases.', options.maxChars);
  const lines = [...phases]
    .sort((a, b) => a.number - b.number)
    .map((p) => {
      const start = p.startedAt == null ? Number.NaN : toEpochMs(p.startedAt);
      const end = p.completedAt == null ? Number.NaN : toEpochMs(p.completedAt);
      let timing = '';
      if (Number.isFinite(start) && Number.isFinite(end)) timing = ` in ${formatDuration(end - start)}`;
      else if (Number.isFinite(start) && options.now !== undefined)
        timing = `, running for ${formatDuration(options.now - start)}`;
      const hint = p.hintLevel ? ` (hint level ${p.hintLevel})` : '';
      const desc = p.description ? `: ${oneLine(p.description)}` : '';
      return `Phase ${p.number} "${oneLine(p.title)}" — ${p.status}${timing}${hint}${desc}`;
    });
  return boundedList(lines, options.maxChars, 400);
}

/** A `progress_events` row (hint used, hint escalated, review requested, phase started...). */
export interface ProgressEventRecord {
  /** e.g. `hint_used`, `hint_escalated`, `review_requested`, `phase_started`, `phase_completed`. */
  eventType: string;
  phaseNumber?: number | null;
  createdAt: string | number | Date;
  data?: Record<string, unknown> | null;
}

/**
 * Progress events as `Counts: hint_used 7 (phase 2: 5, phase 3: 2), ...` followed by the most recent events,
 * newest kept when the bound is reached (oldest dropped first).
 */
export function formatProgressEvents(events: readonly ProgressEventRecord[], options: RenderOptions): string {
  if (events.length === 0) return truncateText('No progress events.', options.maxChars);
  const byType = new Map<string, Map<string, number>>();
  for (const e of events) {
    const perPhase = byType.get(e.eventType) ?? new Map<string, number>();
    const key = e.phaseNumber == null ? '-' : String(e.phaseNumber);
    perPhase.set(key, (perPhase.get(key) ?? 0) + 1);
    byType.set(e.eventType, perPhase);
  }
  const counts = [...byType.entries()].map(([type, perPhase]) => {
    const total = [...perPhase.values()].reduce((s, n) => s + n, 0);
    const split = [...perPhase.entries()].filter(([k]) => k !== '-').map(([k, n]) => `phase ${k}: ${n}`);
    return `${type} ${total}${split.length > 0 ? ` (${split.join(', ')})` : ''}`;
  });
  const head = truncateText(`Counts: ${counts.join('; ')}`, Math.floor(options.maxChars / 2));
  const recent = [...events]
    .sort((a, b) => toEpochMs(b.createdAt) - toEpochMs(a.createdAt))
    .map(
      (e) =>
        `${clockTime(toEpochMs(e.createdAt))} ${e.eventType}${e.phaseNumber == null ? '' : ` phase ${e.phaseNumber}`}`,
    );
  const list = boundedList(recent, Math.max(0, options.maxChars - head.length - 30), 120);
  return truncateText(`${head}\nMost recent first:\n${list}`, options.maxChars);
}

/** A knowledge gap already on record (sent so the extraction does not duplicate it). */
export interface ExistingGapRecord {
  topic: string;
  severity?: string | null;
  frequency?: number | null;
  addressed?: boolean | null;
}

/**
 * One line per known gap: `useEffect cleanup (high, seen 3 times, open)`, within the bound. Open gaps come first,
 * so the knowledge-gap agent always sees them (issue 20 item 1: it judges whether an open gap was addressed).
 */
export function formatExistingGaps(gaps: readonly ExistingGapRecord[], options: RenderOptions): string {
  if (gaps.length === 0) return truncateText('No knowledge gaps on record.', options.maxChars);
  const ordered = [...gaps.filter((g) => g.addressed !== true), ...gaps.filter((g) => g.addressed === true)];
  const lines = ordered.map((g) => {
    const bits = [
      g.severity,
      g.frequency == null ? null : `seen ${g.frequency} times`,
      g.addressed ? 'addressed' : 'open',
    ].filter((b): b is string => typeof b === 'string' && b.length > 0);
    return `${oneLine(g.topic)}${bits.length > 0 ? ` (${bits.join(', ')})` : ''}`;
  });
  return boundedList(lines, options.maxChars, 200);
}

/** A Dreyfus assessment row as the prompts need it. */
export interface DreyfusAssessmentRecord {
  skillArea: string;
  stage: DreyfusStage;
  /** 0..1 */
  confidence: number;
}

/** One line per assessment: `React state management: advanced_beginner (confidence 0.70)`, within the bound. */
export function formatAssessments(
  assessments: readonly DreyfusAssessmentRecord[],
  options: RenderOptions,
): string {
  if (assessments.length === 0)
    return truncateText(
      'No assessments yet (first session): treat the learner as a novice.',
      options.maxChars,
    );
  const lines = assessments.map(
    (a) => `${oneLine(a.skillArea)}: ${a.stage} (confidence ${a.confidence.toFixed(2)})`,
  );
  return boundedList(lines, options.maxChars, 200);
}
