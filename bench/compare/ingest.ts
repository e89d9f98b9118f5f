/**
 * Ingest: one client types `updates` keystrokes in a burst, each its own update and frame, as fast
 * as the socket takes them; measures the time until a second client has them all.
 */
import { createRng } from '@hindsight/tests/support/model';
import { addOwnFindings, destroyAll, joinRoom, observeKeystrokes, Typist } from './clients';
import type { BenchServer } from './servers';

export async function runIngest(server: BenchServer, options: { updates: number; seed: number }) {
  const clients = await joinRoom(server, await server.openRoom(), 2);
  try {
    const [sender, receiver] = clients as [(typeof clients)[0], (typeof clients)[0]];
    const [findingId] = await addOwnFindings([sender], 'ingest', clients);
    const typist = new Typist(sender, findingId!, createRng(options.seed));
    let received = 0;
    const allReceived = new Promise<void>((resolve) =>
      observeKeystrokes(receiver, typist, () => {
        if (++received === options.updates) resolve();
      }),
    );
    const startedAt = performance.now();
    for (let n = 0; n < options.updates; n++) typist.type();
    await allReceived;
    return { seconds: (performance.now() - startedAt) / 1000 };
  } finally {
    destroyAll(clients);
  }
}
