/**
 * One dashboard card: a `region` named by its heading, `aria-busy` while its message has not arrived, and
 * `data-state` (`loading | ready | error`) for tests and the benchmark.
 */
import type { ReactNode } from 'react';
import type { Section } from '../../state/dashboard-store.js';

export interface DashboardSectionProps {
  id: string;
  title: string;
  section: Pick<Section<unknown>, 'status' | 'data'>;
  /** Extra busy state (a refresh with the data still shown). */
  busy?: boolean;
  /** Controls in the card's head (sort, refresh, period). */
  actions?: ReactNode;
  className?: string;
  children: ReactNode;
}

export function DashboardSection({
  id,
  title,
  section,
  busy = false,
  actions,
  className = '',
  children,
}: DashboardSectionProps) {
  const loading = section.status === 'loading' || section.status === 'idle';
  return (
    <section
      className={`dash-card ${className}`}
      aria-labelledby={`${id}-title`}
      aria-busy={loading || busy}
      data-section={id}
      data-state={section.status === 'idle' ? 'loading' : section.status}
    >
      <div className="dash-card-head">
        <h2 id={`${id}-title`} className="dash-card-title">
          {title}
        </h2>
        {actions && <div className="dash-card-actions">{actions}</div>}
      </div>
      <div className="dash-card-body">{children}</div>
    </section>
  );
}
