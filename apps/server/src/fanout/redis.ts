import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { z } from 'zod';
import type { Logger } from '../log';
import { decodeFanout, encodeFanout } from './wire';
import type { ControlEvent, Fanout, FanoutMessage } from './types';

type Receiver = (message: FanoutMessage) => void;

function connected(conn: Redis, timeoutMs: number): Promise<void> {
  if (conn.status === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    let lastError = 'no answer';
    const onError = (err: Error) => (lastError = err.message);
    const timer = setTimeout(() => {
      conn.off('error', onError);
      reject(new Error(`${lastError} (not connected after ${timeoutMs} ms)`));
    }, timeoutMs);
    conn.on('error', onError);
    conn.once('ready', () => {
      clearTimeout(timer);
      conn.off('error', onError);
      resolve();
    });
  });
}

/** A control event as it crosses Redis (JSON: it carries ids only), checked on arrival. */
const ControlMessage = z.object({
  from: z.string(),
  event: z.object({ kind: z.literal('link-revoked'), reviewId: z.string(), linkId: z.string() }),
});

export interface RedisFanoutOptions {
  /** Prefix of every channel, so several deployments (or test runs) can share one Redis. */
  prefix: string;
  /** Tests only: every n-th update this instance publishes is dropped (0: none), a lost message. */
  dropEvery?: number;
}

/**
 * Fan-out over Redis pub/sub: one connection publishes, one subscribes (a subscribed connection can
 * do nothing else). Each review has its own channel, subscribed while one of its rooms is loaded
 * here; events that concern every instance go on one control channel. Messages are binary (see
 * wire.ts) and name their sender, so an instance drops its own.
 *
 * Pub/sub does not keep messages: while the subscriber is away they are lost. When it is back,
 * `onReconnect` listeners resync from the database (ioredis resubscribes the channels itself).
 */
export class RedisFanout implements Fanout {
  private readonly id = randomUUID();
  private readonly pub: Redis;
  private readonly sub: Redis;
  private readonly receivers = new Map<string, Set<Receiver>>();
  /** Each subscribed review's SUBSCRIBE, settled once Redis has confirmed it. */
  private readonly subscriptions = new Map<string, Promise<void>>();
  private readonly controls = new Set<(event: ControlEvent) => void>();
  private readonly reconnects = new Set<() => void>();
  private readonly controlChannel: string;
  private published = 0;
  /** Whether the subscriber lost its connection since it was last ready (messages may be missing). */
  private lost = false;

  constructor(
    url: string,
    private readonly options: RedisFanoutOptions,
    private readonly log: Logger,
  ) {
    this.controlChannel = `${options.prefix}control`;
    // Publishing while Redis is away fails at once rather than queueing: the database is the truth,
    // and the others read what they missed when they reconnect (a queue would grow without bound).
    this.pub = new Redis(url, { connectionName: `${options.prefix}pub`, enableOfflineQueue: false });
    this.sub = new Redis(url, { connectionName: `${options.prefix}sub` });
    for (const [name, conn] of [
      ['pub', this.pub],
      ['sub', this.sub],
    ] as const) {
      // Without a listener ioredis prints every failed reconnect; one log line per failure is enough.
      conn.on('error', (err: Error) => this.log.warn('fanout.redis_error', { connection: name, err: err.message }));
    }
    this.sub.on('close', () => (this.lost = true));
    this.sub.on('ready', () => {
      if (!this.lost) return;
      this.lost = false;
      // ioredis resubscribes as it reconnects; Redis answers in order, so once this PING is answered
      // every channel is live again and a read of the database misses nothing published after it.
      void this.sub
        .ping()
        .catch(() => undefined)
        .then(() => {
          this.log.warn('fanout.reconnected');
          for (const listener of this.reconnects) listener();
        });
    });
    this.sub.on('messageBuffer', (channel: Buffer, data: Buffer) => this.receive(channel.toString('utf8'), data));
    void this.sub.subscribe(this.controlChannel).catch((err) => this.log.error('fanout.subscribe_failed', { err }));
  }

  /** Resolves once both connections are up; rejects with the last error when they are not within `timeoutMs`. */
  async ready(timeoutMs = 10_000): Promise<void> {
    await Promise.all([this.pub, this.sub].map((conn) => connected(conn, timeoutMs)));
  }

  async publish(reviewId: string, message: FanoutMessage): Promise<void> {
    if (message.kind === 'update' && this.options.dropEvery && ++this.published % this.options.dropEvery === 0) {
      this.log.debug('fanout.dropped_for_test', { reviewId, seq: message.seq });
      return;
    }
    await this.pub.publish(this.channelOf(reviewId), encodeFanout(this.id, message));
  }

  subscribe(reviewId: string, receive: Receiver): { unsubscribe: () => void; live: Promise<void> } {
    let set = this.receivers.get(reviewId);
    if (!set) {
      this.receivers.set(reviewId, (set = new Set()));
      const subscribed = this.sub.subscribe(this.channelOf(reviewId)).then(
        () => undefined,
        (err) => this.log.error('fanout.subscribe_failed', { err }),
      );
      this.subscriptions.set(reviewId, subscribed);
    }
    set.add(receive);
    const unsubscribe = () => {
      set.delete(receive);
      if (set.size > 0 || this.receivers.get(reviewId) !== set) return;
      this.receivers.delete(reviewId);
      this.subscriptions.delete(reviewId);
      void this.sub.unsubscribe(this.channelOf(reviewId)).catch(() => undefined);
    };
    return { unsubscribe, live: this.subscriptions.get(reviewId)! };
  }

  async publishControl(event: ControlEvent): Promise<void> {
    await this.pub.publish(this.controlChannel, JSON.stringify({ from: this.id, event }));
  }

  onControl(receive: (event: ControlEvent) => void): () => void {
    this.controls.add(receive);
    return () => this.controls.delete(receive);
  }

  onReconnect(listener: () => void): () => void {
    this.reconnects.add(listener);
    return () => this.reconnects.delete(listener);
  }

  /**
   * Both connections up and Redis answering a PING. The publisher never queues, so while Redis is
   * away the PING fails at once (the health route bounds a Redis that accepts but does not answer).
   */
  async health(): Promise<'ok' | 'down'> {
    if (this.sub.status !== 'ready') return 'down';
    return this.pub.ping().then(
      () => 'ok',
      () => 'down',
    );
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.pub.quit(), this.sub.quit()]);
  }

  private channelOf(reviewId: string): string {
    return `${this.options.prefix}review:${reviewId}`;
  }

  private receive(channel: string, data: Buffer): void {
    try {
      if (channel === this.controlChannel) {
        const { from, event } = ControlMessage.parse(JSON.parse(data.toString('utf8')));
        if (from !== this.id) for (const receive of this.controls) receive(event);
        return;
      }
      const reviewId = channel.slice(`${this.options.prefix}review:`.length);
      const { from, message } = decodeFanout(data);
      if (from === this.id) return;
      for (const receive of this.receivers.get(reviewId) ?? []) receive(message);
    } catch (err) {
      this.log.error('fanout.bad_message', { channel, err });
    }
  }
}
