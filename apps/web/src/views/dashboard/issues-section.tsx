/**
 * GitHub issues ranked for the learner (primary Story 12 AS-4/AS-5, brainstorm call 8): each with its fit
 * (`good_fit`, `stretch` with a "challenge" badge, `too_advanced` dimmed), the model's priority score, why it fits, the
 * factors behind the ranking, and "Start a session" (`session:start`). Sortable; "Refresh" re-assesses every issue
 * (`dashboard:refresh_issues`, AS-9); a failed flow (AS-11) shows its error here while the rest of the dashboard works.
 */
import { useId, useState } from 'react';
import { SectionError, SectionLoading, UpdatingNote } from '../../components/section-states.js';
import type { DashboardIssue, Section, SessionAction } from '../../state/dashboard-store.js';
import { formatPercent, safeHttpUrl } from '../format.js';
import { DashboardSection } from './dashboard-section.js';
import { sortIssues, type IssueSort } from './issue-sort.js';

const SORTS: Array<{ value: IssueSort; label: string }> = [
  { value: 'priority', label: 'Best match' },
  { value: 'fit', label: 'Fit' },
  { value: 'difficulty', label: 'Easiest first' },
  { value: 'newest', label: 'Newest' },
];

const FIT: Record<DashboardIssue['suitability'], { label: string }> = {
  good_fit: { label: 'Good fit' },
  stretch: { label: 'Stretch' },
  too_advanced: { label: 'Too advanced' },
};
const DIFFICULTY_LABEL: Record<DashboardIssue['estimatedDifficulty'], string> = {
  beginner: 'Beginner',
  intermediate: 'Intermediate',
  advanced: 'Advanced',
};

function factorsOf(issue: DashboardIssue): string[] {
  const f = issue.priorityFactors;
  return [
    f.userTagged && "You're tagged on it",
    f.similarToRecentWork && 'Like your recent work',
    f.addressesKnowledgeGap && 'Works on a knowledge gap',
    f.teamUrgency !== 'low' && `Team urgency: ${f.teamUrgency}`,
  ].filter((x): x is string => typeof x === 'string');
}

interface IssueCardProps {
  issue: DashboardIssue;
  action: SessionAction | null;
  /** Why starting is not possible now (a session is active), or `null`. */
  startBlocked: string | null;
  onStart(issue: DashboardIssue): void;
}

