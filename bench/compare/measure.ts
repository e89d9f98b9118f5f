/** Readings of a server process from /proc, and the statistics the compare benchmark reports. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';

/** Kernel clock ticks per second, the unit of utime and stime in /proc/PID/stat. */
const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());

/** CPU seconds (user + system) a process has used so far. */
export function cpuSeconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces; the fields after its closing parenthesis do not.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name.
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/** Resident memory of a process, in MB. */
export function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]) / 1024;
}

/** A window over which a server's and this process's CPU use are measured. */
export function cpuWindow(serverPid: number) {
  const startedAt = performance.now();
  const serverStart = cpuSeconds(serverPid);
  const benchStart = process.cpuUsage();
  return {
    /** CPU used over the window as a percentage of one core, for the server and for the bench. */
    end() {
      const seconds = (performance.now() - startedAt) / 1000;
      const serverCpu = cpuSeconds(serverPid) - serverStart;
      const bench = process.cpuUsage(benchStart);
      return {
        seconds,
        serverCpuSeconds: serverCpu,
        serverCpuPct: (100 * serverCpu) / seconds,
        benchCpuPct: (100 * (bench.user + bench.system)) / 1e6 / seconds,
      };
    },
  };
}

/** The q-quantile (0..1) of `values` (nearest rank); `values` need not be sorted. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export const median = (values: readonly number[]) => quantile(values, 0.5);

/** One run's figures, by metric. */
export type Measurement = Record<string, number>;

/** The median of each metric over runs (a metric a run lacks is left out of its median). */
export function medians(runs: Measurement[]): Measurement {
  const metrics = new Set(runs.flatMap((run) => Object.keys(run)));
  return Object.fromEntries(
    [...metrics].map((metric) => [
      metric,
      median(runs.map((run) => run[metric]).filter((value): value is number => value !== undefined)),
    ]),
  );
}

/** Four significant digits, for the JSON lines. */
export function rounded(measurement: Measurement): Measurement {
  return Object.fromEntries(Object.entries(measurement).map(([k, v]) => [k, +v.toPrecision(4)]));
}

/** The machine the numbers come from, printed with them. */
export function machine() {
  const cpuModel = /model name\s*:\s*(.*)/.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? os.cpus()[0]?.model;
  return { nproc: os.availableParallelism(), cpuModel, node: process.version, loadAverage: os.loadavg() };
}

/**
 * Runs `measure` `reps` times for each of `kinds`, alternating within each repetition (the first
 * one rotates) so the machine's noise falls on all alike; prints one JSON line per measurement
 * (`label` names the scenario) and returns the medians per kind. One failed measurement (a timeout
 * on a starved machine) is printed and left out, so it does not cost the whole run.
 */
export async function alternate<K extends string>(
  label: Record<string, string>,
  kinds: readonly K[],
  reps: number,
  measure: (kind: K, rep: number) => Promise<Measurement>,
): Promise<Partial<Record<K, Measurement>>> {
  const results = new Map<K, Measurement[]>(kinds.map((kind) => [kind, []]));
  for (let rep = 0; rep < reps; rep++) {
    for (const kind of kinds.map((_, i) => kinds[(i + rep) % kinds.length]!)) {
      try {
        const measurement = await measure(kind, rep);
        results.get(kind)!.push(measurement);
        console.log(JSON.stringify({ ...label, kind, rep, ...rounded(measurement) }));
      } catch (err) {
        console.log(JSON.stringify({ ...label, kind, rep, error: (err as Error).message }));
      }
    }
  }
  return Object.fromEntries(
    [...results].filter(([, runs]) => runs.length > 0).map(([kind, runs]) => [kind, medians(runs)]),
  ) as Partial<Record<K, Measurement>>;
}
