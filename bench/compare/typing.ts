/**
 * Steady typing: `reviews` rooms of `clientsPerReview` clients, each client typing `editsPerSecond`
 * keystrokes into its own finding for `seconds`, at a seeded phase so keystrokes spread over time.
 * Measures the server's CPU over the window (first keystroke to last arrival), its CPU per
 * delivered update, and the delay from each keystroke to its arrival at each other client.
 */
import { waitFor, type SyncClient } from '@hindsight/tests/support/clients';
import { createRng } from '@hindsight/tests/support/model';
import { addOwnFindings, destroyAll, joinRoom, observeKeystrokes, Typist } from './clients';
import { cpuWindow, quantile } from './measure';
import type { BenchServer } from './servers';

export interface TypingOptions {
  reviews: number;
  clientsPerReview: number;
  editsPerSecond: number;
  seconds: number;
  seed: number;
}

export async function runTyping(server: BenchServer, options: TypingOptions) {
  const rooms: SyncClient[][] = [];
  try {
    for (let r = 0; r < options.reviews; r++) {
      rooms.push(await joinRoom(server, await server.openRoom(), options.clientsPerReview));
    }
    let window: ReturnType<typeof cpuWindow> | undefined;
    const { delays, expected } = await typeInRooms(rooms, options, () => {
      window = cpuWindow(server.pid());
    });
    const cpu = window!.end();
    return {
      serverCpuPct: cpu.serverCpuPct,
      cpuUsPerDelivery: (cpu.serverCpuSeconds * 1e6) / expected,
      p50Ms: quantile(delays, 0.5),
      p99Ms: quantile(delays, 0.99),
      deliveries: delays.length,
      windowSeconds: cpu.seconds,
      benchCpuPct: cpu.benchCpuPct,
    };
  } finally {
    destroyAll(rooms.flat());
  }
}

/** Each delivery's delay, and those between clients of different instances apart too. */
export interface Deliveries {
  delays: number[];
  crossDelays: number[];
  /** Deliveries the keystrokes make: each at every other client of its room. */
  expected: number;
}

/**
 * Has every client of the joined `rooms` type into a finding of its own, `editsPerSecond` for
 * `seconds`, and resolves once each keystroke has arrived at every other client of its room.
 * `openWindow` runs just before the first keystroke (the caller's measurement window). With
 * `instanceOf` (a client's index in its room to the instance it is connected to), deliveries
 * between clients of different instances are also collected as `crossDelays`.
 */
export async function typeInRooms(
  rooms: SyncClient[][],
  options: Pick<TypingOptions, 'editsPerSecond' | 'seconds' | 'seed'>,
  openWindow: () => Promise<void> | void,
  instanceOf: (client: number) => number = () => 0,
): Promise<Deliveries> {
  const { editsPerSecond, seconds, seed } = options;
  const deliveries: Deliveries = { delays: [], crossDelays: [], expected: 0 };
  const typists: Typist[] = [];
  for (const [r, clients] of rooms.entries()) {
    const ids = await addOwnFindings(clients, `review ${r} typist`);
    const roomTypists = clients.map((client, i) => new Typist(client, ids[i]!, createRng(seed + r * 1000 + i)));
    for (const [i, receiver] of clients.entries()) {
      for (const [j, typist] of roomTypists.entries()) {
        if (i === j) continue;
        const cross = instanceOf(i) !== instanceOf(j);
        observeKeystrokes(receiver, typist, (delay) => {
          deliveries.delays.push(delay);
          if (cross) deliveries.crossDelays.push(delay);
        });
      }
    }
    typists.push(...roomTypists);
    deliveries.expected += clients.length * (clients.length - 1);
  }
  const edits = Math.round(editsPerSecond * seconds);
  deliveries.expected *= edits;
  const intervalMs = 1000 / editsPerSecond;
  const phases = createRng(seed);
  await openWindow();
  const timers = typists.map((typist) => typeOnSchedule(typist, edits, intervalMs, phases.next() * intervalMs));
  await Promise.all(timers);
  // Generous: a server that stores each update before relaying it falls behind when fsync is slow.
  await waitFor(
    () => deliveries.delays.length >= deliveries.expected,
    'every keystroke at every other client',
    600_000,
  );
  return deliveries;
}

/** Types `edits` keystrokes, one every `intervalMs`, the first after `phaseMs`; resolves after the last. */
function typeOnSchedule(typist: Typist, edits: number, intervalMs: number, phaseMs: number): Promise<void> {
  return new Promise((resolve) => {
    const startedAt = performance.now() + phaseMs;
    let typed = 0;
    // Each keystroke is scheduled against the start, so timer lateness does not add up.
    const next = () => {
      typist.type();
      if (++typed === edits) return resolve();
      setTimeout(next, Math.max(0, startedAt + typed * intervalMs - performance.now()));
    };
    setTimeout(next, phaseMs);
  });
}
