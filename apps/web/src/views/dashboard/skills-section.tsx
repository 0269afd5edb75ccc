/**
 * Dreyfus stages per skill area (primary Story 12 `dashboard:state.dreyfus`): a bar chart read at a glance (each skill
 * a bar reaching its stage, novice to expert), drawn by recharts and loaded on demand, with the same data as a table
 * for screen readers.
 */
import { lazy, Suspense, useEffect } from 'react';
import { SectionLoading } from '../../components/section-states.js';
import type { DreyfusRow, Section } from '../../state/dashboard-store.js';
import { formatAgo, formatPercent, STAGE_NAMES, stageRank } from '../format.js';
import { DashboardSection } from './dashboard-section.js';

const loadChart = () => import('./dreyfus-chart.js');
const DreyfusChart = lazy(loadChart);

/** The stage most skills are at (ties: the lower stage), for the one-line summary. */
function typicalStage(rows: readonly DreyfusRow[]): DreyfusRow['stage'] | null {
  if (rows.length === 0) return null;
  const counts = new Map<DreyfusRow['stage'], number>();
  for (const r of rows) counts.set(r.stage, (counts.get(r.stage) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || stageRank(a[0]) - stageRank(b[0]))[0]![0];
}

export function SkillsSection({ section }: { section: Section<DreyfusRow[]> }) {
  const rows = section.data ?? [];
  const sorted = [...rows].sort(
    (a, b) => stageRank(b.stage) - stageRank(a.stage) || a.skillArea.localeCompare(b.skillArea),
  );
  const typical = typicalStage(rows);
  // Fetch the chart's chunk as soon as the card mounts, while `dashboard:state` is still on its way, rather than after
  // it arrives (the chunk would otherwise load only once there are rows to draw).
  useEffect(() => {
    void loadChart();
  }, []);
  return (
    <DashboardSection
      id="skills"
      title="Your skills (Dreyfus stages)"
      section={section}
      className="area-skills"
    >
      {section.data === null ? (
        <SectionLoading text="Reading your skill assessments…" lines={4} />
      ) : rows.length === 0 ? (
        <p className="empty">
          No skill assessments yet. Paige assesses your skills when a coaching session ends.
        </p>
      ) : (
        <>
          <p className="dash-lede">
            {rows.length} skill area{rows.length === 1 ? '' : 's'} assessed; most are at{' '}
            <strong>{STAGE_NAMES[typical!]}</strong>.
          </p>
          <Suspense fallback={<div className="chart-placeholder" aria-hidden="true" />}>
            <DreyfusChart rows={sorted} />
          </Suspense>
          <table className="visually-hidden">
            <caption>Dreyfus stage per skill area</caption>
            <thead>
              <tr>
                <th scope="col">Skill area</th>
                <th scope="col">Stage</th>
                <th scope="col">Confidence</th>
                <th scope="col">Assessed</th>
              </tr>
            </thead>
            <tbody>
              {sorted.map((r) => (
                <tr key={r.skillArea}>
                  <th scope="row">{r.skillArea}</th>
                  <td>{STAGE_NAMES[r.stage]}</td>
                  <td>{formatPercent(r.confidence)}</td>
                  <td>{formatAgo(r.assessedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </DashboardSection>
  );
}
