/**
 * Memory: a fresh server's RSS at rest before any client, then with `reviews` rooms of
 * `clientsPerReview` idle clients connected, after each client wrote one finding that all the
 * others in its room received.
 */
import { addOwnFindings, destroyAll, joinRoom } from './clients';
import { rssMb } from './measure';
import { startBenchServer, type ServerKind } from './servers';
import type { SyncClient } from '@hindsight/tests/support/clients';

/** Rooms joined at once: enough to be quick, few enough not to time out upgrades on two cores. */
const ROOMS_AT_ONCE = 20;

export async function runMemory(kind: ServerKind, options: { reviews: number; clientsPerReview: number }) {
  const server = await startBenchServer(kind);
  const clients: SyncClient[] = [];
  try {
    const restMb = rssMb(server.pid());
    for (let first = 0; first < options.reviews; first += ROOMS_AT_ONCE) {
      const count = Math.min(ROOMS_AT_ONCE, options.reviews - first);
      await Promise.all(
        Array.from({ length: count }, async (_, i) => {
          const room = await joinRoom(server, await server.openRoom(), options.clientsPerReview);
          clients.push(...room);
          await addOwnFindings(room, `idle ${first + i}`);
        }),
      );
    }
    return { restMb, loadedMb: rssMb(server.pid()), clients: clients.length };
  } finally {
    destroyAll(clients);
    await server.stop();
  }
}
