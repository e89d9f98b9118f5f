/**
 * Forging Yjs updates by hand, as an attacker would: any client id and clock, any origin, right
 * origin or parent (including ids the document already has, or ids that do not exist), duplicate
 * client sections, overlapping ranges and arbitrary delete sets. Items are written with Yjs's own
 * struct writers, so everything but the choice of fields is the real V1 encoding.
 */
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';

/** Where a forged item claims to go: a root by name or a parent type's item id. */
export type ForgedParent = string | Y.ID;

export interface ForgedItem {
  kind: 'item';
  origin?: Y.ID | null;
  rightOrigin?: Y.ID | null;
  /** Written only when the item has neither origin nor right origin (as Yjs does). */
  parent?: ForgedParent;
  parentSub?: string | null;
  content: Y.Item['content'];
}

/** A struct of a section: an item, a GC run or a skip (a gap) of `length` clocks. */
export type ForgedStruct = ForgedItem | { kind: 'gc'; length: number } | { kind: 'skip'; length: number };

/** One client section: structs at consecutive clocks from `clock`. */
export interface ForgedSection {
  client: number;
  clock: number;
  structs: ForgedStruct[];
}

/** A delete range: `len` clocks of `client` from `clock`. */
export interface ForgedDelete {
  client: number;
  clock: number;
  len: number;
}

/** Shorthands for the contents a forged item carries. */
export const content = {
  string: (text: string) => new Y.ContentString(text),
  any: (...values: unknown[]) => new Y.ContentAny(values),
  map: () => new Y.ContentType(new Y.Map()),
  array: () => new Y.ContentType(new Y.Array()),
  text: () => new Y.ContentType(new Y.Text()),
  deleted: (length: number) => new Y.ContentDeleted(length),
};

/** An item of a forged section. */
export function item(fields: Omit<ForgedItem, 'kind'>): ForgedItem {
  return { kind: 'item', ...fields };
}

/** Number of clocks a forged struct takes. */
function structLength(struct: ForgedStruct): number {
  return struct.kind === 'item' ? struct.content.getLength() : struct.length;
}

/**
 * Encodes sections and deletes as a V1 update, in the order given: nothing stops two sections of
 * one client, sections that overlap, or deletes of anything at all.
 */
export function forgeUpdate(sections: ForgedSection[], deletes: ForgedDelete[] = []): Uint8Array {
  const encoder = new Y.UpdateEncoderV1();
  encoding.writeVarUint(encoder.restEncoder, sections.length);
  for (const section of sections) {
    encoding.writeVarUint(encoder.restEncoder, section.structs.length);
    encoder.writeClient(section.client);
    encoding.writeVarUint(encoder.restEncoder, section.clock);
    let clock = section.clock;
    for (const struct of section.structs) {
      writeStruct(encoder, section.client, clock, struct);
      clock += structLength(struct);
    }
  }
  const byClient = new Map<number, ForgedDelete[]>();
  for (const d of deletes) {
    const ranges = byClient.get(d.client);
    if (ranges) ranges.push(d);
    else byClient.set(d.client, [d]);
  }
  encoding.writeVarUint(encoder.restEncoder, byClient.size);
  for (const [client, ranges] of byClient) {
    encoder.resetDsCurVal();
    encoding.writeVarUint(encoder.restEncoder, client);
    encoding.writeVarUint(encoder.restEncoder, ranges.length);
    for (const r of ranges) {
      encoder.writeDsClock(r.clock);
      encoder.writeDsLen(r.len);
    }
  }
  return encoder.toUint8Array();
}

function writeStruct(encoder: Y.UpdateEncoderV1, client: number, clock: number, struct: ForgedStruct): void {
  const id = Y.createID(client, clock);
  if (struct.kind === 'gc') return new Y.GC(id, struct.length).write(encoder, 0);
  if (struct.kind === 'skip') return new Y.Skip(id, struct.length).write(encoder, 0);
  const origin = struct.origin ?? null;
  const rightOrigin = struct.rightOrigin ?? null;
  const parent = origin === null && rightOrigin === null ? (struct.parent ?? 'forged') : null;
  // Item#write takes a string parent as a root name and an ID as a parent item's id.
  new Y.Item(id, null, origin, null, rightOrigin, parent as never, struct.parentSub ?? null, struct.content).write(
    encoder,
    0,
  );
}

