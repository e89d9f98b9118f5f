/**
 * The one client setup every server gets: stock y-websocket clients (tests/support connectClient:
 * `ws` as WebSocketPolyfill, no BroadcastChannel) in this process, each owning one finding whose
 * text it types into, and observers that time each keystroke's arrival at the other clients.
 */
import * as Y from 'yjs';
import { addFinding, findingText } from '@hindsight/review';
import { connectClient, waitFor, type SyncClient } from '@hindsight/tests/support/clients';
import type { Rng } from '@hindsight/tests/support/model';
import type { BenchRoom, BenchServer } from './servers';

// Each stock provider adds an exit listener to `process`; a scenario here holds up to 1,000 of them.
process.setMaxListeners(0);

/** Connects `count` clients to a room; resolves once each is synced (or, on the relay, connected). */
export function joinRoom(server: BenchServer, room: BenchRoom, count: number): Promise<SyncClient[]> {
  return joinRoomAt(
    Array.from({ length: count }, () => server.wsUrl),
    room,
    server.syncs,
  );
}

/** Connects one client to each of `wsUrls` (instances serving one review), as `joinRoom` does. */
export async function joinRoomAt(wsUrls: string[], room: BenchRoom, syncs = true): Promise<SyncClient[]> {
  const clients = wsUrls.map((wsUrl) => connectClient(wsUrl, room.room, room.token));
  await Promise.all(clients.map((client) => (syncs ? client.synced : connected(client))));
  return clients;
}

function connected(client: SyncClient): Promise<void> {
  return new Promise((resolve) => {
    if (client.provider.wsconnected) return resolve();
    const onStatus = ({ status }: { status: string }) => {
      if (status !== 'connected') return;
      client.provider.off('status', onStatus);
      resolve();
    };
    client.provider.on('status', onStatus);
  });
}

/** Each owner adds a finding of its own; resolves with their ids once every client in `seenBy` has them all. */
export async function addOwnFindings(owners: SyncClient[], label: string, seenBy = owners): Promise<string[]> {
  const ids = owners.map((owner, i) => addFinding(owner.doc, { category: 'went-wrong', text: `${label} ${i}: ` }));
  await waitFor(
    () => seenBy.every((client) => ids.every((id) => findingText(client.doc, id) !== undefined)),
    'every finding at every client',
    60_000,
  );
  return ids;
}

/** One sender's finding text: types one seeded character at a seeded position per keystroke. */
export class Typist {
  /** When keystroke n was typed (performance.now()). */
  readonly sentAt: number[] = [];
  private readonly text: Y.Text;

  constructor(
    client: SyncClient,
    readonly findingId: string,
    private readonly rng: Rng,
  ) {
    this.text = findingText(client.doc, findingId)!;
  }

  type(): void {
    const position = this.rng.int(this.text.length + 1);
    const character = String.fromCharCode(97 + this.rng.int(26));
    this.sentAt.push(performance.now());
    this.text.insert(position, character);
  }
}

/**
 * Calls `onArrival(delayMs)` for each keystroke of `typist` as it arrives at `receiver`. Every
 * keystroke adds one character, so keystroke n has arrived once the text there is n + 1 longer
 * than it was when observing began (before the first keystroke).
 */
export function observeKeystrokes(receiver: SyncClient, typist: Typist, onArrival: (delayMs: number) => void): void {
  const text = findingText(receiver.doc, typist.findingId)!;
  const baseLength = text.length;
  let arrived = 0;
  text.observe(() => {
    const now = performance.now();
    const total = text.length - baseLength;
    for (; arrived < total; arrived++) onArrival(now - typist.sentAt[arrived]!);
  });
}

export function destroyAll(clients: SyncClient[]): void {
  for (const client of clients) client.destroy();
}
