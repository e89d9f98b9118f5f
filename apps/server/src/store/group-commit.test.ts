import { describe, expect, it } from 'vitest';
import { GroupCommit, type LogAppend } from './group-commit';
import { StoreUnavailableError } from './unavailable';

const bytes = (n: number) => new Uint8Array([n]);

/** An in-memory log that records each transaction it is asked to write; `fail` refuses rows. */
function recordingLog(fail: (row: LogAppend) => boolean = () => false) {
  const transactions: number[][] = [];
  let seq = 0;
  const appendBatch = (rows: readonly LogAppend[]): number[] => {
    if (rows.some(fail)) throw new Error('constraint failed');
    transactions.push(rows.map((row) => row.update[0]!));
    return rows.map(() => ++seq);
  };
  return { transactions, appendBatch };
}

describe('GroupCommit', () => {
  it('writes the appends of one event-loop turn, from any review, in one transaction, in order', async () => {
    const log = recordingLog();
    const commits = new GroupCommit(log.appendBatch);
    const seqs = await Promise.all([1, 2, 3, 4].map((n) => commits.append(n % 2 ? 'a' : 'b', bytes(n))));
    expect(log.transactions).toEqual([[1, 2, 3, 4]]);
    expect(seqs).toEqual([1, 2, 3, 4]);
  });

  it('resolves nothing before its transaction is written, and resolves in append order', async () => {
    const order: number[] = [];
    let written = false;
    const commits = new GroupCommit((rows) => {
      written = true;
      return rows.map((_, i) => i + 1);
    });
    const appended = [1, 2, 3].map((n) =>
      commits.append('a', bytes(n)).then(() => {
        expect(written).toBe(true);
        order.push(n);
      }),
    );
    await Promise.resolve();
    expect(written).toBe(false);
    await Promise.all(appended);
    expect(order).toEqual([1, 2, 3]);
  });

  it('gathers what arrives while an asynchronous commit runs into the next transaction', async () => {
    const transactions: number[][] = [];
    let seq = 0;
    let firstStarted!: () => void;
    const started = new Promise<void>((resolve) => (firstStarted = resolve));
    let finishFirst!: () => void;
    const firstMayFinish = new Promise<void>((resolve) => (finishFirst = resolve));
    const commits = new GroupCommit(async (rows) => {
      transactions.push(rows.map((row) => row.update[0]!));
      if (transactions.length === 1) {
        firstStarted();
        await firstMayFinish;
      }
      return rows.map(() => ++seq);
    });
    const first = commits.append('a', bytes(1));
    await started;
    const later = [2, 3, 4].map((n) => commits.append('a', bytes(n)));
    finishFirst();
    expect(await Promise.all([first, ...later])).toEqual([1, 2, 3, 4]);
    expect(transactions).toEqual([[1], [2, 3, 4]]);
  });

  it('fails only the rows that cannot be written; the others land, in order', async () => {
    const log = recordingLog((row) => row.reviewId === 'deleted');
    const commits = new GroupCommit(log.appendBatch);
    const outcomes = await Promise.allSettled([
      commits.append('a', bytes(1)),
      commits.append('deleted', bytes(2)),
      commits.append('a', bytes(3)),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(log.transactions).toEqual([[1], [3]]);
  });

  it('settled() waits for appends still gathering', async () => {
    const log = recordingLog();
    const commits = new GroupCommit(log.appendBatch);
    void commits.append('a', bytes(1));
    await commits.settled();
    expect(log.transactions).toEqual([[1]]);
  });
});

describe('GroupCommit with a deadline', () => {
  it('refuses a batch the database does not answer as unavailable, and writes the next one', async () => {
    const answered: number[][] = [];
    let calls = 0;
    // The first batch never hears back (packets dropped); later ones are written at once.
    const commits = new GroupCommit((rows) => {
      if (calls++ === 0) return new Promise<number[]>(() => undefined);
      answered.push(rows.map((row) => row.update[0]!));
      return rows.map((_, i) => i + 1);
    }, 50);
    const stuck = [1, 2].map((n) => commits.append('a', bytes(n)));
    for (const append of stuck) await expect(append).rejects.toBeInstanceOf(StoreUnavailableError);
    expect(await commits.append('a', bytes(3))).toBe(1);
    expect(answered).toEqual([[3]]);
  });
});
