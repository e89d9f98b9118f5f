/** What the send budgets need of a socket they watch (a Connection). */
export interface BufferedSocket {
  /** Bytes queued for the socket that its client has not read yet. */
  readonly bufferedBytes: number;
  /** Closes the socket as a slow consumer (4408), saying which budget ran out. */
  closeSlowConsumer(budget: 'room' | 'process', bufferedBytes: number): void;
}

/** Bytes the sockets of one room, and of the whole process, may have queued together. */
export interface SendBudgets {
  maxBufferedBytesPerRoom: number;
  maxBufferedBytesPerProcess: number;
}

interface Held {
  socket: BufferedSocket;
  bytes: number;
}

/**
 * The bytes queued for every open socket, grouped by room. Whenever something was sent, the sums
 * are checked once the tick's sends are done; over a room's or the process's budget, the sockets
 * holding the most are closed as slow consumers until the rest fits, so the clients that read what
 * they are sent (and hold little) stay connected.
 */
export class SendBuffers {
  private readonly rooms = new Map<unknown, Set<BufferedSocket>>();
  private checkScheduled = false;

  constructor(private readonly budgets: SendBudgets) {}

  /** Watches `socket`, counted with the others of `room`. */
  add(socket: BufferedSocket, room: unknown): void {
    let sockets = this.rooms.get(room);
    if (!sockets) this.rooms.set(room, (sockets = new Set()));
    sockets.add(socket);
  }

  /** Stops watching `socket` (it closed). */
  remove(socket: BufferedSocket, room: unknown): void {
    const sockets = this.rooms.get(room);
    if (!sockets?.delete(socket)) return;
    if (sockets.size === 0) this.rooms.delete(room);
  }

  /** Something was queued for a socket: the budgets are checked after the current I/O phase. */
  noteQueued(): void {
    if (this.checkScheduled) return;
    this.checkScheduled = true;
    setImmediate(() => {
      this.checkScheduled = false;
      this.check();
    });
  }

  /**
   * Closes the sockets holding the most until every room and the process are within budget. Runs
   * after every tick that sent anything, so the common case (everything within budget) only adds
   * up numbers; the lists to pick sockets from are built once a budget is exceeded.
   */
  check(): void {
    let processBytes = 0;
    for (const sockets of this.rooms.values()) {
      let roomBytes = 0;
      for (const socket of sockets) roomBytes += socket.bufferedBytes;
      if (roomBytes > this.budgets.maxBufferedBytesPerRoom) {
        const kept = closeLargest(heldBy(sockets), roomBytes - this.budgets.maxBufferedBytesPerRoom, 'room');
        roomBytes = kept.reduce((sum, h) => sum + h.bytes, 0);
      }
      processBytes += roomBytes;
    }
    if (processBytes > this.budgets.maxBufferedBytesPerProcess) {
      const open = [...this.rooms.values()].flatMap((sockets) => heldBy(sockets));
      closeLargest(open, processBytes - this.budgets.maxBufferedBytesPerProcess, 'process');
    }
  }
}

/** What each socket holds now. */
function heldBy(sockets: Iterable<BufferedSocket>): Held[] {
  return [...sockets].map((socket) => ({ socket, bytes: socket.bufferedBytes }));
}

/** Closes the sockets holding the most until `excess` bytes are freed; returns the ones left open. */
function closeLargest(held: Held[], excess: number, budget: 'room' | 'process'): Held[] {
  const largestFirst = [...held].sort((a, b) => b.bytes - a.bytes);
  let freed = 0;
  let closed = 0;
  while (freed < excess && closed < largestFirst.length) {
    const h = largestFirst[closed++]!;
    h.socket.closeSlowConsumer(budget, h.bytes);
    freed += h.bytes;
  }
  return largestFirst.slice(closed);
}
