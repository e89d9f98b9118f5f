import type { Fanout, FanoutKind } from './types';

type Receiver = (kind: FanoutKind, payload: Uint8Array) => void;

/**
 * An in-process bus. Each `LocalFanout` is one instance; instances created on the same bus see each
 * other's messages. A single server uses one instance on a private bus, where publishing reaches nobody.
 */
export class LocalFanoutBus {
  private readonly receivers = new Map<string, Set<{ instance: LocalFanout; receive: Receiver }>>();

  /** A new instance on this bus. */
  instance(): LocalFanout {
    return new LocalFanout(this);
  }

  /** @internal */
  deliver(from: LocalFanout, reviewId: string, kind: FanoutKind, payload: Uint8Array): void {
    for (const r of this.receivers.get(reviewId) ?? []) if (r.instance !== from) r.receive(kind, payload.slice());
  }

  /** @internal */
  add(reviewId: string, entry: { instance: LocalFanout; receive: Receiver }): () => void {
    let set = this.receivers.get(reviewId);
    if (!set) this.receivers.set(reviewId, (set = new Set()));
    set.add(entry);
    return () => {
      set.delete(entry);
      if (set.size === 0) this.receivers.delete(reviewId);
    };
  }
}

export class LocalFanout implements Fanout {
  constructor(private readonly bus: LocalFanoutBus = new LocalFanoutBus()) {}

  async publish(reviewId: string, kind: FanoutKind, payload: Uint8Array): Promise<void> {
    // Delivered on a later tick, as a network bus would, so no caller depends on synchronous delivery.
    queueMicrotask(() => this.bus.deliver(this, reviewId, kind, payload));
  }

  subscribe(reviewId: string, receive: Receiver): () => void {
    return this.bus.add(reviewId, { instance: this, receive });
  }

  async close(): Promise<void> {}
}
