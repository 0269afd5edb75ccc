/**
 * The wrap-up screen of an ended session (`/wrap-up/:sessionId`; issue 23 item 4, brainstorm "Work Mode Workflow" 6):
 * what the session was about, its summary, the knowledge gaps found, the katas written for them (links to Practice),
 * the Dreyfus stages that changed, the time and the cost, and "Summary for my team lead" (brainstorm API call 10)
 * with a Copy button. Built from `session:wrap_up` (broadcast when the session ends and again when its wrap-up
 * finishes; asked for with `session:wrap_up_request` after a reload), so it survives a reload. The next session is one
 * click away.
 */
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import type { WrapUpReport } from '@paige/protocol';
import { useAppStores } from '../../client/app-stores.js';
import { useStore } from '../../state/store.js';
import type { ManagerSummaryEntry } from '../../state/session-store.js';
import { formatMinutes, formatUsd, STAGE_NAMES } from '../format.js';
import { practicePath, VIEW_PATHS } from '../routes.js';
import '../../styles/wrap-up.css';

const STATUS_TEXT: Record<WrapUpReport['status'], string> = {
  active: 'Active',
  completed: 'Completed',
  completed_with_errors: 'Completed, some wrap-up steps failed',
  abandoned: 'Abandoned',
};

function ManagerSummary({
  entry,
  onAsk,
  teamName,
}: {
  entry: ManagerSummaryEntry | undefined;
  onAsk(share: boolean): void;
  /** The joined team's name (issue 26 item 5: the switch shows only when a team is joined). */
  teamName: string | null;
}) {
  const [copied, setCopied] = useState<'idle' | 'done' | 'failed'>('idle');
  const [share, setShare] = useState(false);
  const canAsk = !entry || entry.status === 'error';
  const copy = async (text: string) => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied('done');
    } catch {
      setCopied('failed');
    }
  };
  return (
    <section
      className="wrap-card"
      aria-labelledby="manager-heading"
      data-state={entry?.status ?? 'idle'}
      aria-busy={entry?.status === 'pending'}
    >
      <h2 id="manager-heading">Summary for my team lead</h2>
      <p className="wrap-sub">A short, non-technical paragraph about this session for a stand-up or a 1:1.</p>
      {canAsk && (
        <div className="wrap-actions">
          <button type="button" className="btn btn-primary" onClick={() => onAsk(teamName !== null && share)}>
            {entry?.status === 'error' ? 'Try again' : 'Write the summary'}
          </button>
          {teamName !== null && (
            <label className="wrap-share">
              <input
                type="checkbox"
                role="switch"
                checked={share}
                onChange={(e) => setShare(e.currentTarget.checked)}
              />
              Share with my team ({teamName})
            </label>
          )}
        </div>
      )}
      {entry?.status === 'pending' && <p className="wrap-pending">Paige is writing the summary…</p>}
      {entry?.status === 'error' && (
        <p role="alert" className="section-error">
          The summary failed: {entry.error}
        </p>
      )}
      {entry?.status === 'ready' && entry.text && (
        <>
          <blockquote className="manager-summary" data-testid="manager-summary">
            {entry.text}
          </blockquote>
          {entry.shared !== undefined && (
            <p role="status" className={entry.shared ? 'wrap-shared' : 'wrap-sub'}>
              {entry.shared
                ? `Shared with ${teamName ?? 'your team'}.`
                : 'Not shared: no team was joined when the summary was written.'}
            </p>
          )}
          <p className="wrap-actions">
            <button type="button" className="btn" onClick={() => void copy(entry.text!)}>
              Copy
            </button>
            <span role="status" className="wrap-copied">
              {copied === 'done'
                ? 'Copied.'
                : copied === 'failed'
                  ? 'The browser refused to copy: select the text and copy it.'
                  : ''}
            </span>
          </p>
        </>
      )}
    </section>
  );
}

