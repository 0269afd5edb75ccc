/**
 * The dashboard (`/dashboard`, the home when no coaching session is active; primary Story 12, issue 18 item 1).
 * One `dashboard:request` fills it progressively: the SQLite sections (skills, stats, sessions in progress) at once,
 * then the issues, katas and learning materials as each flow answers, each with its own loading state and its own
 * error. Loaded the first time it shows, and again when it shows after something it displays changed (a session
 * started or ended, a practice review).
 */
import { useEffect } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { useAppStores } from '../../client/app-stores.js';
import { UpdatingNote } from '../../components/section-states.js';
import { useStore } from '../../state/store.js';
import { VIEW_PATHS } from '../routes.js';
import { useViewActive } from '../view-context.js';
import { IssuesSection } from './issues-section.js';
import { KatasSection } from './katas-section.js';
import { MaterialsSection } from './materials-section.js';
import { SessionsSection } from './sessions-section.js';
import { SkillsSection } from './skills-section.js';
import { StatsSection } from './stats-section.js';
import '../../styles/dashboard.css';

export function DashboardView() {
  const { dashboard, session: sessionStore } = useAppStores();
  const active = useViewActive();
  const navigate = useNavigate();
  const state = useStore(dashboard.store, (s) => s);
  const sessionActive = useStore(sessionStore.store, (s) => s.status === 'active' && s.sessionId !== null);
  const issue = useStore(sessionStore.store, (s) => s.issue);
  const session = sessionActive ? { issue } : null;
  const needsLoad = state.stats.status === 'idle' || state.stale;

  useEffect(() => {
    // Read the store now, not the render's copy: StrictMode's second effect run must not send a second request.
    const now = dashboard.store.get();
    if (active && (now.stats.status === 'idle' || now.stale)) dashboard.load();
  }, [active, needsLoad, dashboard]);

  // "Start a session" on the wrap-up screen lands on the issues (issue 23 item 4).
  const location = useLocation();
  const focusIssues = active && (location.state as { focus?: string } | null)?.focus === 'issues';
  useEffect(() => {
    if (focusIssues) document.querySelector('[data-section="issues"]')?.scrollIntoView({ block: 'start' });
  }, [focusIssues, location.key]);

  const anyLoading = [
    state.dreyfus,
    state.stats,
    state.inProgress,
    state.issues,
    state.challenges,
    state.materials,
  ].some((s) => s.status === 'loading');
  const sessionName = session?.issue?.title
    ? `${session.issue.number !== null ? `#${session.issue.number} ` : ''}${session.issue.title}`
    : 'an issue';
  const startBlocked = session
    ? `A coaching session is active (${sessionName}). Resume it, or end it (in the editor's sidebar or in Claude Code), before starting another.`
    : null;

  return (
    <div className="dashboard">
      <div className="dashboard-inner">
        <div className="dashboard-head">
          <div>
            <h1 className="dashboard-title" tabIndex={-1} data-view-heading>
              Dashboard
            </h1>
            <p className="dashboard-sub">Where you stand, what to work on next, and what to practise.</p>
          </div>
          <div className="dashboard-head-actions">
            {anyLoading && state.loadedAt !== null && <UpdatingNote text="Loading…" />}
            <button type="button" className="btn btn-small" onClick={() => dashboard.load()}>
              Reload
            </button>
          </div>
        </div>
        <div className="dashboard-grid">
          <SkillsSection section={state.dreyfus} />
          <StatsSection
            section={state.stats}
            period={state.period}
            onPeriod={dashboard.setPeriod}
            onRetry={() => dashboard.load()}
          />
          <SessionsSection
            section={state.inProgress}
            action={state.sessionAction}
            onResume={(id) =>
              void dashboard.resumeSession(id).then((r) => {
                if (r.ok) void navigate(VIEW_PATHS.ide);
              })
            }
          />
          <IssuesSection
            section={state.issues}
            action={state.sessionAction}
            startBlocked={startBlocked}
            onRefresh={dashboard.refreshIssues}
            onStart={(issue) => {
              // The issue's labels and link stay with the session's issue card (the server's issue context has no labels).
              sessionStore.rememberIssue(issue);
              void dashboard.startSession(issue).then((r) => {
                if (r.ok) void navigate(VIEW_PATHS.ide);
              });
            }}
          />
          <KatasSection section={state.challenges} nonCode={state.nonCode} onRetry={() => dashboard.load()} />
          <MaterialsSection section={state.materials} onRetry={() => dashboard.load()} />
        </div>
      </div>
    </div>
  );
}
