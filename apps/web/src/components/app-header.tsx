/**
 * The page's header, the same on every view: Paige's mark (to the dashboard), the navigation between the views
 * (links with `aria-current="page"`; the browser's back and forward buttons move between them too), the coaching
 * session when one is active, the team being shared with (issue 26: a badge linking to the settings), and the
 * connection state.
 */
import { Link } from 'react-router';
import type { ConnectionState } from '@paige/client';
import type { IssueView } from '../state/coaching-store.js';
import { SETTINGS_PATH, VIEW_PATHS, VIEW_TITLES, type ViewName } from '../views/routes.js';
import { ConnectionBadge } from './connection-badge.js';

export interface AppHeaderProps {
  /** The view on screen (`null` on `/` and unknown URLs). */
  current: ViewName | 'settings' | null;
  /** Where the Practice link goes: the kata last opened, else the kata list. */
  practiceHref: string;
  connection: ConnectionState;
  /** The active session's issue, `null` without an active session. */
  session: { issue: IssueView | null } | null;
  /** The team this Paige shares with (`null` when none is joined) and the records waiting to be delivered. */
  team?: { name: string; waiting: number } | null;
}

export function AppHeader({ current, practiceHref, connection, session, team = null }: AppHeaderProps) {
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
          <li>
            <Link
              to={SETTINGS_PATH}
              className="view-link"
              aria-current={current === 'settings' ? 'page' : undefined}
            >
              Settings
            </Link>
          </li>
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
      {team && (
        <Link to={SETTINGS_PATH} className="header-team" data-testid="team-badge">
          <span className="team-dot" aria-hidden="true" />
          {`Sharing with ${team.name}${team.waiting > 0 ? `, ${team.waiting} waiting` : ''}`}
        </Link>
      )}
      <ConnectionBadge state={connection} />
    </header>
  );
}
