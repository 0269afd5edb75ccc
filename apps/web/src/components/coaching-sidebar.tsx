/**
 * The coaching sidebar: the session (the pipeline's progress, what to do first, End session), the issue being worked
 * on, the plan's phases with their status, the hint level control (with Paige's suggestion until the learner picks),
 * "Review my work" with its feedback and line references, and Paige's messages in a `log` region (a message anchored
 * to a line opens it).
 * @see Story 6 AS-13..16 (phases, messages, issue context), issue 23 items 1, 2, 4
 */
import { useEffect, useRef } from 'react';
import type { HintLevel, PhaseSummary } from '@paige/protocol';
import type { CoachingNote, CoachingState } from '../state/coaching-store.js';
import {
  HINT_LEVEL_TEXT,
  HINT_LEVELS,
  type IssueView,
  type PipelineView,
  type ReviewView,
  type SessionState,
} from '../state/session-store.js';
import { SHORTCUTS } from './shortcuts.js';

const PHASE_STATUS_TEXT: Record<PhaseSummary['status'], string> = {
  pending: 'Pending',
  active: 'In progress',
  complete: 'Done',
};

const levelName = (l: HintLevel) => l[0]!.toUpperCase() + l.slice(1);

function IssuePanel({ issue }: { issue: IssueView | null }) {
  if (!issue || (!issue.title && !issue.summary)) {
    return (
      <p className="empty">
        No issue yet. Start a session from Claude Code (or the dashboard) and the issue appears here.
      </p>
    );
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

function PhaseList({
  phases,
  difficulty,
  memoryConnection,
}: {
  phases: readonly PhaseSummary[];
  difficulty: string | null;
  memoryConnection: string | null;
}) {
  if (phases.length === 0) return <p className="empty">The plan appears here once Paige has prepared it.</p>;
  return (
    <>
      {(difficulty || memoryConnection) && (
        <p className="plan-meta">
          {difficulty && <span className="badge">Difficulty: {difficulty}</span>}{' '}
          {memoryConnection && <span className="plan-memory">{memoryConnection}</span>}
        </p>
      )}
      <ol className="phase-list" aria-label="Phases">
        {phases.map((p) => (
          <li
            key={p.id ?? p.number}
            className={`phase status-${p.status}`}
            aria-current={p.status === 'active' ? 'step' : undefined}
            data-status={p.status}
          >
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

/** The shortcuts of the hint control, for its tooltip. */
export const HINT_SHORTCUTS_TEXT = `More hints: ${SHORTCUTS.raiseHints.label}. Fewer hints: ${SHORTCUTS.lowerHints.label}.`;

function HintLevelControl({
  level,
  suggested,
  chosen,
  enabled,
  onChange,
}: {
  level: HintLevel;
  suggested: HintLevel | null;
  chosen: boolean;
  enabled: boolean;
  onChange(level: HintLevel): void;
}) {
  const showSuggestion = enabled && !chosen && suggested !== null;
  return (
    <fieldset
      className="hint-level"
      title={HINT_SHORTCUTS_TEXT}
      aria-describedby="hint-level-text hint-level-keys"
      disabled={!enabled}
      data-level={level}
    >
      <legend className="visually-hidden">Hint level</legend>
      <div className="hint-level-options">
        {HINT_LEVELS.map((l) => (
          <label
            key={l}
            className={`hint-level-option${l === level ? ' is-checked' : ''}${showSuggestion && l === suggested ? ' is-suggested' : ''}`}
            title={`${HINT_LEVEL_TEXT[l]}. ${HINT_SHORTCUTS_TEXT}`}
          >
            <input
              type="radio"
              name="hint-level"
              value={l}
              checked={l === level}
              onChange={() => onChange(l)}
            />
            <span>{levelName(l)}</span>
          </label>
        ))}
      </div>
      {showSuggestion && (
        <p className="hint-suggestion" data-testid="hint-suggestion">
          Paige suggests: {suggested}
          {suggested !== level && (
            <button type="button" className="btn btn-ghost btn-small" onClick={() => onChange(suggested)}>
              Use {levelName(suggested)}
            </button>
          )}
        </p>
      )}
      <p id="hint-level-text" className="hint-level-text">
        {enabled ? HINT_LEVEL_TEXT[level] : 'Hints follow the coaching session: start one to choose a level.'}
      </p>
      <p id="hint-level-keys" className="hint-level-keys">
        <kbd>{SHORTCUTS.raiseHints.label}</kbd> more, <kbd>{SHORTCUTS.lowerHints.label}</kbd> fewer
      </p>
    </fieldset>
  );
}

const PIPELINE_STAGES = [
  { stage: 'exploring', label: 'Exploring the codebase' },
  { stage: 'planning', label: 'Planning the phases' },
  { stage: 'coaching', label: 'Coaching' },
] as const;

function PipelineProgress({ pipeline }: { pipeline: PipelineView }) {
  const at = PIPELINE_STAGES.findIndex((s) => s.stage === pipeline.stage);
  return (
    <div className="pipeline" role="status" aria-label="Session progress" data-stage={pipeline.stage}>
      <ol className="pipeline-steps">
        {PIPELINE_STAGES.map((s, i) => {
          const state =
            pipeline.stage === 'failed'
              ? 'pending'
              : i < at || pipeline.stage === 'coaching'
                ? 'done'
                : i === at
                  ? 'active'
                  : 'pending';
          return (
            <li
              key={s.stage}
              className={`pipeline-step is-${state}`}
              aria-current={state === 'active' ? 'step' : undefined}
            >
              <span className="pipeline-dot" aria-hidden="true" />
              {s.label}
              {state === 'active' ? '…' : ''}
            </li>
          );
        })}
      </ol>
      <p className="pipeline-message">{pipeline.message}</p>
      {pipeline.stage === 'failed' && pipeline.error && <p className="pipeline-error">{pipeline.error}</p>}
      {pipeline.nextStep && (
        <p className="pipeline-next">
          <strong>What to do first:</strong> {pipeline.nextStep}
        </p>
      )}
    </div>
  );
}

function ReviewSection({
  review,
  enabled,
  onReview,
  onOpen,
}: {
  review: ReviewView;
  enabled: boolean;
  onReview(): void;
  onOpen(path: string, line: number): void;
}) {
  // The sidebar scrolls: bring the review's progress and answer into view when they change.
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (review.status !== 'idle') ref.current?.scrollIntoView?.({ block: 'nearest' });
  }, [review.status]);
  return (
    <div ref={ref} className="review" data-state={review.status} aria-busy={review.status === 'pending'}>
      <button
        type="button"
        className="btn btn-primary"
        onClick={onReview}
        disabled={!enabled}
        aria-keyshortcuts="Alt+Shift+R"
        title={`Ask Paige to review your changes (${SHORTCUTS.review.label})`}
      >
        {review.status === 'pending' ? 'Reviewing…' : 'Review my work'}
      </button>
      {!enabled && <p className="empty">Start a coaching session to ask for a review.</p>}
      {review.status === 'pending' && <p className="review-pending">Paige is reading your changes…</p>}
      {review.status === 'error' && (
        <div role="alert" className="review-error">
          <p>The review failed: {review.error}</p>
          <button type="button" className="btn btn-small" onClick={onReview}>
            Retry
          </button>
        </div>
      )}
      {review.status === 'ready' && review.review && (
        <article className="review-body" aria-label="Paige's review">
          <p className="review-text">{review.review}</p>
          {review.references.length > 0 && (
            <ul className="review-refs" aria-label="Lines the review refers to">
              {review.references.map((r) => (
                <li key={`${r.path}:${r.startLine}:${r.note}`}>
                  <button
                    type="button"
                    className="btn btn-ghost btn-small"
                    onClick={() => onOpen(r.path, r.startLine)}
                  >
                    {r.path}:{r.startLine}
                    {r.endLine && r.endLine !== r.startLine ? `-${r.endLine}` : ''}
                  </button>{' '}
                  <span>{r.note}</span>
                </li>
              ))}
            </ul>
          )}
          {review.suggestions.length > 0 && (
            <ul className="review-suggestions" aria-label="Suggestions">
              {review.suggestions.map((s) => (
                <li key={s}>{s}</li>
              ))}
            </ul>
          )}
          {review.hintLevel && <p className="review-meta">Written for hint level {review.hintLevel}.</p>}
        </article>
      )}
    </div>
  );
}

function CoachingLog({
  notes,
  onOpenAnchor,
}: {
  notes: readonly CoachingNote[];
  onOpenAnchor(path: string, line: number): void;
}) {
  return (
    <div role="log" aria-label="Paige's messages" aria-live="polite" className="coaching-log">
      {notes.length === 0 && <p className="empty">Paige's messages will appear here.</p>}
      {notes.map((n) => (
        <div key={n.id} className={`note kind-${n.kind}`}>
          <p className="note-text">{n.text}</p>
          {n.anchor && (
            <button
              type="button"
              className="btn btn-ghost btn-small note-anchor"
              onClick={() => onOpenAnchor(n.anchor!.path, n.anchor!.startLine)}
            >
              Go to {n.anchor.path}:{n.anchor.startLine}
            </button>
          )}
        </div>
      ))}
    </div>
  );
}

/** The session part of the sidebar: the session store's fields it draws, and whether a session is active. */
export type SidebarSession = Pick<
  SessionState,
  | 'issue'
  | 'hintLevel'
  | 'suggestedLevel'
  | 'levelChosen'
  | 'pipeline'
  | 'review'
  | 'ending'
  | 'endError'
  | 'lastEnded'
> & { active: boolean };

export interface CoachingSidebarProps {
  state: CoachingState;
  session: SidebarSession;
  onHintLevel(level: HintLevel): void;
  onOpenAnchor(path: string, line: number): void;
  onReview(): void;
  onEndSession(): void;
  onShowWrapUp(sessionId: string): void;
}

export function CoachingSidebar({
  state,
  session,
  onHintLevel,
  onOpenAnchor,
  onReview,
  onEndSession,
  onShowWrapUp,
}: CoachingSidebarProps) {
  return (
    <>
      <section aria-labelledby="session-heading" className="sidebar-section">
        <div className="section-head">
          <h2 id="session-heading" className="panel-title">
            Session
          </h2>
          {session.active && (
            <button type="button" className="btn btn-small" onClick={onEndSession} disabled={session.ending}>
              {session.ending ? 'Ending…' : 'End session'}
            </button>
          )}
        </div>
        {session.endError && (
          <p role="alert" className="section-error">
            {session.endError}
          </p>
        )}
        {session.active && session.pipeline && <PipelineProgress pipeline={session.pipeline} />}
        {!session.active && session.lastEnded && (
          <p className="session-ended">
            The session ended.{' '}
            <button
              type="button"
              className="btn btn-ghost btn-small"
              onClick={() => onShowWrapUp(session.lastEnded!)}
            >
              See the wrap-up
            </button>
          </p>
        )}
        {!session.active && !session.lastEnded && (
          <p className="empty">No coaching session. Start one from the dashboard or in Claude Code.</p>
        )}
      </section>
      <section aria-labelledby="issue-heading" className="sidebar-section">
        <h2 id="issue-heading" className="panel-title">
          Issue
        </h2>
        <IssuePanel issue={session.issue} />
      </section>
      <section aria-labelledby="plan-heading" className="sidebar-section">
        <h2 id="plan-heading" className="panel-title">
          Plan
        </h2>
        <PhaseList
          phases={state.phases}
          difficulty={state.difficulty}
          memoryConnection={state.memoryConnection}
        />
      </section>
      <section aria-labelledby="hints-heading" className="sidebar-section">
        <h2 id="hints-heading" className="panel-title">
          Hint level
        </h2>
        <HintLevelControl
          level={session.hintLevel}
          suggested={session.suggestedLevel}
          chosen={session.levelChosen}
          enabled={session.active}
          onChange={onHintLevel}
        />
      </section>
      <section aria-labelledby="review-heading" className="sidebar-section">
        <h2 id="review-heading" className="panel-title">
          Review
        </h2>
        <ReviewSection
          review={session.review}
          enabled={session.active}
          onReview={onReview}
          onOpen={onOpenAnchor}
        />
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
