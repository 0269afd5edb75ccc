/**
 * Practice katas in progress (primary Story 12 "challenges", issue 10): each with its best level, attempts and
 * unlocked constraints, opening the practice view; then the quizzes and explain-it-back challenges (issue 24).
 */
import { Link } from 'react-router';
import { SectionError, SectionLoading } from '../../components/section-states.js';
import type { NonCodeChallengeSummary } from '@paige/protocol';
import type { Challenge, Section } from '../../state/dashboard-store.js';
import { practicePath, VIEW_PATHS } from '../routes.js';
import { DashboardSection } from './dashboard-section.js';

export function KatasSection({
  section,
  onRetry,
  nonCode = [],
}: {
  section: Section<Challenge[]>;
  onRetry(): void;
  nonCode?: readonly NonCodeChallengeSummary[];
}) {
  const katas = section.data;
  return (
    <DashboardSection id="katas" title="Practice katas" section={section} className="area-katas">
      {section.status === 'error' && (
        <SectionError
          message={section.error ?? 'Could not load the katas.'}
          code={section.code}
          onRetry={onRetry}
        />
      )}
      {katas === null ? (
        section.status !== 'error' && <SectionLoading text="Loading your katas…" lines={2} />
      ) : katas.length === 0 ? (
        <p className="empty">No katas yet. Paige writes katas for the knowledge gaps a session reveals.</p>
      ) : (
        <ul className="kata-list">
          {katas.map((k) => (
            <li key={k.kataId} className="kata-item">
              <Link to={practicePath(k.kataId)} className="kata-link">
                {k.title}
              </Link>
              {k.topic && <span className="badge">{k.topic}</span>}
              <p className="kata-description">{k.description}</p>
              <p className="kata-meta">
                <span data-testid="kata-best">
                  {k.bestLevel === null ? 'Not attempted yet' : `Best level ${k.bestLevel}/10`}
                </span>{' '}
                ·{' '}
                <span data-testid="kata-attempts">
                  {k.attemptsCount} attempt{k.attemptsCount === 1 ? '' : 's'}
                </span>{' '}
                · {k.unlockedConstraints.length} of {k.constraintCount} constraint
                {k.constraintCount === 1 ? '' : 's'} unlocked
                {k.hasRunnableTests === false && ' · no runnable tests'}
              </p>
            </li>
          ))}
        </ul>
      )}
      {nonCode.length > 0 && (
        <ul className="kata-list" aria-label="Quizzes and explanations">
          {nonCode.map((c) => (
            <li key={c.id} className="kata-item">
              <Link to={`${VIEW_PATHS.practice}?challenge=${encodeURIComponent(c.id)}`} className="kata-link">
                {c.title}
              </Link>
              {c.topic && <span className="badge">{c.topic}</span>}
              <p className="kata-meta">
                {c.kind === 'quiz' ? 'Quiz' : 'Explain it back'}
                {c.passed === true ? ' · passed' : c.attemptsCount > 0 ? ' · not passed yet' : ''}
              </p>
            </li>
          ))}
        </ul>
      )}
    </DashboardSection>
  );
}