function IssueCard({ issue, action, startBlocked, onStart }: IssueCardProps) {
  const titleId = useId();
  const url = safeHttpUrl(issue.url);
  const mine = action?.kind === 'start' && action.target === issue.number ? action : null;
  const factors = factorsOf(issue);
  return (
    <li className={`issue-item fit-${issue.suitability}`} data-issue={issue.number}>
      <article aria-labelledby={titleId}>
        <div className="issue-item-head">
          <h3 id={titleId} className="issue-item-title">
            <span className="issue-number">#{issue.number}</span>{' '}
            {url ? (
              <a href={url} target="_blank" rel="noopener noreferrer">
                {issue.title}
                <span className="visually-hidden"> (opens GitHub in a new tab)</span>
              </a>
            ) : (
              issue.title
            )}
          </h3>
          <span className={`badge fit-badge fit-${issue.suitability}`} data-testid="fit">
            {issue.suitability === 'stretch' ? 'Stretch (a challenge)' : FIT[issue.suitability].label}
          </span>
        </div>
        <div className="issue-meter" aria-label={`Priority ${formatPercent(issue.priorityScore)}`} role="img">
          <span className="issue-meter-bar" style={{ width: formatPercent(issue.priorityScore) }} />
        </div>
        <p className="issue-meta">
          Priority <strong>{formatPercent(issue.priorityScore)}</strong> ·{' '}
          {DIFFICULTY_LABEL[issue.estimatedDifficulty]}
          {issue.labels && issue.labels.length > 0 && <> · {issue.labels.join(', ')}</>}
        </p>
        <p className="issue-summary-text">{issue.summary}</p>
        <p className="issue-why">
          <span className="issue-why-label">Why: </span>
          {issue.suitabilityReason}
        </p>
        {factors.length > 0 && (
          <ul className="chip-list" aria-label="Ranking factors">
            {factors.map((f) => (
              <li key={f} className="chip">
                {f}
              </li>
            ))}
          </ul>
        )}
        {(issue.relevantSkills.length > 0 || issue.learningOpportunities.length > 0) && (
          <details className="issue-more">
            <summary>Skills and what you would learn</summary>
            {issue.relevantSkills.length > 0 && <p>Skills: {issue.relevantSkills.join(', ')}</p>}
            {issue.learningOpportunities.length > 0 && (
              <ul>
                {issue.learningOpportunities.map((l) => (
                  <li key={l}>{l}</li>
                ))}
              </ul>
            )}
          </details>
        )}
        <div className="issue-actions">
          <button
            type="button"
            className="btn btn-primary"
            disabled={mine?.status === 'pending' || startBlocked !== null}
            title={startBlocked ?? undefined}
            aria-describedby={mine?.status === 'error' ? `${titleId}-error` : undefined}
            onClick={() => onStart(issue)}
          >
            {mine?.status === 'pending' ? 'Starting…' : 'Start a session'}
            <span className="visually-hidden"> on #{issue.number}</span>
          </button>
        </div>
        {mine?.status === 'error' && (
          <div id={`${titleId}-error`}>
            <SectionError message={mine.error ?? 'Could not start the session.'} />
          </div>
        )}
      </article>
    </li>
  );
}

export interface IssuesSectionProps {
  section: Section<DashboardIssue[]> & { refreshing: boolean };
  action: SessionAction | null;
  startBlocked: string | null;
  onRefresh(): void;
  onStart(issue: DashboardIssue): void;
}

export function IssuesSection({ section, action, startBlocked, onRefresh, onStart }: IssuesSectionProps) {
  const [sort, setSort] = useState<IssueSort>('priority');
  const sortId = useId();
  const issues = section.data;
  const busy = section.refreshing || (section.status === 'loading' && issues !== null);
  return (
    <DashboardSection
      id="issues"
      title="GitHub issues for you"
      section={section}
      busy={section.refreshing}
      className="area-issues"
      actions={
        <>
          {busy && <UpdatingNote text={section.refreshing ? 'Re-assessing…' : 'Updating…'} />}
          <label htmlFor={sortId} className="inline-label">
            Sort by
          </label>
          <select
            id={sortId}
            className="select"
            value={sort}
            onChange={(e) => setSort(e.target.value as IssueSort)}
          >
            {SORTS.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
          <button type="button" className="btn btn-small" onClick={onRefresh} disabled={section.refreshing}>
            Refresh issues
          </button>
        </>
      }
    >
      {startBlocked && <p className="dash-note">{startBlocked}</p>}
      {section.status === 'error' && (
        <SectionError
          message={section.error ?? 'Could not load the issues.'}
          code={section.code}
          onRetry={onRefresh}
        >
          {issues !== null && ' The list below is from the last load that worked.'}
        </SectionError>
      )}
      {issues === null ? (
        section.status !== 'error' && (
          <SectionLoading
            text="Fetching your GitHub issues and assessing how well each fits you…"
            lines={3}
            tall
          />
        )
      ) : issues.length === 0 ? (
        <p className="empty">
          No open issues to suggest. Issues assigned to you or labelled for newcomers appear here.
        </p>
      ) : (
        <ol className="issue-list" aria-label="Issues">
          {sortIssues(issues, sort).map((i) => (
            <IssueCard
              key={i.number}
              issue={i}
              action={action}
              startBlocked={startBlocked}
              onStart={onStart}
            />
          ))}
        </ol>
      )}
    </DashboardSection>
  );
}
