/**
 * The page's header, the same on every view: Paige's mark (to the dashboard), the navigation between the views
 * (links with `aria-current="page"`; the browser's back and forward buttons move between them too), the coaching
 * session when one is active, and the connection state.
 */
import { Link } from 'react-router';
import type { ConnectionState } from '@paige/client';
import type { IssueView } from '../state/coaching-store.js';
import { VIEW_PATHS, VIEW_TITLES, type ViewName } from '../views/routes.js';
import { ConnectionBadge } from './connection-badge.js';

export interface AppHeaderProps {
  /** The view on screen (`null` on `/` and unknown URLs). */
  current: ViewName | null;
  /** Where the Practice link goes: the kata last opened, else the kata list. */
  practiceHref: string;
  connection: ConnectionState;
  /** The active session's issue, `null` without an active session. */
  session: { issue: IssueView | null } | null;
}

export function AppHeader({ current, practiceHref, connection, session }: AppHeaderProps) {
  const links: Array<{ view: ViewName; href: string }> = [
    { view: 'dashboard', href: VIEW_PATHS.dashboard },
    { view: 'ide', href: VIEW_PATHS.ide },
    { view: 'practice', href: practiceHref },
  ];
  const issue = session?.issue;
  const issueText = issue?.title
    ? `${issue.number !== null ? `#${issue.number} ` : ''}${issue.title}`
    : 'Coaching session active';
  return (
    <header className="app-header">
      <Link to={VIEW_PATHS.dashboard} className="brand" title="Paige: your dashboard">
        <span className="brand-mark" aria-hidden="true">
          P
        </span>
        <span className="brand-name">Paige</span>
      </Link>
      <nav aria-label="Views" className="view-nav">
        <ul>
          {links.map((l) => (
            <li key={l.view}>
              <Link to={l.href} className="view-link" aria-current={current === l.view ? 'page' : undefined}>
                {VIEW_TITLES[l.view]}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <div className="header-issue">
        {session && (
          <Link to={VIEW_PATHS.ide} className="header-session" title={issueText}>
            <span className="header-session-dot" aria-hidden="true" />
            <span className="visually-hidden">Active session: </span>
            {issueText}
          </Link>
        )}
      </div>
      <ConnectionBadge state={connection} />
    </header>
  );
}
