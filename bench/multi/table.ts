/** The multi benchmark's markdown table: medians per deployment, and three instances against one. */
import type { Measurement } from '../compare/measure';
import { format } from '../compare/table';
import { DEPLOYMENT_LABELS, type DeploymentKind } from './cluster';

/** Medians per scenario, deployment and metric. */
export type MultiSummary = Record<string, Partial<Record<DeploymentKind, Measurement>>>;

type Figure = [metric: string, what: string, unit: string];

/** What each typing scenario reports. */
const TYPING_FIGURES: Figure[] = [
  ['deliveredPerSecond', 'updates delivered per second', '/s'],
  ['p99Ms', 'delivery p99', 'ms'],
  ['crossP99Ms', 'delivery p99 between instances', 'ms'],
  ['serverCpuUsPerDelivery', 'server CPU per delivered update', 'µs'],
  ['allCpuUsPerDelivery', 'servers + Redis + PostgreSQL backends per delivered update', 'µs'],
  ['roundTripsPerUpdate', 'database round trips per stored update', ''],
  ['statementsPerUpdate', 'statements per stored update', ''],
  ['commitsPerUpdate', 'commits that wrote, per stored update', ''],
  ['gapsFilled', 'catch-up reads that found updates the fan-out had not brought', ''],
];

const ROWS: Array<{ scenario: string; title: string; figures: Figure[] }> = [
  {
    scenario: 'typing-20x5',
    title: '20 reviews × 5 clients × 10 edits/s',
    figures: TYPING_FIGURES,
  },
  {
    scenario: 'typing-1x30',
    title: '1 review × 30 clients × 5 edits/s',
    figures: TYPING_FIGURES,
  },
  {
    scenario: 'fanout-1x30',
    title: 'fan-out from 1 typist to 29 clients',
    figures: [
      ['crossP99Ms', 'p99 to clients of other instances', 'ms'],
      ['sameP99Ms', "p99 to clients of the typist's instance", 'ms'],
      ['firstP50Ms', 'first receiver p50', 'ms'],
      ['serverCpuUsPerDelivery', 'server CPU per delivered update', 'µs'],
      ['allCpuUsPerDelivery', 'servers + Redis + PostgreSQL backends per delivered update', 'µs'],
      ['roundTripsPerUpdate', 'database round trips per stored update', ''],
      ['commitsPerUpdate', 'commits that wrote, per stored update', ''],
    ],
  },
];

export function printMultiTable(summary: MultiSummary, kinds: DeploymentKind[], reps: number): void {
  const ratios: Array<[string, DeploymentKind, DeploymentKind]> = [
    ['3 instances / 1', 'pg-3', 'pg-1'],
    ['PostgreSQL 1 / SQLite', 'pg-1', 'sqlite-1'],
  ];
  const lines = [
    `| scenario (median of ${reps}) | ${kinds.map((kind) => DEPLOYMENT_LABELS[kind]).join(' | ')} | ${ratios.map(([name]) => name).join(' | ')} |`,
    `| --- |${' --- |'.repeat(kinds.length + ratios.length)}`,
  ];
  for (const { scenario, title, figures } of ROWS) {
    const byKind = summary[scenario];
    if (!byKind) continue;
    figures.forEach(([metric, what, unit], i) => {
      const value = (kind: DeploymentKind) => byKind[kind]?.[metric];
      const cells = kinds.map((kind) => format(value(kind), unit));
      const ratioCells = ratios.map(([, a, b]) => {
        const [x, y] = [value(a), value(b)];
        return x === undefined || y === undefined || !Number.isFinite(x / y) ? '–' : `${(x / y).toFixed(2)}×`;
      });
      lines.push(`| ${i ? 'same' : title}: ${what} | ${[...cells, ...ratioCells].join(' | ')} |`);
    });
  }
  console.log(`\n${lines.join('\n')}\n`);
}
