import { useCallback } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, Rectangle, Tooltip, XAxis, YAxis, type BarShapeProps } from 'recharts';
import { usePoll } from '../app/use-poll';
import { fetchSpaceWeaknesses } from './space-api';
import type { SpaceWeakness as WeaknessStat } from '@hindsight/protocol';
import { SPACE_REFRESH_MS } from './use-space';
import {
  monthLabel,
  monthlyChartData,
  rankWeaknesses,
  totalsChartData,
  weaknessSentence,
  type WeaknessMonthRow,
  type WeaknessTotalsRow,
} from './weakness-view';

/** The totals chart's three measures, with the words each bar is named by. */
const MEASURES = [
  { key: 'reviews', name: 'Reviews', unit: ['review', 'reviews'], colour: '#3b6fa0' },
  { key: 'rootCauses', name: 'Root causes', unit: ['root cause', 'root causes'], colour: '#c98a1b' },
  { key: 'openActions', name: 'Open actions', unit: ['open action', 'open actions'], colour: '#c2453d' },
] as const;

/** One colour per weakness in the over-time chart: mid tones, readable on the light and the dark surface. */
const PALETTE = [
  '#3b6fa0',
  '#c98a1b',
  '#2f8f5b',
  '#c2453d',
  '#7b5ea7',
  '#2a8c9c',
  '#a0566f',
  '#6d7a2f',
  '#8a6b4e',
  '#5c6b80',
];

/** How many sentences head the card: the weaknesses named most. */
const HEADLINES = 3;

const units = (amount: number, [one, many]: readonly [string, string]) => `${amount} ${amount === 1 ? one : many}`;

/**
 * "Recurring weaknesses": which systemic weaknesses the space's reviews keep naming, in a sentence
 * a team reads first ("Deployment and rollback: 5 of the last 8 incidents, 3 actions open"), in
 * total (reviews, root causes, open actions per weakness) and month by month. Each bar carries its
 * words as an accessible name, for screen readers and for tests alike.
 */
export function RecurringWeaknesses({ spaceId, token }: { spaceId: string; token: string }) {
  const fetcher = useCallback((signal: AbortSignal) => fetchSpaceWeaknesses(spaceId, token, signal), [spaceId, token]);
  const { value } = usePoll(`${spaceId}:${token}`, fetcher, SPACE_REFRESH_MS);
  const named = value ? rankWeaknesses(value.weaknesses) : [];
  return (
    <section
      className="card space-card space-weaknesses"
      aria-labelledby="space-weaknesses-heading"
      data-testid="space-weaknesses"
    >
      <div className="space-card__head">
        <h2 id="space-weaknesses-heading">Recurring weaknesses</h2>
      </div>
      {value === null && <p className="muted">Loading…</p>}
      {value !== null && named.length === 0 && (
        <p className="muted" data-testid="space-weaknesses-none">
          No weakness named yet. File findings, root causes and action items under a systemic weakness on the board to
          see which ones keep coming back.
        </p>
      )}
      {value !== null && named.length > 0 && (
        <>
          <ul className="space-weaknesses__headlines">
            {named.slice(0, HEADLINES).map((stat) => (
              <li key={stat.weakness} data-testid="weakness-sentence">
                {weaknessSentence(stat, value.reviewCount)}
              </li>
            ))}
          </ul>
          <h3 className="space-weaknesses__chart-title">In total</h3>
          <TotalsChart rows={totalsChartData(named)} />
          <h3 className="space-weaknesses__chart-title">Reviews naming each weakness, by month</h3>
          <MonthsChart stats={named} rows={monthlyChartData(named)} />
        </>
      )}
    </section>
  );
}

/** A bar with its words as its accessible name (recharts draws a bare path). */
function namedBar(name: (props: BarShapeProps) => string) {
  return function NamedBar(props: BarShapeProps) {
    return (
      <g role="img" aria-label={name(props)} data-testid="weakness-bar">
        <Rectangle {...props} />
      </g>
    );
  };
}

function TotalsChart({ rows }: { rows: WeaknessTotalsRow[] }) {
  const height = 56 + rows.length * 64;
  return (
    <div className="space-chart" data-testid="weakness-totals-chart">
      <BarChart
        responsive
        style={{ width: '100%', height }}
        data={rows}
        layout="vertical"
        margin={{ top: 4, right: 16, bottom: 4, left: 8 }}
        barGap={2}
        title="Per weakness: reviews and root causes naming it, and its open actions"
      >
        <CartesianGrid horizontal={false} stroke="var(--border)" />
        <XAxis type="number" allowDecimals={false} tick={{ fill: 'currentColor' }} stroke="currentColor" />
        <YAxis type="category" dataKey="label" width={150} tick={{ fill: 'currentColor' }} stroke="currentColor" />
        <Tooltip
          cursor={{ fill: 'var(--subtle)' }}
          contentStyle={{ background: 'var(--surface)', borderColor: 'var(--border)' }}
        />
        <Legend itemSorter={null} />
        {MEASURES.map((measure) => (
          <Bar
            key={measure.key}
            dataKey={measure.key}
            name={measure.name}
            fill={measure.colour}
            maxBarSize={14}
            isAnimationActive={false}
            shape={namedBar(
              ({ payload }) =>
                `${(payload as WeaknessTotalsRow).label}: ${units((payload as WeaknessTotalsRow)[measure.key], measure.unit)}`,
            )}
          />
        ))}
      </BarChart>
    </div>
  );
}

function MonthsChart({ stats, rows }: { stats: WeaknessStat[]; rows: WeaknessMonthRow[] }) {
  return (
    <div className="space-chart" data-testid="weakness-months-chart">
      <BarChart
        responsive
        style={{ width: '100%', height: 260 }}
        data={rows}
        margin={{ top: 4, right: 16, bottom: 4, left: 0 }}
        title="Reviews naming each weakness, month by month"
      >
        <CartesianGrid vertical={false} stroke="var(--border)" />
        <XAxis
          dataKey="month"
          tickFormatter={(month: string) => monthLabel(month)}
          tick={{ fill: 'currentColor' }}
          stroke="currentColor"
        />
        <YAxis allowDecimals={false} width={32} tick={{ fill: 'currentColor' }} stroke="currentColor" />
        <Tooltip
          labelFormatter={(month) => monthLabel(String(month))}
          cursor={{ fill: 'var(--subtle)' }}
          contentStyle={{ background: 'var(--surface)', borderColor: 'var(--border)' }}
        />
        <Legend itemSorter={null} />
        {stats.map((stat, index) => (
          <Bar
            key={stat.weakness}
            dataKey={stat.weakness}
            name={stat.label}
            stackId="month"
            fill={PALETTE[index % PALETTE.length]}
            maxBarSize={56}
            isAnimationActive={false}
            shape={namedBar(({ payload }) => {
              const row = payload as WeaknessMonthRow;
              return `${monthLabel(row.month)}, ${stat.label}: ${units(Number(row[stat.weakness]), ['review', 'reviews'])}`;
            })}
          />
        ))}
      </BarChart>
    </div>
  );
}
