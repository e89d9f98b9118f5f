import * as Y from 'yjs';
import { rootsTouchedByUpdate } from './update-roots';

export type UpdateCheck =
  | { ok: true; empty: boolean }
  /** `missing`: well-formed, but it refers to content the document does not have (yet). */
  | { ok: false; reason: string; missing?: true };

/** Longest struct (in clock units) we accept; real GC runs stay far below, crafted ones do not. */
const MAX_STRUCT_LENGTH = 2 ** 31;

/**
 * Checks a client's update before it is stored: it must decode, everything it refers to must be in
 * `doc` or in the update itself (`missing` otherwise: the room holds such an update, bounded, until
 * what it needs arrives, and never stores or applies it before), and it must not touch a root in
 * `serverOwnedRoots`.
 */
export function checkClientUpdate(
  doc: Y.Doc,
  update: Uint8Array,
  serverOwnedRoots: ReadonlySet<string> = new Set(),
): UpdateCheck {
  let decoded: ReturnType<typeof Y.decodeUpdate>;
  try {
    decoded = Y.decodeUpdate(update);
  } catch (err) {
    return { ok: false, reason: `undecodable update: ${(err as Error).message}` };
  }
  // Pass 1: what clock ranges exist after applying, per client; each client's run must continue
  // from what the document already has, without a gap.
  const covered = Y.decodeStateVector(Y.encodeStateVector(doc));
  for (const struct of decoded.structs) {
    if (struct instanceof Y.Skip) return { ok: false, reason: 'update has a gap (skip struct)' };
    if (!(struct.length > 0 && struct.length <= MAX_STRUCT_LENGTH)) {
      return { ok: false, reason: `struct length ${struct.length} out of range` };
    }
    const { client, clock } = struct.id;
    const have = covered.get(client) ?? 0;
    if (clock > have) {
      return { ok: false, missing: true, reason: `missing dependency: client ${client} clock ${have}..${clock}` };
    }
    covered.set(client, Math.max(have, clock + struct.length));
  }
  const present = (id: Y.ID | null) => id === null || (covered.get(id.client) ?? 0) > id.clock;
  // Pass 2: every reference points at something that will exist.
  for (const struct of decoded.structs) {
    if (!(struct instanceof Y.Item)) continue;
    if (!present(struct.origin) || !present(struct.rightOrigin)) {
      return { ok: false, missing: true, reason: 'missing dependency: origin not in document' };
    }
    if (struct.parent instanceof Y.ID && !present(struct.parent)) {
      return { ok: false, missing: true, reason: 'missing dependency: parent not in document' };
    }
    if (struct.content instanceof Y.ContentDoc) return { ok: false, reason: 'subdocuments are not supported' };
  }
  for (const [client, deletes] of decoded.ds.clients) {
    for (const d of deletes) {
      if (d.clock + d.len > (covered.get(client) ?? 0)) {
        return { ok: false, missing: true, reason: 'delete set refers to content not in document' };
      }
    }
  }
  // Roots only the server writes (e.g. vote tallies) are refused wholesale, however deeply nested the change.
  if (serverOwnedRoots.size > 0) {
    for (const root of rootsTouchedByUpdate(doc, decoded)) {
      if (serverOwnedRoots.has(root)) return { ok: false, reason: `root "${root}" is written by the server only` };
    }
  }
  const empty = decoded.structs.length === 0 && decoded.ds.clients.size === 0;
  return { ok: true, empty };
}
