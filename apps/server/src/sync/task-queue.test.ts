import { describe, expect, it } from 'vitest';
import { TaskQueue } from './task-queue';

/** A promise that resolves when the test calls `open`, to finish a task at a chosen moment. */
function gate() {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

describe('TaskQueue', () => {
  it('runs tasks one at a time, in the order they were queued', async () => {
    const queue = new TaskQueue();
    const first = gate();
    const log: string[] = [];
    const a = queue.run(async () => {
      log.push('a starts');
      await first.promise;
      log.push('a ends');
      return 'a';
    });
    const b = queue.run(() => {
      log.push('b runs');
      return 'b';
    });
    await expect.poll(() => log).toEqual(['a starts']);
    expect(queue.size).toBe(2);
    first.open();
    expect(await Promise.all([a, b])).toEqual(['a', 'b']);
    expect(log).toEqual(['a starts', 'a ends', 'b runs']);
    expect(queue.size).toBe(0);
  });

  it('gives a failure to its own caller only: the next task still runs', async () => {
    const queue = new TaskQueue();
    const failing = queue.run(async () => {
      throw new Error('refused');
    });
    const next = queue.run(async () => 'ran');
    await expect(failing).rejects.toThrow('refused');
    expect(await next).toBe('ran');
    expect(queue.size).toBe(0);
  });

  it('settles once every task queued so far has settled, failed ones included', async () => {
    const queue = new TaskQueue();
    const held = gate();
    const order: string[] = [];
    void queue.run(() => held.promise).then(() => order.push('task'));
    const failed = queue.run(async () => {
      throw new Error('x');
    });
    failed.catch(() => order.push('failed'));
    const settled = queue.settled().then(() => order.push('settled'));
    held.open();
    await settled;
    expect(order).toEqual(['task', 'failed', 'settled']);
    expect(queue.size).toBe(0);
  });
});
