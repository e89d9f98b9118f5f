/**
 * `pnpm bench fsync`: what one durable commit costs on this disk, the floor under "every update is
 * stored before anyone sees it". Appends one small row per transaction to a SQLite file in WAL mode,
 * as the server's update log does, with synchronous = FULL (fsync per commit, what the server uses)
 * and NORMAL (no fsync, for comparison only), alternating; reports the process's CPU time (user +
 * system) and wall time per commit, medians of `reps`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { median } from './compare/measure';

type Mode = 'FULL' | 'NORMAL';

export function runFsyncBench({ commits, reps }: { commits: number; reps: number }): object {
  const runs: Record<Mode, Array<{ cpuUs: number; wallMs: number }>> = { FULL: [], NORMAL: [] };
  for (let rep = 0; rep < reps; rep++) {
    for (const mode of ['FULL', 'NORMAL'] as const) runs[mode].push(commitCost(mode, commits));
  }
  const summary = (mode: Mode) => ({
    cpuUsPerCommit: round(median(runs[mode].map((r) => r.cpuUs))),
    wallMsPerCommit: round(median(runs[mode].map((r) => r.wallMs))),
  });
  return { commits, reps, full: summary('FULL'), normal: summary('NORMAL') };
}

function commitCost(mode: Mode, commits: number): { cpuUs: number; wallMs: number } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hindsight-fsync-'));
  const db = new Database(path.join(dir, 'log.sqlite'));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${mode}`);
    db.exec('CREATE TABLE updates (seq INTEGER PRIMARY KEY AUTOINCREMENT, review_id TEXT NOT NULL, data BLOB NOT NULL)');
    const insert = db.prepare('INSERT INTO updates (review_id, data) VALUES (?, ?)');
    const commit = db.transaction((data: Buffer) => insert.run('review', data));
    const update = Buffer.alloc(40, 1); // about one keystroke's update
    const cpuStart = process.cpuUsage();
    const wallStart = performance.now();
    for (let i = 0; i < commits; i++) commit(update);
    const wallMs = performance.now() - wallStart;
    const cpu = process.cpuUsage(cpuStart);
    return { cpuUs: (cpu.user + cpu.system) / commits, wallMs: wallMs / commits };
  } finally {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function round(value: number): number {
  return Number(value.toPrecision(3));
}