/** The decoded structs of an update, as a forge section list (one section per maximal client run). */
export function unforge(update: Uint8Array): { sections: ForgedSection[]; deletes: ForgedDelete[] } {
  const { structs, ds } = Y.decodeUpdate(update);
  const sections: ForgedSection[] = [];
  let current: ForgedSection | null = null;
  let next = 0;
  for (const s of structs) {
    if (!current || current.client !== s.id.client || next !== s.id.clock) {
      current = { client: s.id.client, clock: s.id.clock, structs: [] };
      sections.push(current);
    }
    current.structs.push(toForged(s));
    next = s.id.clock + s.length;
  }
  const deletes: ForgedDelete[] = [];
  for (const [client, ranges] of ds.clients)
    for (const r of ranges) deletes.push({ client, clock: r.clock, len: r.len });
  return { sections, deletes };
}

/** A decoded struct as a forged one (same fields), to re-send with some of them changed. */
export function toForged(struct: Y.Item | Y.GC | Y.Skip): ForgedStruct {
  if (struct instanceof Y.GC) return { kind: 'gc', length: struct.length };
  if (struct instanceof Y.Skip) return { kind: 'skip', length: struct.length };
  const parent = struct.parent as unknown;
  return item({
    origin: struct.origin,
    rightOrigin: struct.rightOrigin,
    parent: typeof parent === 'string' || parent instanceof Y.ID ? parent : undefined,
    parentSub: struct.parentSub,
    content: struct.content.copy(),
  });
}

/**
 * The struct `doc` holds at `id`, as a forged struct re-sent with its own id and clock: what an
 * attacker copies from a sync step 2 before rewriting its parent or origin.
 */
export function copyOfStruct(doc: Y.Doc, id: Y.ID): { section: ForgedSection; struct: ForgedStruct } {
  const structs = doc.store.clients.get(id.client);
  if (!structs) throw new Error(`no structs of client ${id.client}`);
  const found = structs[Y.findIndexSS(structs, id.clock)]!;
  const struct = found instanceof Y.Item ? itemFields(found) : ({ kind: 'gc', length: found.length } as const);
  return { section: { client: found.id.client, clock: found.id.clock, structs: [struct] }, struct };
}

/** An integrated item's fields as a forged item (its parent as a root name or a parent item id). */
function itemFields(found: Y.Item): ForgedItem {
  const parentType = found.parent as Y.AbstractType<unknown>;
  return item({
    origin: found.origin,
    rightOrigin: found.rightOrigin,
    parent: parentType._item ? parentType._item.id : Y.findRootTypeKey(parentType),
    parentSub: found.parentSub,
    content: found.content.copy(),
  });
}

/** The item currently holding `key` of a map (the one a map read returns). */
export function mapEntryItem(map: Y.Map<unknown>, key: string): Y.Item {
  const entry = map._map.get(key);
  if (!entry) throw new Error(`no entry "${key}"`);
  return entry;
}

/**
 * The forged-control update from issue 9: a copy of the struct the server wrote for `key` of the
 * server-owned map, re-encoded with a shared root as its parent, and a new item (from `attacker`)
 * whose origin is that struct, carrying `value`. A check that resolves the origin through the
 * update's own copy believes it lands in `decoyRoot`; Yjs skips the known copy and puts the new item
 * next to the real one, as the key's new value.
 */
export function forgeMapOverride(
  doc: Y.Doc,
  map: Y.Map<unknown>,
  key: string,
  value: unknown,
  attacker: number,
  decoyRoot = 'timeline',
): Uint8Array {
  const real = mapEntryItem(map, key);
  const copy = copyOfStruct(doc, real.id);
  const forgedCopy = item({ parent: decoyRoot, parentSub: null, content: (copy.struct as ForgedItem).content });
  copy.section.structs = [forgedCopy];
  const attack: ForgedSection = {
    client: attacker,
    clock: Y.getState(doc.store, attacker),
    structs: [item({ origin: real.lastId, content: content.any(value) })],
  };
  return forgeUpdate([copy.section, attack]);
}
