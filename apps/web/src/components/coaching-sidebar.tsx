/**
 * The coaching sidebar: the issue being worked on, the plan's phases with their status, the hint level control,
 * and Paige's messages in a `log` region (a message anchored to a line opens it).
 * @see Story 6 AS-13..16 (phases, messages, issue context), Story 4 (hint_level_change)
 */
import { HintLevelSchema, type HintLevel, type PhaseSummary } from '@paige/protocol';
import type { CoachingNote, CoachingState, IssueView } from '../state/coaching-store.js';

const HINT_LEVEL_TEXT: Record<HintLevel, string> = {
  off: 'Off: no hints, just the plan',
  low: 'Low: a nudge in the right direction',
  medium: 'Medium: where to look and why',
  high: 'High: step by step',
};

const PHASE_STATUS_TEXT: Record<PhaseSummary['status'], string> = { pending: 'Pending', active: 'In progress', complete: 'Done' };

function IssuePanel({ issue }: { issue: IssueView | null }) {
  if (!issue || (!issue.title && !issue.summary)) {
    return <p className="empty">No issue yet. Start a session from Claude Code (or the dashboard) and the issue appears here.</p>;
  }
  return (
    <div className="issue-card">
      <h3 className="issue-title">
        {issue.number !== null && <span className="issue-number">#{issue.number}</span>} {issue.title}
      </h3>
      {issue.labels.length > 0 && (
        <ul className="issue-labels" aria-label="Labels">
          {issue.labels.map((l) => (
            <li key={l} className="badge">
              {l}
            </li>
          ))}
        </ul>
      )}
      {issue.summary && <p className="issue-summary">{issue.summary}</p>}
      {issue.url && (
        <a href={issue.url} target="_blank" rel="noreferrer noopener">
          Open the issue
        </a>
      )}
    </div>
  );
}

function PhaseList({ phases, difficulty, memoryConnection }: { phases: readonly PhaseSummary[]; difficulty: string | null; memoryConnection: string | null }) {
  if (phases.length === 0) return <p className="empty">The plan appears here once Paige has prepared it.</p>;
  return (
    <>
      {(difficulty || memoryConnection) && (
        <p className="plan-meta">
          {difficulty && <span className="badge">Difficulty: {difficulty}</span>} {memoryConnection && <span className="plan-memory">{memoryConnection}</span>}
        </p>
      )}
      <ol className="phase-list" aria-label="Phases">
        {phases.map((p) => (
          <li key={p.id ?? p.number} className={`phase status-${p.status}`} aria-current={p.status === 'active' ? 'step' : undefined} data-status={p.status}>
            <div className="phase-head">
              <span className="phase-marker" aria-hidden="true">
                {p.status === 'complete' ? '✓' : p.number}
              </span>
              <span className="phase-title">{p.title}</span>
              <span className={`phase-status badge status-${p.status}`}>{PHASE_STATUS_TEXT[p.status]}</span>
            </div>
            {p.status !== 'complete' && <p className="phase-description">{p.description}</p>}
          </li>
        ))}
      </ol>
    </>
  );
}

function HintLevelControl({ level, onChange }: { level: HintLevel; onChange(level: HintLevel): void }) {
  return (
    <fieldset className="hint-level">
      <legend className="visually-hidden">Hint level</legend>
      <div className="hint-level-options">
        {HintLevelSchema.options.map((l) => (
          <label key={l} className={`hint-level-option${l === level ? ' is-checked' : ''}`} title={HINT_LEVEL_TEXT[l]}>
            <input type="radio" name="hint-level" value={l} checked={l === level} onChange={() => onChange(l)} />
            <span>{l[0]!.toUpperCase() + l.slice(1)}</span>
          </label>
        ))}
      </div>
      <p className="hint-level-text">{HINT_LEVEL_TEXT[level]}</p>
    </fieldset>
  );
}

function CoachingLog({ notes, onOpenAnchor }: { notes: readonly CoachingNote[]; onOpenAnchor(path: string, line: number): void }) {
  return (
    <div role="log" aria-label="Paige's messages" aria-live="polite" className="coaching-log">
      {notes.length === 0 && <p className="empty">Paige's messages will appear here.</p>}
      {notes.map((n) => (
        <div key={n.id} className={`note kind-${n.kind}`}>
          <p className="note-text">{n.text}</p>
          {n.anchor && (
            <button type="button" className="btn btn-ghost btn-small note-anchor" onClick={() => onOpenAnchor(n.anchor!.path, n.anchor!.startLine)}>
              Go to {n.anchor.path}:{n.anchor.startLine}
            </button>
          )}
        </div>
      ))}
    </div>
  );
}

export interface CoachingSidebarProps {
  state: CoachingState;
  onHintLevel(level: HintLevel): void;
  onOpenAnchor(path: string, line: number): void;
}

export function CoachingSidebar({ state, onHintLevel, onOpenAnchor }: CoachingSidebarProps) {
  return (
    <>
      <section aria-labelledby="issue-heading" className="sidebar-section">
        <h2 id="issue-heading" className="panel-title">
          Issue
        </h2>
        <IssuePanel issue={state.issue} />
      </section>
      <section aria-labelledby="plan-heading" className="sidebar-section">
        <h2 id="plan-heading" className="panel-title">
          Plan
        </h2>
        <PhaseList phases={state.phases} difficulty={state.difficulty} memoryConnection={state.memoryConnection} />
      </section>
      <section aria-labelledby="hints-heading" className="sidebar-section">
        <h2 id="hints-heading" className="panel-title">
          Hint level
        </h2>
        <HintLevelControl level={state.hintLevel} onChange={onHintLevel} />
      </section>
      <section aria-labelledby="messages-heading" className="sidebar-section sidebar-grow">
        <h2 id="messages-heading" className="panel-title">
          Messages
        </h2>
        <CoachingLog notes={state.notes} onOpenAnchor={onOpenAnchor} />
      </section>
    </>
  );
}