function Report({
  report,
  summary,
  onAskSummary,
  teamName,
}: {
  report: WrapUpReport;
  summary: ManagerSummaryEntry | undefined;
  onAskSummary(share: boolean): void;
  teamName: string | null;
}) {
  const issue = report.issueContext;
  const done = report.phases.filter((p) => p.status === 'complete').length;
  const hints = report.hintsUsed
    ? report.hintsUsed.low + report.hintsUsed.medium + report.hintsUsed.high
    : null;
  return (
    <>
      <p className="wrap-issue">
        {issue.number !== null && <span className="issue-number">#{issue.number}</span>}{' '}
        {issue.title ?? 'A coaching session'}{' '}
        <span className={`badge status-${report.status}`}>{STATUS_TEXT[report.status]}</span>
      </p>
      {report.pending && (
        <p role="status" className="wrap-pending" aria-busy="true">
          Paige is still writing the wrap-up (knowledge gaps, katas, skills); this screen fills in when it is
          done.
        </p>
      )}
      <dl className="wrap-facts" aria-label="Session facts">
        <div>
          <dt>Time</dt>
          <dd>{formatMinutes(report.durationMs / 60_000)}</dd>
        </div>
        <div>
          <dt>Cost</dt>
          <dd>{formatUsd(report.costUsd)}</dd>
        </div>
        <div>
          <dt>Phases done</dt>
          <dd>
            {done} of {report.phases.length}
          </dd>
        </div>
        {hints !== null && (
          <div>
            <dt>Hints shown</dt>
            <dd>{hints}</dd>
          </div>
        )}
        {report.reviews !== undefined && (
          <div>
            <dt>Reviews</dt>
            <dd>{report.reviews}</dd>
          </div>
        )}
        {report.nudges !== undefined && (
          <div>
            <dt>Check-ins</dt>
            <dd>{report.nudges}</dd>
          </div>
        )}
      </dl>
      <div className="wrap-grid">
        <section className="wrap-card" aria-labelledby="wrap-summary-heading">
          <h2 id="wrap-summary-heading">Summary</h2>
          <p>
            {report.summary ??
              (report.pending
                ? 'Coming when the wrap-up finishes.'
                : 'No summary was written for this session.')}
          </p>
        </section>
        <section className="wrap-card" aria-labelledby="wrap-gaps-heading">
          <h2 id="wrap-gaps-heading">Knowledge gaps</h2>
          {report.knowledgeGaps.length === 0 ? (
            <p className="empty">{report.pending ? 'Still looking…' : 'None found in this session.'}</p>
          ) : (
            <ul className="wrap-list" aria-label="Knowledge gaps">
              {report.knowledgeGaps.map((g) => (
                <li key={g.id}>
                  <strong>{g.topic}</strong>{' '}
                  <span className={`badge severity-${g.severity}`}>{g.severity}</span>
                  {g.addressed && <span className="badge status-complete">addressed</span>}
                  <p className="wrap-sub">{g.description}</p>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section className="wrap-card" aria-labelledby="wrap-katas-heading">
          <h2 id="wrap-katas-heading">Katas to practise</h2>
          {report.katas.length === 0 ? (
            <p className="empty">{report.pending ? 'Still writing…' : 'No kata this time.'}</p>
          ) : (
            <ul className="wrap-list" aria-label="Katas">
              {report.katas.map((k) => (
                <li key={k.id}>
                  <Link to={practicePath(k.id)}>{k.title}</Link>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section className="wrap-card" aria-labelledby="wrap-skills-heading">
          <h2 id="wrap-skills-heading">Skills that moved</h2>
          {report.dreyfusChanges.length === 0 ? (
            <p className="empty">{report.pending ? 'Still assessing…' : 'No stage changed.'}</p>
          ) : (
            <ul className="wrap-list" aria-label="Dreyfus stages">
              {report.dreyfusChanges.map((d) => (
                <li key={d.skillArea}>
                  <strong>{d.skillArea}</strong>: {d.from ? `${STAGE_NAMES[d.from]} → ` : 'new: '}
                  {STAGE_NAMES[d.to]}
                </li>
              ))}
            </ul>
          )}
        </section>
        {report.errors.length > 0 && (
          <section className="wrap-card" aria-labelledby="wrap-errors-heading">
            <h2 id="wrap-errors-heading">What did not finish</h2>
            <ul className="wrap-list">
              {report.errors.map((e) => (
                <li key={e.agent}>
                  {e.agent}: {e.message}
                </li>
              ))}
            </ul>
            <p className="wrap-sub">Ask Claude Code to retry the wrap-up (paige_retry_wrap_up).</p>
          </section>
        )}
        <ManagerSummary entry={summary} onAsk={onAskSummary} teamName={teamName} />
      </div>
    </>
  );
}

export function WrapUpView({ sessionId }: { sessionId: string }) {
  const { session, team } = useAppStores();
  const entry = useStore(session.store, (s) => s.wrapUps.get(sessionId));
  const teamName = useStore(team.store, (s) => (s.status?.joined ? s.status.teamName : null));
  const summary = useStore(session.store, (s) => s.managerSummaries.get(sessionId));
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    session.loadWrapUp(sessionId);
  }, [session, sessionId]);

  return (
    <main className="wrap-up" aria-labelledby="wrap-up-title" aria-busy={entry?.status === 'loading'}>
      <div className="wrap-inner">
        <div className="wrap-head">
          <div>
            <h1 id="wrap-up-title" className="wrap-title" tabIndex={-1} data-view-heading>
              Session wrap-up
            </h1>
            <p className="wrap-sub">What this session taught you, and what to practise next.</p>
          </div>
          <div className="wrap-head-actions">
            <Link className="btn btn-primary" to={VIEW_PATHS.dashboard} state={{ focus: 'issues' }}>
              Start a session
            </Link>
          </div>
        </div>
        {(!entry || entry.status === 'loading') && !entry?.report && (
          <p className="empty" role="status">
            Loading the wrap-up…
          </p>
        )}
        {entry?.status === 'error' && (
          <div role="alert" className="section-error">
            <p>The wrap-up could not be loaded: {entry.error}</p>
            <button
              type="button"
              className="btn btn-small"
              onClick={() => session.loadWrapUp(sessionId, true)}
            >
              Retry
            </button>
          </div>
        )}
        {entry?.report && (
          <Report
            report={entry.report}
            summary={summary}
            teamName={teamName}
            onAskSummary={(share) => {
              const r = session.requestManagerSummary(sessionId, { share });
              setNotice(r.ok ? null : r.error);
            }}
          />
        )}
        {notice && (
          <p role="status" className="wrap-sub">
            {notice}
          </p>
        )}
      </div>
    </main>
  );
}
