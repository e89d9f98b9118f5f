/** The compare benchmark's markdown table: one row per figure of issue 12, medians and ratios. */
import type { CompareSummary } from './index';
import { SERVER_LABELS, type ServerKind } from './servers';

interface Row {
  label: string;
  scenario: string;
  metric: string;
  unit: string;
}

/** A scenario's rows: its title on the first, "same:" on the others. Each figure is [metric, what, unit]. */
function rowsOf(scenario: string, title: string, figures: Array<[string, string, string]>): Row[] {
  return figures.map(([metric, what, unit], i) => ({
    label: `${i ? 'same' : title}: ${what}`,
    scenario,
    metric,
    unit,
  }));
}

const ROWS: Row[] = [
  ...rowsOf('typing-20x5', '20 reviews × 5 clients × 10 edits/s', [
    ['serverCpuPct', 'server CPU', '%'],
    ['cpuUsPerDelivery', 'server CPU per delivered update', 'µs'],
    ['p50Ms', 'delivery latency p50', 'ms'],
    ['p99Ms', 'delivery latency p99', 'ms'],
  ]),
  ...rowsOf('typing-1x50', '1 review × 50 clients × 5 edits/s', [
    ['serverCpuPct', 'server CPU', '%'],
    ['cpuUsPerDelivery', 'server CPU per delivered update', 'µs'],
    ['p99Ms', 'delivery latency p99', 'ms'],
  ]),
  ...rowsOf('fanout', 'fan-out to 50 clients', [
    ['p99Ms', 'p99', 'ms'],
    ['firstP50Ms', 'first receiver p50', 'ms'],
  ]),
  ...rowsOf('memory', 'RSS', [
    ['restMb', 'at rest before any client', 'MB'],
    ['loadedMb', 'with 200 reviews × 5 idle clients', 'MB'],
  ]),
  ...rowsOf('ingest', 'ingest of 20,000 updates', [['seconds', 'time until a second client has them all', 's']]),
  ...rowsOf('cold-load', 'cold load of a 3.9 MB review', [['ms', "time to a new client's sync", 'ms']]),
];

export function printTable(summary: CompareSummary, servers: ServerKind[], reps: number): void {
  const ratios: Array<[string, ServerKind, ServerKind]> = [['Hindsight / reference', 'hindsight', 'reference']];
  if (servers.includes('hindsight-tsx')) ratios.push(['compiled / tsx', 'hindsight', 'hindsight-tsx']);
  const lines = [
    `| scenario (median of ${reps}) | ${servers.map((kind) => SERVER_LABELS[kind]).join(' | ')} | ${ratios.map(([name]) => name).join(' | ')} |`,
    `| --- |${' --- |'.repeat(servers.length + ratios.length)}`,
  ];
  for (const row of ROWS) {
    const byKind = summary[row.scenario];
    if (!byKind) continue;
    const value = (kind: ServerKind) => byKind[kind]?.[row.metric];
    const cells = servers.map((kind) => format(value(kind), row.unit));
    const ratioCells = ratios.map(([, a, b]) => {
      const [x, y] = [value(a), value(b)];
      return x === undefined || y === undefined ? '–' : `${(x / y).toFixed(2)}×`;
    });
    lines.push(`| ${row.label} | ${[...cells, ...ratioCells].join(' | ')} |`);
  }
  const benchCpu = servers
    .map((kind) => summary['typing-20x5']?.[kind]?.benchCpuPct)
    .filter((pct): pct is number => pct !== undefined);
  console.log(`\n${lines.join('\n')}\n`);
  if (benchCpu.length) {
    console.log(
      `The bench process (all clients) used ${Math.round(Math.max(...benchCpu))} % of a core at most in the 20 × 5 scenario.`,
    );
  }
}

/** A figure with its unit, to two decimals below 10, one below 100, none above; '–' for none. */
export function format(value: number | undefined, unit: string): string {
  if (value === undefined || Number.isNaN(value)) return '–';
  const digits = value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${value.toFixed(digits)}${unit ? ` ${unit}` : ''}`;
}
