/**
 * Shows the view of the URL and keeps every view visited so far alive, hidden, through React's `<Activity>` (issue
 * 25 item 3): a hidden view keeps its React state and DOM (the IDE's tabs and scroll, an open practice solution, the
 * dashboard's sort) while another one shows; its effects are cleaned up while hidden and run again when it shows
 * (the terminal and the editor keep their emulator and view state across that). The page's stores live outside
 * React, so a hidden view still hears its messages. The dashboard and the
 * practice view are loaded on first visit (their code, the chart library included, stays out of the IDE's initial
 * JavaScript). Sets the document title, and moves focus to a view's heading when the learner navigates to it.
 */
import { Activity, lazy, Suspense, useEffect, useRef, useState, type ReactNode } from 'react';
import { useLocation } from 'react-router';
import { IdeView } from './ide/ide-view.js';
import { Home } from './home.js';
import { NotFound } from './not-found.js';
import { VIEW_TITLES, VIEWS, type ViewMatch, type ViewName } from './routes.js';
import { ViewActiveContext } from './view-context.js';
import { CrashCheck, ViewErrorBoundary } from './view-error-boundary.js';

const DashboardView = lazy(() =>
  import('./dashboard/dashboard-view.js').then((m) => ({ default: m.DashboardView })),
);
const WrapUpView = lazy(() => import('./wrap-up/wrap-up-view.js').then((m) => ({ default: m.WrapUpView })));
const SettingsView = lazy(() =>
  import('./settings/settings-view.js').then((m) => ({ default: m.SettingsView })),
);
const PracticeView = lazy(() =>
  import('./practice/practice-view.js').then((m) => ({ default: m.PracticeView })),
);

function ViewFrame({ name, active, children }: { name: ViewName; active: boolean; children: ReactNode }) {
  return (
    <Activity mode={active ? 'visible' : 'hidden'}>
      <div className={`view view-${name}`} data-view={name}>
        <ViewActiveContext.Provider value={active}>
          <Suspense
            fallback={
              <p className="empty view-loading" role="status">
                Loading the {VIEW_TITLES[name].toLowerCase()}…
              </p>
            }
          >
            <ViewErrorBoundary name={VIEW_TITLES[name].toLowerCase()}>
              <CrashCheck view={name} />
              {children}
            </ViewErrorBoundary>
          </Suspense>
        </ViewActiveContext.Provider>
      </div>
    </Activity>
  );
}

export function ViewHost({ match }: { match: ViewMatch }) {
  const location = useLocation();
  const [visited, setVisited] = useState<ReadonlySet<ViewName>>(() => new Set());
  const current =
    match.view === 'home' ||
    match.view === 'not-found' ||
    match.view === 'wrap-up' ||
    match.view === 'settings'
      ? null
      : match.view;
  if (current && !visited.has(current)) setVisited(new Set([...visited, current]));
  // The practice view keeps showing its last kata while hidden.
  const [kataId, setKataId] = useState<string | undefined>(match.kataId);
  if (current === 'practice' && match.kataId !== kataId) setKataId(match.kataId);

  useEffect(() => {
    document.title = current
      ? `${VIEW_TITLES[current]} · Paige`
      : match.view === 'wrap-up'
        ? 'Wrap-up · Paige'
        : match.view === 'settings'
          ? 'Settings · Paige'
          : 'Paige';
  }, [current, match.view]);

  // After a navigation (not the first load), put focus on the new view's heading, as a page load would. The first
  // location's key is remembered (not a "first run" flag, which StrictMode's second effect run would clear).
  const firstKey = useRef(location.key);
  useEffect(() => {
    if (location.key === firstKey.current) return;
    const shown = current ?? (match.view === 'wrap-up' || match.view === 'settings' ? match.view : null);
    if (!shown || shown === 'ide') return;
    const heading = document.querySelector<HTMLElement>(`[data-view="${shown}"] [data-view-heading]`);
    heading?.focus({ preventScroll: true });
  }, [location.key, current, match.view]);

  return (
    <>
      {match.view === 'home' && <Home />}
      {match.view === 'not-found' && <NotFound />}
      {match.view === 'wrap-up' && match.sessionId && (
        <div className="view view-wrap-up" data-view="wrap-up">
          <Suspense
            fallback={
              <p className="empty view-loading" role="status">
                Loading the wrap-up…
              </p>
            }
          >
            <ViewErrorBoundary key={match.sessionId} name="wrap-up">
              <CrashCheck view="wrap-up" />
              <WrapUpView sessionId={match.sessionId} />
            </ViewErrorBoundary>
          </Suspense>
        </div>
      )}
      {match.view === 'settings' && (
        <div className="view view-settings" data-view="settings">
          <Suspense
            fallback={
              <p className="empty view-loading" role="status">
                Loading the settings…
              </p>
            }
          >
            <ViewErrorBoundary name="settings">
              <CrashCheck view="settings" />
              <SettingsView />
            </ViewErrorBoundary>
          </Suspense>
        </div>
      )}
      {VIEWS.filter((v) => visited.has(v)).map((v) => (
        <ViewFrame key={v} name={v} active={current === v}>
          {v === 'ide' ? (
            <IdeView />
          ) : v === 'dashboard' ? (
            <DashboardView />
          ) : (
            <PracticeView routeKataId={kataId} />
          )}
        </ViewFrame>
      ))}
    </>
  );
}
