/**
 * The wrap-up screen's report (issue 23 item 4; brainstorm "Work Mode Workflow" 6): everything one ended session did,
 * built from the database so it survives a reload, in the shape of the `session:wrap_up` message.
 */
import { LIMITS, type PhaseSummary, type WrapUpReport } from '@paige/protocol';
import { getSessionReportData, type PaigeDatabase, type Session, type SessionReportData } from '@paige/store';

const clip = (text: string, max: number): string =>
  text.length <= max ? text : `${text.slice(0, max - 1)}…`;
const labelOf = (text: string): string =>
  clip(text.replace(/\s+/g, ' ').trim() || '(untitled)', LIMITS.label);

/** Options of {@link buildWrapUpReport}. */
export interface BuildWrapUpReportOptions {
  /** True while the wrap-up agents still run. */
  pending: boolean;
  /** The clock, for the duration of a session that has not ended (default: now). */
  now?: () => Date;
}

/**
 * A one-sentence summary of what a session did, from its facts (no model call), e.g. `Session on issue #42 "Fix login"
 * (35 min): 2 of 4 phases complete, 3 hints shown, 1 review, 2 knowledge gaps found.` Used when the wrap-up stored no
 * summary of its own.
 */
export function describeSession(data: SessionReportData, durationMs: number): string {
  const { session } = data;
  const minutes = Math.round(Math.max(0, durationMs) / 60_000);
  const duration = minutes < 1 ? 'less than a minute' : `${minutes} min`;
  const issue =
    session.issueNumber !== null
      ? `Session on issue #${session.issueNumber}${session.issueTitle ? ` "${clip(session.issueTitle, 200)}"` : ''}`
      : session.issueTitle
        ? `Session on "${clip(session.issueTitle, 200)}"`
        : 'Coaching session';
  const parts: string[] = [];
  if (data.phases.length > 0) {
    parts.push(
      `${data.phases.filter((p) => p.status === 'complete').length} of ${data.phases.length} phases complete`,
    );
  } else {
    parts.push('no coaching plan');
  }
  const hints = Object.values(data.hintsUsed).reduce((a, b) => a + b, 0);
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  parts.push(
    `${plural(hints, 'hint')} shown`,
    plural(data.reviews, 'review'),
    `${plural(data.gaps.length, 'knowledge gap')} found`,
  );
  return `${issue} (${duration}): ${parts.join(', ')}.`;
}

/** The `PhaseSummary` rows of the report (a phase without its own level shows the session's). */
function phaseSummaries(data: SessionReportData): PhaseSummary[] {
  return data.phases.slice(0, 100).map((p) => ({
    id: p.id,
    number: p.number,
    title: labelOf(p.title),
    description: clip(p.description, LIMITS.prose),
    status: p.status,
    hintLevel: p.hintLevel ?? data.session.hintLevel,
    expectedFiles: p.expectedFiles.slice(0, LIMITS.list),
  }));
}

/** The report for facts already read ({@link getSessionReportData}); see {@link buildWrapUpReport}. */
export function wrapUpReportFrom(data: SessionReportData, options: BuildWrapUpReportOptions): WrapUpReport {
  const { session } = data;
  const now = (options.now ?? (() => new Date()))();
  const end = session.endedAt ? Date.parse(session.endedAt) : now.getTime();
  const durationMs = Math.max(0, Math.round(end - Date.parse(session.startedAt)));
  const status = session.status === 'active' ? 'completed' : session.status;
  return {
    sessionId: session.id,
    status,
    pending: options.pending,
    issueContext: {
      number: session.issueNumber,
      title: session.issueTitle === null ? null : labelOf(session.issueTitle),
      summary: session.issueSummary === null ? null : clip(session.issueSummary, LIMITS.prose),
    },
    startedAt: session.startedAt,
    endedAt: session.endedAt,
    durationMs,
    costUsd: Math.max(0, data.costUsd),
    summary: clip(
      session.summary
        ? `${describeSession(data, durationMs)} ${session.summary}`
        : describeSession(data, durationMs),
      LIMITS.prose,
    ),
    phases: phaseSummaries(data),
    hintsUsed: data.hintsUsed,
    nudges: data.nudges,
    reviews: data.reviews,
    knowledgeGaps: data.gaps.slice(0, 100).map((g) => ({
      id: g.id,
      topic: labelOf(g.topic),
      severity: g.severity,
      description: clip(g.evidence, LIMITS.prose),
      addressed: g.addressed,
    })),
    katas: data.katas
      .slice(0, 100)
      .map((k) => ({ id: k.id, title: labelOf(k.title), gapId: k.knowledgeGapId })),
    dreyfusChanges: data.dreyfusChanges
      .slice(0, 100)
      .map((c) => ({ skillArea: labelOf(c.skillArea), from: c.from, to: c.to })),
    errors: data.wrapUpErrors
      .slice(0, 3)
      .map((e) => ({ agent: e.agentName, message: clip(e.errorMessage || 'failed', LIMITS.errorMessage) })),
  };
}

/**
 * Builds the `session:wrap_up` payload for `sessionId` from the database: summary ({@link describeSession}, then what
 * the wrap-up's reflection stored, `sessions.summary`), phases, hints shown per level, nudges, reviews, the knowledge gaps the session found,
 * the katas written for them, the Dreyfus stages that changed, duration (ms) and cost (USD, `api_call_log`).
 * An active session is reported as it stands (`status` `completed`, `pending` as given).
 * @returns `null` for an unknown session.
 * @see issue 23 item 4
 */
export function buildWrapUpReport(
  database: PaigeDatabase,
  sessionId: string,
  options: BuildWrapUpReportOptions,
): WrapUpReport | null {
  const data = getSessionReportData(database, sessionId);
  return data ? wrapUpReportFrom(data, options) : null;
}

/** The facts the manager summary is written from (brainstorm API call 10 "Input"): structured, never code. */
export interface ManagerSummaryFacts {
  issue: string | null;
  summary: string | null;
  durationMinutes: number;
  phases: Array<{ number: number; title: string; status: string }>;
  knowledgeGaps: string[];
  skillsChanged: Array<{ skillArea: string; from: string | null; to: string }>;
  reviews: number;
}

/** The manager summary's input from a report: titles, counts and stages only (no code, paths or transcript). */
export function managerSummaryFacts(
  report: WrapUpReport,
  session?: Pick<Session, 'issueNumber' | 'issueTitle'>,
): ManagerSummaryFacts {
  const number = session?.issueNumber ?? report.issueContext.number;
  const title = session?.issueTitle ?? report.issueContext.title;
  return {
    issue: title ? (number !== null ? `#${number} ${title}` : title) : number !== null ? `#${number}` : null,
    summary: report.summary,
    durationMinutes: Math.round(report.durationMs / 60_000),
    phases: report.phases.map((p) => ({ number: p.number, title: p.title, status: p.status })),
    knowledgeGaps: report.knowledgeGaps.map((g) => g.topic),
    skillsChanged: report.dreyfusChanges.map((c) => ({ skillArea: c.skillArea, from: c.from, to: c.to })),
    reviews: report.reviews ?? 0,
  };
}
