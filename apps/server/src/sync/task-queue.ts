/**
 * A room runs two of these. Its write queue (client updates, server changes, compaction) keeps
 * check, store and apply in arrival order. Its task queue (`room.tasks`) runs the server's multi-step
 * review rules (a vote, a change of the controls, posting, editing or releasing anonymous findings)
 * one at a time, so a step that reads the store or the document and then writes never interleaves
 * with another: a vote is never accepted after the lock that ended voting, the tallies written last
 * are the store's latest, and an author's edit is not lost to a reveal that read the row a moment
 * before. The two are separate because a task awaits `room.applyServerChange`, which runs in the
 * write queue: one queue for both would wait on itself. For the same reason a task must never await
 * another task of its own queue.
 *
 * The task queue lives with the room, not in a map keyed by review id, and so it must never be
 * dropped while it holds work: tasks run through `Rooms.runTask`, which holds the room until the task
 * has settled, and the registry does not unload a room whose task queue is not empty (see
 * sync/rooms.ts). A room that resets hands its task queue to the room that replaces it, so tasks
 * queued on either side of the reset still run one at a time.
 */

/** Runs tasks one at a time, in the order they were queued; a failed task does not stop the queue. */
export class TaskQueue {
  /** Settles once every task queued so far has settled; never rejects. */
  private tail: Promise<void> = Promise.resolve();
  private queued = 0;

  /** Runs `task` once every earlier task has settled; its result or error goes to this caller only. */
  run<T>(task: () => T | Promise<T>): Promise<T> {
    this.queued++;
    const result = this.tail.then(task);
    const done = () => {
      this.queued--;
    };
    this.tail = result.then(done, done);
    return result;
  }

  /** Tasks queued or running. */
  get size(): number {
    return this.queued;
  }

  /** Settles once every task queued so far has settled (tasks queued later are not waited for). */
  settled(): Promise<void> {
    return this.tail;
  }
}
