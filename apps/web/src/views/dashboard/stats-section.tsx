/**
 * The stats for the chosen period (primary Story 12 AS-2/AS-3: `7d`, `30d`, `all`): sessions, coaching time, issues
 * worked on, knowledge gaps found and addressed, hints used, API cost; and the activity behind them (actions logged,
 * model calls, their failures and latency, cost per model). The period is a radio group; switching sends a new
 * `dashboard:request` and shows the period's cached numbers, if any, meanwhile.
 */
import type { StatsPeriod } from '@paige/protocol';
import { SectionError, SectionLoading, UpdatingNote } from '../../components/section-states.js';
import type { DashboardStats, Section } from '../../state/dashboard-store.js';
import { formatCount, formatMinutes, formatUsd } from '../format.js';
import { DashboardSection } from './dashboard-section.js';

const PERIODS: Array<{ value: StatsPeriod; label: string }> = [
  { value: '7d', label: '7 days' },
  { value: '30d', label: '30 days' },
  { value: 'all', label: 'All time' },
];

function PeriodSwitch({ period, onChange }: { period: StatsPeriod; onChange(p: StatsPeriod): void }) {
  return (
    <fieldset className="segmented">
      <legend className="visually-hidden">Stats period</legend>
      {PERIODS.map((p) => (
        <label key={p.value} className={`segmented-option${p.value === period ? ' is-checked' : ''}`}>
          <input
            type="radio"
            name="stats-period"
            value={p.value}
            checked={p.value === period}
            onChange={() => onChange(p.value)}
          />
          {p.label}
        </label>
      ))}
    </fieldset>
  );
}

function Tile({
  label,
  value,
  detail,
  testId,
}: {
  label: string;
  value: string;
  detail?: string;
  testId: string;
}) {
  return (
    <div className="stat-tile" data-testid={testId}>
      <dt>{label}</dt>
      <dd>
        <span className="stat-value">{value}</span>
        {detail && <span className="stat-detail">{detail}</span>}
      </dd>
    </div>
  );
}

export function StatsSection({
  section,
  period,
  onPeriod,
  onRetry,
}: {
  section: Section<DashboardStats>;
  period: StatsPeriod;
  onPeriod(p: StatsPeriod): void;
  onRetry(): void;
}) {
  const s = section.data;
  const label = PERIODS.find((p) => p.value === period)?.label ?? period;
  return (
    <DashboardSection
      id="stats"
      title="Your stats"
      section={section}
      className="area-stats"
      actions={
        <>
          {section.status === 'loading' && s && <UpdatingNote />}
          <PeriodSwitch period={period} onChange={onPeriod} />
        </>
      }
    >
      {section.status === 'error' && (
        <SectionError
          message={section.error ?? 'Could not load the stats.'}
          code={section.code}
          onRetry={onRetry}
        />
      )}
      {s === null ? (
        section.status !== 'error' && (
          <SectionLoading text={`Counting the last ${label.toLowerCase()}…`} lines={3} />
        )
      ) : (
        <div className={section.status === 'loading' ? 'is-stale' : undefined}>
          <p className="visually-hidden">Stats for {period === 'all' ? 'all time' : `the last ${label}`}:</p>
          <dl className="stat-grid">
            <Tile
              testId="stat-sessions"
              label="Sessions completed"
              value={formatCount(s.sessionsCompleted)}
            />
            <Tile testId="stat-time" label="Coaching time" value={formatMinutes(s.totalCoachingMinutes)} />
            <Tile testId="stat-issues" label="Issues worked on" value={formatCount(s.issuesWorkedOn)} />
            <Tile
              testId="stat-gaps"
              label="Knowledge gaps"
              value={`${formatCount(s.knowledgeGapsIdentified)} found`}
              detail={`${formatCount(s.knowledgeGapsAddressed)} addressed`}
            />
            <Tile testId="stat-hints" label="Hints used" value={formatCount(s.hintsUsed)} />
            <Tile
              testId="stat-cost"
              label="API cost"
              value={formatUsd(s.apiCostTotal)}
              detail={s.apiCallCount !== undefined ? `${formatCount(s.apiCallCount)} model calls` : undefined}
            />
          </dl>
          <details className="stat-more">
            <summary>Activity and cost by model</summary>
            <p className="stat-activity">
              {s.actionsLogged !== undefined && <>{formatCount(s.actionsLogged)} actions logged · </>}
              {s.apiCallCount !== undefined && (
                <>
                  {formatCount(s.apiCallCount)} model calls
                  {s.apiCallsFailed ? ` (${formatCount(s.apiCallsFailed)} failed)` : ''} ·{' '}
                </>
              )}
              {s.averageLatencyMs !== undefined && (
                <>
                  average latency{' '}
                  {s.averageLatencyMs === null ? 'n/a' : `${formatCount(Math.round(s.averageLatencyMs))} ms`}
                </>
              )}
            </p>
            {s.costByModel && s.costByModel.length > 0 ? (
              <table className="data-table">
                <caption className="visually-hidden">Cost by model</caption>
                <thead>
                  <tr>
                    <th scope="col">Model</th>
                    <th scope="col">Calls</th>
                    <th scope="col">Cost</th>
                    <th scope="col">Avg latency</th>
                  </tr>
                </thead>
                <tbody>
                  {s.costByModel.map((m) => (
                    <tr key={m.model}>
                      <th scope="row">{m.model}</th>
                      <td>{formatCount(m.callCount)}</td>
                      <td>{formatUsd(m.costUsd)}</td>
                      <td>
                        {m.averageLatencyMs === null
                          ? 'n/a'
                          : `${formatCount(Math.round(m.averageLatencyMs))} ms`}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : (
              <p className="empty">No model calls in this period.</p>
            )}
          </details>
        </div>
      )}
    </DashboardSection>
  );
}
