/**
 * The most expensive update shapes we can construct for a sync server, each filling one frame of
 * about 1 MiB (issue 9): long dependency chains inside one update, wide delete sets, deep nesting,
 * many clients, and updates that re-send what the server already has. Built with the forge, so each
 * is a real V1 update that stock Yjs decodes and integrates.
 */
import { DEFAULT_LIMITS } from '@hindsight/protocol';
import * as Y from 'yjs';
import { content, forgeUpdate, item, type ForgedDelete, type ForgedSection } from './forge';

/** What a shape sends: `setup` first (not measured), then the one hostile `frame`. */
export interface HostileUpdate {
  setup?: Uint8Array[];
  frame: Uint8Array;
  /** Structs in `frame`. */
  structs: number;
  /** Delete ranges in `frame`. */
  deleteRanges: number;
}

/**
 * Default size of a hostile update: the server's frame cap less room for the y-websocket message
 * header (message type, sync subtype and the payload's length, 5 bytes at this size).
 */
export const HOSTILE_UPDATE_BYTES = DEFAULT_LIMITS.maxFrameBytes - 64;

/** A client id of the size Yjs draws (a random uint32 takes 5 bytes as a varint, like this one). */
const TYPICAL_CLIENT_ID = 2_000_000_000;

/** The root every shape writes into: a shared one (the server refuses writes to its own roots). */
const ROOT = 'bench';

/**
 * `count` length-1 strings from one client, as typed one character at a time at the start of a
 * text: each item's right origin is the previous one and it has no origin, so no two can merge and
 * each is resolved through the one before it.
 */
function typedAtStart(count: number, clientId: number): ForgedSection {
  const structs = Array.from({ length: count }, (_, i) =>
    i === 0
      ? item({ parent: ROOT, content: content.string('x') })
      : item({ rightOrigin: Y.createID(clientId, i - 1), content: content.string('x') }),
  );
  return { client: clientId, clock: 0, structs };
}

/** About 90,000 separate characters typed at the start of a text, one struct each. */
export function chainUpdate(targetBytes = HOSTILE_UPDATE_BYTES, clientId = TYPICAL_CLIENT_ID): HostileUpdate {
  const { count, update } = fillTo(targetBytes, (n) => forgeUpdate([typedAtStart(n, clientId)]));
  return { frame: update, structs: count, deleteRanges: 0 };
}

/**
 * A delete set only, deleting every other character of one long string (one item, sent as setup),
 * so applying it splits that item into as many pieces as there are ranges.
 */
export function wideDeletesUpdate(targetBytes = HOSTILE_UPDATE_BYTES, clientId = TYPICAL_CLIENT_ID): HostileUpdate {
  const deletes = (from: number, to: number): ForgedDelete[] =>
    Array.from({ length: to - from }, (_, i) => ({ client: clientId, clock: 2 * (from + i) + 1, len: 1 }));
  const build = (n: number) => forgeUpdate([], deletes(0, n));
  const { count, update } = fillTo(targetBytes, build);
  const text = item({ parent: ROOT, content: content.string('x'.repeat(2 * count + 1)) });
  const setup = forgeUpdate([{ client: clientId, clock: 0, structs: [text] }]);
  if (setup.byteLength > targetBytes) throw new Error(`wide-deletes setup is ${setup.byteLength} bytes`);
  return { setup: [setup], frame: update, structs: 0, deleteRanges: count };
}

/**
 * Maps nested in maps under key `k`, each item naming the previous one as its parent: as deep as
 * one frame allows (a server with a nesting cap refuses it).
 */
export function deepNestingUpdate(targetBytes = HOSTILE_UPDATE_BYTES, clientId = TYPICAL_CLIENT_ID): HostileUpdate {
  const nested = (n: number): ForgedSection => ({
    client: clientId,
    clock: 0,
    structs: Array.from({ length: n }, (_, i) =>
      item({ parent: i === 0 ? ROOT : Y.createID(clientId, i - 1), parentSub: 'k', content: content.map() }),
    ),
  });
  const { count, update } = fillTo(targetBytes, (n) => forgeUpdate([nested(n)]));
  return { frame: update, structs: count, deleteRanges: 0 };
}

/**
 * One character from each of clients `firstClientId`, `firstClientId + 1`, ..., each inserted after
 * the previous client's, so integrating it follows a dependency chain across every client. Sections
 * are written from the last client to the first (the order Yjs itself encodes clients in), so a
 * check that resolves each item through the update meets the whole chain at its first item.
 */
export function manyClientsUpdate(targetBytes = HOSTILE_UPDATE_BYTES, firstClientId = 1): HostileUpdate {
  const sections = (n: number): ForgedSection[] =>
    Array.from({ length: n }, (_, i) => {
      const client = firstClientId + n - 1 - i;
      const typed =
        client === firstClientId
          ? item({ parent: ROOT, content: content.string('x') })
          : item({ origin: Y.createID(client - 1, 0), content: content.string('x') });
      return { client, clock: 0, structs: [typed] };
    });
  const { count, update } = fillTo(targetBytes, (n) => forgeUpdate(sections(n)));
  return { frame: update, structs: count, deleteRanges: 0 };
}

/** The chain update sent twice: the second time, everything in it is already in the document. */
export function redundantUpdate(targetBytes = HOSTILE_UPDATE_BYTES, clientId = TYPICAL_CLIENT_ID): HostileUpdate {
  const chain = chainUpdate(targetBytes, clientId);
  return { ...chain, setup: [chain.frame] };
}

/** Every shape by the name the bench prints. */
export const HOSTILE_SHAPES = {
  chain: chainUpdate,
  'wide-deletes': wideDeletesUpdate,
  'deep-nesting': deepNestingUpdate,
  'many-clients': manyClientsUpdate,
  redundant: redundantUpdate,
} satisfies Record<string, (targetBytes?: number, clientId?: number) => HostileUpdate>;

export type HostileShape = keyof typeof HOSTILE_SHAPES;

/**
 * The largest `count` whose update stays within `targetBytes`. Each unit costs nearly the same
 * bytes (only varints growing by a byte change it), so scaling by the ratio settles in a few rounds;
 * the last steps walk to the exact boundary.
 */
function fillTo(targetBytes: number, build: (count: number) => Uint8Array): { count: number; update: Uint8Array } {
  let count = 1024;
  let update = build(count);
  for (let round = 0; round < 4 && update.byteLength !== targetBytes; round++) {
    count = Math.max(1, Math.floor((count * targetBytes) / update.byteLength));
    update = build(count);
  }
  while (update.byteLength > targetBytes && count > 1) update = build(--count);
  // Within 1% of the target: anything less would not be the shape at full size.
  if (update.byteLength > targetBytes || update.byteLength < targetBytes * 0.99) {
    throw new Error(`hostile update of ${update.byteLength} bytes for a target of ${targetBytes}`);
  }
  return { count, update };
}
