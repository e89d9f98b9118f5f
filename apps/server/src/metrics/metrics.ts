import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { ROLES, type Role } from '@hindsight/protocol';

/** Why a client's update was refused, as the `hindsight_update_refusals_total` label says it. */
export type RefusalReason = 'invalid_update' | 'frozen_candidates' | 'document_full' | 'read_only' | 'pending_overflow';
const REFUSAL_REASONS: readonly RefusalReason[] = [
  'invalid_update',
  'frozen_candidates',
  'document_full',
  'read_only',
  'pending_overflow',
];

/** Why a room read updates from the database that the fan-out did not bring (see Room.catchUp). */
export type CatchUpReason = 'gap' | 'reconnect' | 'load' | 'recheck';
const CATCH_UP_REASONS: readonly CatchUpReason[] = ['gap', 'reconnect', 'load', 'recheck'];

/** A labelled child per value, bound once: the hot path increments it without building a label key. */
function bind<K extends string, C>(values: readonly K[], child: (value: K) => C): Record<K, C> {
  return Object.fromEntries(values.map((value) => [value, child(value)])) as Record<K, C>;
}

/**
 * The server's Prometheus metrics, on a registry of its own (several servers in one test process do
 * not mix). What the sync path counts is a bound counter's `inc()`; what can be read when scraped
 * (rooms loaded) is read then.
 */
export class ServerMetrics {
  readonly registry = new Registry();
  /** Open WebSocket connections, by the role of their link. */
  readonly connections: Record<Role, Gauge.Internal<'role'>>;
  /** Updates stored (clients' and the server's own), each once its append is durable. */
  readonly updatesStored: Counter;
  /** Deliveries of a document update to a connection (one update relayed to three peers counts three). */
  readonly updatesRelayed: Counter;
  /** Reads of updates the fan-out did not bring that found some, by what started them. */
  readonly gapsFilled: Record<CatchUpReason, Counter.Internal>;
  /** Client updates refused, by reason. */
  readonly refusals: Record<RefusalReason, Counter.Internal>;
  /** Time from handing an update to the store to its append being durable. */
  readonly appendSeconds: Histogram;

  /** How many rooms are in memory, read when scraped (see `countRooms`). */
  private roomCount: () => number = () => 0;

  constructor() {
    const registers = [this.registry];
    const metrics = this;
    collectDefaultMetrics({ register: this.registry });
    const connections = new Gauge({
      name: 'hindsight_connections_open',
      help: 'Open WebSocket connections, by the role of the link they were opened with.',
      labelNames: ['role'],
      registers,
    });
    this.connections = bind(ROLES, (role) => connections.labels(role));
    new Gauge({
      name: 'hindsight_rooms_loaded',
      help: 'Reviews held in memory (loading or loaded).',
      registers,
      collect() {
        this.set(metrics.roomCount());
      },
    });
    this.updatesStored = new Counter({
      name: 'hindsight_updates_stored_total',
      help: 'Document updates stored durably (clients and server writes).',
      registers,
    });
    this.updatesRelayed = new Counter({
      name: 'hindsight_updates_relayed_total',
      help: 'Document updates delivered to connections (one per receiving connection).',
      registers,
    });
    const gaps = new Counter({
      name: 'hindsight_fanout_gaps_filled_total',
      help: 'Reads from the database that found updates the fan-out had not delivered, by what started them.',
      labelNames: ['reason'],
      registers,
    });
    this.gapsFilled = bind(CATCH_UP_REASONS, (reason) => gaps.labels(reason));
    const refusals = new Counter({
      name: 'hindsight_update_refusals_total',
      help: 'Client updates refused by the checks, by reason.',
      labelNames: ['reason'],
      registers,
    });
    this.refusals = bind(REFUSAL_REASONS, (reason) => refusals.labels(reason));
    this.appendSeconds = new Histogram({
      name: 'hindsight_storage_append_seconds',
      help: 'Time from handing an update to the store until its append is durable (group commit included).',
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    });
    // Children with no sample yet are still exported (as 0), so a dashboard sees every series from the start.
    for (const child of [...Object.values(this.gapsFilled), ...Object.values(this.refusals)]) child.inc(0);
    for (const child of Object.values(this.connections)) child.set(0);
  }

  /** Where `hindsight_rooms_loaded` reads its value (the server's room registry). */
  countRooms(count: () => number): void {
    this.roomCount = count;
  }
}
