/**
 * Coaching sessions still in progress (primary Story 12 `inProgress`, issue 5) with "Resume" (`session:resume`),
 * which opens the IDE on the session.
 */
import { SectionError, SectionLoading } from '../../components/section-states.js';
import type { InProgressSession, Section, SessionAction } from '../../state/dashboard-store.js';
import { formatAgo } from '../format.js';
import { DashboardSection } from './dashboard-section.js';

export function SessionsSection({
  section,
  action,
  onResume,
}: {
  section: Section<InProgressSession[]>;
  action: SessionAction | null;
  onResume(id: string): void;
}) {
  const sessions = section.data;
  return (
    <DashboardSection id="sessions" title="Sessions in progress" section={section} className="area-sessions">
      {section.status === 'error' && sessions === null && (
        <SectionError message={section.error ?? 'Could not load the sessions.'} code={section.code} />
      )}
      {sessions === null ? (
        section.status !== 'error' && <SectionLoading text="Looking for sessions in progress…" lines={1} />
      ) : sessions.length === 0 ? (
        <p className="empty">No session in progress. Pick an issue and start one.</p>
      ) : (
        <ul className="session-list">
          {sessions.map((s) => {
            const mine = action?.kind === 'resume' && action.target === s.id ? action : null;
            const name = s.issueTitle
              ? `${s.issueNumber !== null ? `#${s.issueNumber} ` : ''}${s.issueTitle}`
              : s.issueNumber !== null
                ? `Issue #${s.issueNumber}`
                : 'Session without an issue';
            return (
              <li key={s.id} className="session-item">
                <div className="session-text">
                  <span className="session-name">{name}</span>
                  <span className="session-when">started {formatAgo(s.startedAt)}</span>
                </div>
                <button
                  type="button"
                  className="btn btn-primary btn-small"
                  disabled={mine?.status === 'pending'}
                  onClick={() => onResume(s.id)}
                >
                  {mine?.status === 'pending' ? 'Resuming…' : 'Resume'}
                  <span className="visually-hidden"> {name}</span>
                </button>
                {mine?.status === 'error' && (
                  <SectionError message={mine.error ?? 'Could not resume the session.'} />
                )}
              </li>
            );
          })}
        </ul>
      )}
    </DashboardSection>
  );
}
