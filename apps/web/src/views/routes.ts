/**
 * The page's views and their URLs (the server answers each with `index.html`: `webViewRoutes` in `index.js`):
 * `/dashboard`, `/ide`, `/practice`, `/practice/:kataId`, `/wrap-up/:sessionId` (an ended session's wrap-up screen,
 * issue 23 item 4) and `/settings` (sharing with a team, issue 26 item 2). `/` is not a view of its own: it opens the IDE when a
 * coaching session is active and the dashboard otherwise (see `home.tsx`).
 */
import { matchPath } from 'react-router';

/** The views kept alive once visited. */
export const VIEWS = ['dashboard', 'ide', 'practice'] as const;
export type ViewName = (typeof VIEWS)[number];

/** What a URL shows. */
export interface ViewMatch {
  view: ViewName | 'home' | 'not-found' | 'wrap-up' | 'settings';
  /** `/practice/:kataId`. */
  kataId?: string;
  /** `/wrap-up/:sessionId`. */
  sessionId?: string;
}

/** URL of each view. */
export const VIEW_PATHS: Record<ViewName, string> = {
  dashboard: '/dashboard',
  ide: '/ide',
  practice: '/practice',
};

/** URL of the settings view (issue 26 item 2: joining a team, the sharing status). */
export const SETTINGS_PATH = '/settings';

/** URL of a kata's practice view. */
export const practicePath = (kataId: string): string => `/practice/${encodeURIComponent(kataId)}`;

/** URL of an ended session's wrap-up screen. */
export const wrapUpPath = (sessionId: string): string => `/wrap-up/${encodeURIComponent(sessionId)}`;

/** Title of each view (the document title is `<title> · Paige`). */
export const VIEW_TITLES: Record<ViewName, string> = {
  dashboard: 'Dashboard',
  ide: 'Editor',
  practice: 'Practice',
};

/** Which view `pathname` shows (a trailing slash is accepted, as the server accepts it). */
export function matchView(pathname: string): ViewMatch {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  if (path === '/' || path === '') return { view: 'home' };
  if (path === '/dashboard') return { view: 'dashboard' };
  if (path === '/ide') return { view: 'ide' };
  if (path === '/practice') return { view: 'practice' };
  if (path === SETTINGS_PATH) return { view: 'settings' };
  const kata = matchPath('/practice/:kataId', path);
  if (kata?.params.kataId) return { view: 'practice', kataId: kata.params.kataId };
  const wrapUp = matchPath('/wrap-up/:sessionId', path);
  if (wrapUp?.params.sessionId) return { view: 'wrap-up', sessionId: wrapUp.params.sessionId };
  return { view: 'not-found' };
}
