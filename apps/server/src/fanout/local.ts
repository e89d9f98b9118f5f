import type { ControlEvent, Fanout, FanoutMessage } from './types';

type Receiver = (message: FanoutMessage) => void;

/**
 * An in-process bus. Each `LocalFanout` is one instance; instances created on the same bus see each
 * other's messages. A single server uses one instance on a private bus, where publishing reaches nobody.
 */
export class LocalFanoutBus {
  private readonly receivers = new Map<string, Set<{ instance: LocalFanout; receive: Receiver }>>();
  private readonly controls = new Set<{ instance: LocalFanout; receive: (event: ControlEvent) => void }>();

  /** A new instance on this bus. */
  instance(): LocalFanout {
    return new LocalFanout(this);
  }

  /** @internal */
  deliver(from: LocalFanout, reviewId: string, message: FanoutMessage): void {
    for (const r of this.receivers.get(reviewId) ?? []) {
      if (r.instance !== from)
        r.receive('payload' in message ? { ...message, payload: message.payload.slice() } : message);
    }
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

  /** @internal */
  deliverControl(from: LocalFanout, event: ControlEvent): void {
    for (const c of this.controls) if (c.instance !== from) c.receive(event);
  }

  /** @internal */
  addControl(entry: { instance: LocalFanout; receive: (event: ControlEvent) => void }): () => void {
    this.controls.add(entry);
    return () => this.controls.delete(entry);
  }
}

export class LocalFanout implements Fanout {
  constructor(private readonly bus: LocalFanoutBus = new LocalFanoutBus()) {}

  async publish(reviewId: string, message: FanoutMessage): Promise<void> {
    // Delivered on a later tick, as a network bus would, so no caller depends on synchronous delivery.
    queueMicrotask(() => this.bus.deliver(this, reviewId, message));
  }

  subscribe(reviewId: string, receive: Receiver): { unsubscribe: () => void; live: Promise<void> } {
    return { unsubscribe: this.bus.add(reviewId, { instance: this, receive }), live: Promise.resolve() };
  }

  async publishControl(event: ControlEvent): Promise<void> {
    queueMicrotask(() => this.bus.deliverControl(this, event));
  }

  onControl(receive: (event: ControlEvent) => void): () => void {
    return this.bus.addControl({ instance: this, receive });
  }

  /** An in-process bus never loses a message. */
  onReconnect(): () => void {
    return () => undefined;
  }

  async health(): Promise<'unused'> {
    return 'unused';
  }

  async close(): Promise<void> {}
}
