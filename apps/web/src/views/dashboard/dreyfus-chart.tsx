/**
 * The Dreyfus chart (recharts, loaded on demand): one horizontal bar per skill area whose length is its stage
 * (novice = 1 ... expert = 5), coloured by stage and labelled with the stage's name. Hidden from screen readers:
 * the skills section carries the same data as a table.
 */
import {
  Bar,
  BarChart,
  CartesianGrid,
  LabelList,
  Rectangle,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
  type BarShapeProps,
} from 'recharts';
import type { DreyfusStage } from '@paige/protocol';
import type { DreyfusRow } from '../../state/dashboard-store.js';
import { formatPercent, STAGE_NAMES, STAGE_ORDER, stageRank } from '../format.js';

interface Datum {
  skill: string;
  rank: number;
  stage: DreyfusStage;
  confidence: number;
}

/** The theme's colours (theme.css variables), read once: SVG presentation attributes cannot use `var()`. */
function themeColours() {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return {
    text: v('--text', '#efe6dc'),
    muted: v('--text-muted', '#bfb1a2'),
    grid: v('--border', '#433931'),
    surface: v('--surface-3', '#352d27'),
    stages: Object.fromEntries(STAGE_ORDER.map((s, i) => [s, v(`--stage-${i + 1}`, '#f0a35e')])) as Record<
      DreyfusStage,
      string
    >,
  };
}

const SHORT_STAGE: Record<number, string> = {
  1: 'Novice',
  2: 'Adv. beginner',
  3: 'Competent',
  4: 'Proficient',
  5: 'Expert',
};

function StageTooltip({
  active,
  payload,
}: {
  active?: boolean;
  payload?: ReadonlyArray<{ payload?: Datum }>;
}) {
  const d = active ? payload?.[0]?.payload : undefined;
  if (!d) return null;
  return (
    <div className="chart-tooltip">
      <strong>{d.skill}</strong>
      <br />
      {STAGE_NAMES[d.stage]} (confidence {formatPercent(d.confidence)})
    </div>
  );
}

export default function DreyfusChart({ rows }: { rows: readonly DreyfusRow[] }) {
  const colours = themeColours();
  const data: Datum[] = rows.map((r) => ({
    skill: r.skillArea,
    rank: stageRank(r.stage),
    stage: r.stage,
    confidence: r.confidence,
  }));
  const height = 36 + data.length * 38;
  return (
    <div className="dreyfus-chart" aria-hidden="true" data-testid="dreyfus-chart" style={{ height }}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart
          layout="vertical"
          data={data}
          margin={{ top: 4, right: 24, bottom: 4, left: 4 }}
          accessibilityLayer={false}
        >
          <CartesianGrid horizontal={false} stroke={colours.grid} strokeDasharray="3 4" />
          <XAxis
            type="number"
            domain={[0, 5]}
            ticks={[1, 2, 3, 4, 5]}
            tickFormatter={(v: number) => SHORT_STAGE[v] ?? ''}
            tick={{ fill: colours.muted, fontSize: 11 }}
            stroke={colours.grid}
            tickLine={false}
          />
          <YAxis
            type="category"
            dataKey="skill"
            width={190}
            tick={{ fill: colours.text, fontSize: 12 }}
            stroke={colours.grid}
            tickLine={false}
          />
          <Tooltip
            cursor={{ fill: colours.surface, opacity: 0.5 }}
            content={<StageTooltip />}
            isAnimationActive={false}
          />
          <Bar
            dataKey="rank"
            barSize={20}
            isAnimationActive={false}
            shape={(props: BarShapeProps) => (
              <Rectangle
                {...props}
                radius={[0, 4, 4, 0]}
                fill={colours.stages[(props.payload as Datum).stage]}
              />
            )}
          >
            <LabelList
              dataKey="stage"
              position="insideRight"
              fill="#1b1714"
              fontSize={11}
              fontWeight={600}
              formatter={(s: unknown) =>
                typeof s === 'string' && s in STAGE_NAMES ? STAGE_NAMES[s as DreyfusStage] : ''
              }
            />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
