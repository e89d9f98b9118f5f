/**
 * Fan-out: one sender and `receivers` clients in one room; the sender types one keystroke at a time
 * and the next only once every receiver has the previous one. Measures each delivery's delay (p99)
 * and, per keystroke, the first receiver's (p50 over keystrokes).
 */
import type { SyncClient } from '@hindsight/tests/support/clients';
import { createRng } from '@hindsight/tests/support/model';
import { addOwnFindings, destroyAll, joinRoom, observeKeystrokes, Typist } from './clients';
import { quantile } from './measure';
import type { BenchServer } from './servers';

export async function runFanout(server: BenchServer, options: { receivers: number; keystrokes: number; seed: number }) {
  const clients = await joinRoom(server, await server.openRoom(), options.receivers + 1);
  try {
    const { delays, firstDelays } = await fanOut(clients, options);
    return { p99Ms: quantile(delays, 0.99), firstP50Ms: quantile(firstDelays, 0.5), deliveries: delays.length };
  } finally {
    destroyAll(clients);
  }
}

/**
 * The first of `clients` types `keystrokes` keystrokes, each once every other client has the
 * previous one. Returns every delivery's delay, the first receiver's per keystroke, and (given
 * `instanceOf`, a client's index to its instance) the deliveries to clients of another instance
 * than the sender's and to those of its own, apart.
 */
export async function fanOut(
  clients: SyncClient[],
  options: { keystrokes: number; seed: number },
  instanceOf: (client: number) => number = () => 0,
) {
  const [sender, ...receivers] = clients;
  const [senderFinding] = await addOwnFindings([sender!], 'fan-out sender', clients);
  const typist = new Typist(sender!, senderFinding!, createRng(options.seed));
  const delays: number[] = [];
  const crossDelays: number[] = [];
  const sameDelays: number[] = [];
  const firstDelays: number[] = [];
  let arrivals = 0;
  let allArrived = () => {};
  for (const [i, receiver] of receivers.entries()) {
    const cross = instanceOf(i + 1) !== instanceOf(0);
    observeKeystrokes(receiver, typist, (delay) => {
      if (arrivals++ === 0) firstDelays.push(delay);
      delays.push(delay);
      (cross ? crossDelays : sameDelays).push(delay);
      if (arrivals === receivers.length) allArrived();
    });
  }
  for (let n = 0; n < options.keystrokes; n++) {
    arrivals = 0;
    const arrived = new Promise<void>((resolve) => (allArrived = resolve));
    typist.type();
    await arrived;
  }
  return { delays, crossDelays, sameDelays, firstDelays };
}
