/*
 * Long because: this is one algorithm, the server's replay of how Yjs integrates an update
 * (decode, diff against the state vector, resolve in integration order, place, judge neighbours),
 * and its steps share one resolver's state; where a step stands alone it already has its own
 * module (placement.ts). See docs/ARCHITECTURE.md, "How an update is checked".
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { MAX_NESTING_DEPTH } from '@hindsight/protocol';
import { placementOfType, type Placement } from './placement';

export type UpdateCheck =
  /**
   * `update` is what to store and apply: the client's update without what the document already
   * has. `empty`: it changes nothing (store nothing).
   */
  | {
      ok: true;
      update: Uint8Array;
      empty: boolean;
      /**
       * Items with an origin and a right origin of which one is new in this update: whether they
       * could have been adjacent shows only once Yjs placed them (`findCrossedItem` after applying).
       */
      placedBetween: Array<{ id: Y.ID; origin: Y.ID; rightOrigin: Y.ID }>;
      /**
       * Where it writes: the root and depth of every type it inserts into or deletes a live item
       * from, each pair once, so a rule about one part of the document can skip updates elsewhere.
       */
      touched: Placement[];
    }
  /** `missing`: well-formed, but it refers to content the document does not have (yet). */
  | { ok: false; reason: string; missing?: true };

/** Longest struct (in clock units) we accept; real GC runs stay far below, crafted ones do not. */
const MAX_STRUCT_LENGTH = 2 ** 31;

type Struct = Y.Item | Y.GC | Y.Skip;

/** One client's structs in the update: consecutive clocks from `start` to `end` (exclusive). */
interface Run {
  start: number;
  end: number;
  /** Index of the run's first struct in the update's struct list. */
  first: number;
  length: number;
}

/** A reference resolved: an index into the update's structs, or the document's own struct. */
type Target = number | Y.Item | Y.GC;

/**
 * An item a client update inserts, where Yjs will put it: its root and depth, the type it lands in
 * (a document type, or one created earlier in the same update; null for a root not created yet) and
 * its map key (an attribute's name, for an XML element), if any.
 */
export interface Insertion {
  item: Y.Item;
  root: string;
  depth: number;
  parent: Y.AbstractType<unknown> | null;
  key: string | null;
}

/** A rule about what clients may insert: why an insertion is refused, or null to let it through. */
export type InsertionRule = (insertion: Insertion) => string | null;

const refuse = (reason: string): UpdateCheck => ({ ok: false, reason });
const missing = (reason: string): UpdateCheck => ({ ok: false, missing: true, reason });

/**
 * Checks a client's update before it is stored, by working out what Yjs will do with it:
 * - it must decode, with exactly one section per client (Yjs keeps only the last of several);
 * - what the document already has is dropped first (Yjs skips it too), so ids below the
 *   document's state resolve in the document only, never through a re-sent copy;
 * - every struct must integrate: references to content neither here nor in the update make it
 *   `missing` (held by the room until that content arrives); a reference cycle or a reference to a
 *   later clock of the same client (which Yjs leaves pending forever, or throws on) is refused;
 * - each item is placed where Yjs will place it (by its origin, else its right origin, else its
 *   parent), and nothing may land in or delete from a root in `serverOwnedRoots`, nor nest
 *   deeper than MAX_NESTING_DEPTH;
 * - each item's neighbours must be ones its author could have seen adjacent, or replicas would
 *   order it by arrival (see Resolver#crossed; `placedBetween` for what shows only once placed).
 * Linear in the update's size but for binary searches (O(n log n)); a delete range or a walk
 * between neighbours costs what Yjs itself spends on it.
 */
export function checkClientUpdate(
  doc: Y.Doc,
  update: Uint8Array,
  serverOwnedRoots: ReadonlySet<string> = new Set(),
  insertionRule?: InsertionRule,
): UpdateCheck {
  let decoded = decode(update);
  if (typeof decoded === 'string') return refuse(decoded);
  let runs = indexRuns(decoded.structs, decoded.sections);
  if (typeof runs === 'string') return refuse(runs);

  let normalized = update;
  const known = (client: number) => Y.getState(doc.store, client);
  const overlaps = [...runs].some(([client, run]) => run.start < known(client));
  if (overlaps) {
    // Yjs places the new part of a struct that straddles the document's state by the struct's own
    // (stated) origin; the diff below places it after the known part. They agree when the struct
    // is a true re-send, with the neighbours the document holds for its first clock.
    for (const [client, run] of runs) {
      const have = known(client);
      if (run.start >= have || run.end <= have) continue;
      const straddling = decoded.structs
        .slice(run.first, run.first + run.length)
        .find((st) => st.id.clock < have && have < st.id.clock + st.length);
      if (straddling && !sameAsDocument(doc, straddling))
        return refuse('a struct overlapping the document differs from it');
    }
    if ([...runs].every(([client, run]) => run.end <= known(client))) {
      // All of it known (a reconnecting client's step 2): only the deletes can be new.
      normalized = encodeDeletes(decoded.ds);
      decoded = { structs: [], ds: decoded.ds, sections: 0 };
      runs = new Map();
    } else {
      const sv = new Map([...runs.keys()].map((client) => [client, known(client)]));
      normalized = Y.diffUpdate(update, Y.encodeStateVector(sv));
      decoded = decode(normalized);
      if (typeof decoded === 'string') return refuse(decoded);
      runs = indexRuns(decoded.structs, decoded.sections);
      if (typeof runs === 'string') return refuse(runs);
    }
  }
  for (const [client, run] of runs) {
    const have = known(client);
    if (run.start > have) return missing(`missing dependency: client ${client} clock ${have}..${run.start}`);
  }

  const { structs, ds } = decoded;
  const resolver = new Resolver(doc, structs, runs);
  const placed = resolver.placeAll();
  if (placed !== null) return placed;

  // Where each item lands; none may be a server-owned root.
  const landed = resolver.placements;
  const touched = new Touched();
  for (let i = 0; i < structs.length; i++) {
    const where = landed[i];
    if (!where) continue;
    if (serverOwnedRoots.has(where.root)) return refuse(`root "${where.root}" is written by the server only`);
    const struct = structs[i]!;
    if (insertionRule && struct instanceof Y.Item && !(struct.content instanceof Y.ContentDeleted)) {
      const { root, depth, type, sub: key } = where;
      const refused = insertionRule({ item: struct, root, depth, parent: typeof type === 'string' ? null : type, key });
      if (refused !== null) return refuse(refused);
    }
    touched.add(where);
  }

  // What the delete set removes. Deleting what is already deleted changes nothing (a sync step 2
  // carries the sender's whole delete set); deletes beyond what will exist wait, like structs.
  let effectiveDeletes = 0;
  for (const [client, deletes] of ds.clients) {
    const docEnd = known(client);
    const end = runs.get(client)?.end ?? docEnd;
    for (const { clock, len } of deletes) {
      // Yjs never writes an empty range; one at or past the state makes Yjs throw mid-update.
      if (len === 0) return refuse('empty delete range');
      if (clock + len > end) return missing('delete set refers to content not in document');
      const deleted = resolver.deletedPlacements(client, clock, clock + len, docEnd);
      for (const where of deleted) {
        if (serverOwnedRoots.has(where.root)) return refuse(`root "${where.root}" is written by the server only`);
        touched.add(where);
      }
      effectiveDeletes += deleted.length;
    }
  }
  return {
    ok: true,
    update: normalized,
    empty: structs.length === 0 && effectiveDeletes === 0,
    placedBetween: resolver.placedBetween,
    touched: touched.list,
  };
}

/** Distinct (root, depth) pairs, in first-seen order. */
class Touched {
  readonly list: Placement[] = [];
  private readonly seen = new Set<string>();

  add({ root, depth }: Placement): void {
    const key = `${depth}:${root}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.list.push({ root, depth });
  }
}

/** An update of `ds` alone, in the V1 encoding. */
function encodeDeletes(ds: Decoded['ds']): Uint8Array {
  const encoder = new Y.UpdateEncoderV1();
  encoding.writeVarUint(encoder.restEncoder, 0); // no structs
  encoding.writeVarUint(encoder.restEncoder, ds.clients.size);
  for (const [client, ranges] of ds.clients) {
    encoder.resetDsCurVal();
    encoding.writeVarUint(encoder.restEncoder, client);
    encoding.writeVarUint(encoder.restEncoder, ranges.length);
    for (const { clock, len } of ranges) {
      encoder.writeDsClock(clock);
      encoder.writeDsLen(len);
    }
  }
  return encoder.toUint8Array();
}

/** Whether a re-sent struct states the same neighbours (or parent) as the document's copy of its first clock. */
function sameAsDocument(doc: Y.Doc, struct: Struct): boolean {
  const inDoc = doc.store.clients.get(struct.id.client)!;
  const held = inDoc[Y.findIndexSS(inDoc, struct.id.clock)]!;
  if (!(struct instanceof Y.Item)) return held instanceof Y.GC;
  if (held instanceof Y.GC) return struct.content instanceof Y.ContentDeleted;
  const heldOrigin = struct.id.clock > held.id.clock ? Y.createID(held.id.client, struct.id.clock - 1) : held.origin;
  const sameId = (a: Y.ID | null, b: Y.ID | null) => (a === null ? b === null : b !== null && Y.compareIDs(a, b));
  if (!sameId(struct.origin, heldOrigin) || !sameId(struct.rightOrigin, held.rightOrigin)) return false;
  if (struct.origin || struct.rightOrigin) return true;
  const parent = held.parent as Y.AbstractType<unknown>;
  const stated = struct.parent as unknown;
  const sameParent = parent._item
    ? stated instanceof Y.ID && Y.compareIDs(stated, parent._item.id)
    : stated === Y.findRootTypeKey(parent);
  return sameParent && struct.parentSub === held.parentSub;
}

interface Decoded {
  structs: Struct[];
  ds: ReturnType<typeof Y.decodeUpdate>['ds'];
  /** The number of client sections the update declares. */
  sections: number;
}

function decode(update: Uint8Array): Decoded | string {
  try {
    const { structs, ds } = Y.decodeUpdate(update);
    const sections = structs.length === 0 ? 0 : decoding.readVarUint(decoding.createDecoder(update));
    return { structs, ds, sections };
  } catch (err) {
    return `undecodable update: ${(err as Error).message}`;
  }
}

/**
 * Groups the structs by client and checks the update's shape: one section per client (sections
 * never empty), consecutive clocks, no gaps (skips), lengths in range, no subdocuments.
 */
function indexRuns(structs: Struct[], sections: number): Map<number, Run> | string {
  const runs = new Map<number, Run>();
  let current: Run | null = null;
  let client = -1;
  for (let i = 0; i < structs.length; i++) {
    const struct = structs[i]!;
    if (struct instanceof Y.Skip) return 'update has a gap (skip struct)';
    if (!(struct.length > 0 && struct.length <= MAX_STRUCT_LENGTH))
      return `struct length ${struct.length} out of range`;
    if (struct instanceof Y.Item && struct.content instanceof Y.ContentDoc) return 'subdocuments are not supported';
    const { clock } = struct.id;
    if (current && struct.id.client === client && clock === current.end) {
      current.end += struct.length;
      current.length++;
      continue;
    }
    client = struct.id.client;
    if (runs.has(client)) return `two sections for client ${client}`;
    current = { start: clock, end: clock + struct.length, first: i, length: 1 };
    runs.set(client, current);
  }
  // Each section is one run; fewer runs than sections means an empty or a repeated one.
  if (runs.size !== sections) return `${sections} sections for ${runs.size} clients`;
  for (const run of runs.values()) if (run.end > Number.MAX_SAFE_INTEGER) return 'clock out of range';
  return runs;
}

/**
 * An applied update placed an item outside its origin and right origin: replicas would order
 * it differently (see findCrossedItem). Seen only after Yjs placed it, so the room resets.
 */
export class UnorderedUpdateError extends Error {
  constructor(id: Y.ID) {
    super(`item ${id.client}:${id.clock} is not between its origin and its right origin`);
  }
}

/** List steps one update may cost the order check (see neighboursProblem); real ones take a few. */
const WALK_BUDGET = 1_000_000;

/**
 * After Yjs placed an update's items: the first listed in `placedBetween` that does not sit
 * between neighbours its author could have seen adjacent (see neighboursProblem), or null.
 */
export function findCrossedItem(
  doc: Y.Doc,
  placedBetween: ReadonlyArray<{ id: Y.ID; origin: Y.ID; rightOrigin: Y.ID }>,
): Y.ID | null {
  const budget = { steps: WALK_BUDGET };
  for (const { id, origin, rightOrigin } of placedBetween) {
    const placed = Y.getItem(doc.store, id);
    const left = Y.getItem(doc.store, origin);
    const right = Y.getItem(doc.store, rightOrigin);
    if (!(placed instanceof Y.Item) || !(left instanceof Y.Item) || !(right instanceof Y.Item)) continue;
    if (neighboursProblem({ left, right, origin, rightOrigin, author: id, placed }, budget)) return id;
  }
  return null;
}

/**
 * Why an item by `author` cannot have had `origin` and `rightOrigin` (held by the structs `left`
 * and `right`) as adjacent neighbours, read off the list as it is now, or null: the right origin
 * must lie right of the origin, with nothing between that the author knew (the right origin's own
 * origin, the origin's own right origin, the author's earlier clocks). `placed` is the item once
 * Yjs placed it (it must then lie between them), null before. Walks from the origin to the right
 * origin, as Yjs does when it places the item; `budget` caps the steps of one update's walks.
 */
function neighboursProblem(
  n: { left: Y.Item; right: Y.Item; origin: Y.ID; rightOrigin: Y.ID; author: Y.ID; placed: Y.Item | null },
  budget: { steps: number },
): string | null {
  const { left, right, origin, rightOrigin, author, placed } = n;
  if (left === right) return !placed && rightOrigin.clock === origin.clock + 1 ? null : 'neighbours not adjacent';
  // The run holding the right origin starts left of it: its earlier clocks, the right origin's
  // own past, lie between the neighbours.
  if (rightOrigin.clock > right.id.clock) return 'right origin inside a run that starts left of it';
  const known = [right.origin, left.rightOrigin];
  let passed = placed !== null && left === placed; // merged into its origin's run
  if (!passed && restOfRunKnown(left, origin, known, author))
    return 'an item its author knew lies between its neighbours';
  for (let o = left.right; o !== right; o = o.right) {
    if (!o) return 'right origin left of origin';
    if (--budget.steps < 0) return 'update too costly to check';
    if (o === placed) {
      passed = true;
      continue;
    }
    if (o.id.client === author.client && o.id.clock < author.clock) {
      return 'an earlier item of its author lies between its neighbours';
    }
    if (known.some((id) => id && holds(o!, id))) return 'an item its author knew lies between its neighbours';
  }
  return placed && !passed ? 'not placed between its neighbours' : null;
}

/** Whether `struct` holds the clock `id`. */
function holds(struct: Y.Item | Y.GC, id: Y.ID): boolean {
  return struct.id.client === id.client && struct.id.clock <= id.clock && id.clock < struct.id.clock + struct.length;
}

/**
 * Whether the origin's run continues past the origin (those clocks then lie between the item's
 * neighbours) with something the author of `item` knew: one of `known`, or its own earlier clocks.
 */
function restOfRunKnown(left: Y.Item, origin: Y.ID, known: Array<Y.ID | null>, item: Y.ID): boolean {
  const end = left.id.clock + left.length;
  if (origin.clock >= end - 1) return false;
  if (left.id.client === item.client && origin.clock + 1 < item.clock) return true;
  return known.some((id) => id !== null && id.client === left.id.client && origin.clock < id.clock && id.clock < end);
}

const OPEN = 1;
const DONE = 2;

/**
 * Places the update's structs in the order Yjs integrates them: a struct after everything it
 * refers to (its client's earlier clocks, its origin, right origin and parent). Ids below the
 * document's state resolve in the document; the rest in the update.
 */
class Resolver {
  /** Per struct: the type it lands in, or null when Yjs turns it into a GC struct. */
  readonly placements: Array<Spot | null>;
  /** See UpdateCheck's `placedBetween`. */
  readonly placedBetween: Array<{ id: Y.ID; origin: Y.ID; rightOrigin: Y.ID }> = [];
  /** Steps left for walking lists (see rightOfOrigin): ample for any real update. */
  private readonly walkBudget = { steps: WALK_BUDGET };
  private readonly origins: Array<Target | undefined>;
  private readonly rightOrigins: Array<Target | undefined>;
  private readonly parents: Array<Target | undefined>;

  constructor(
    private readonly doc: Y.Doc,
    private readonly structs: Struct[],
    private readonly runs: Map<number, Run>,
  ) {
    const n = structs.length;
    this.placements = new Array(n).fill(null);
    this.origins = new Array(n);
    this.rightOrigins = new Array(n);
    this.parents = new Array(n);
  }

  /** Places every struct; null when all integrate, else why not. */
  placeAll(): UpdateCheck | null {
    const unresolved = this.resolveReferences();
    if (unresolved) return unresolved;
    const marks = new Uint8Array(this.structs.length);
    const stack: number[] = [];
    for (let start = 0; start < this.structs.length; start++) {
      if (marks[start] === DONE) continue;
      stack.push(start);
      while (stack.length > 0) {
        const at = stack[stack.length - 1]!;
        marks[at] = OPEN;
        const dep = this.firstUnplacedDependency(at, marks);
        if (dep >= 0) {
          // Yjs leaves a cycle pending forever: nothing in it can integrate first.
          if (marks[dep] === OPEN) return refuse('reference cycle between structs');
          stack.push(dep);
          continue;
        }
        const placement = this.place(at);
        if (typeof placement === 'string') return refuse(placement);
        this.placements[at] = placement;
        marks[at] = DONE;
        stack.pop();
      }
    }
    return null;
  }

  /** Where the live content that deleting [from, to) of `client` removes sits (one entry per struct). */
  deletedPlacements(client: number, from: number, to: number, docEnd: number): Placement[] {
    const roots: Placement[] = [];
    const inDoc = this.doc.store.clients.get(client);
    if (inDoc && from < docEnd) {
      for (let i = Y.findIndexSS(inDoc, from); i < inDoc.length; i++) {
        const struct = inDoc[i]!;
        if (struct.id.clock >= Math.min(to, docEnd)) break;
        if (struct instanceof Y.Item && !struct.deleted)
          roots.push(placementOfType(struct.parent as Y.AbstractType<unknown>));
      }
    }
    const run = this.runs.get(client);
    if (run && to > docEnd) {
      for (let i = this.indexInRun(run, Math.max(from, docEnd)); i < run.first + run.length; i++) {
        const struct = this.structs[i]!;
        if (struct.id.clock >= to) break;
        const landed = this.placements[i];
        if (landed) roots.push(landed);
      }
    }
    return roots;
  }

  /**
   * Resolves every reference once. A reference to a later clock of the item's own client is
   * refused (Yjs does not wait for it: it throws mid-update); one to content neither in the
   * document nor in the update is missing.
   */
  private resolveReferences(): UpdateCheck | null {
    for (let i = 0; i < this.structs.length; i++) {
      const struct = this.structs[i]!;
      if (!(struct instanceof Y.Item)) continue;
      const parent = struct.parent instanceof Y.ID ? struct.parent : null;
      for (let ref = 0; ref < 3; ref++) {
        const id = ref === 0 ? struct.origin : ref === 1 ? struct.rightOrigin : parent;
        if (!id) continue;
        if (id.client === struct.id.client && id.clock >= struct.id.clock) {
          return refuse('reference to a later clock of its own client');
        }
        const target = this.locate(id, i);
        if (target === undefined) return missing(`missing dependency: client ${id.client} clock ${id.clock}`);
        (ref === 0 ? this.origins : ref === 1 ? this.rightOrigins : this.parents)[i] = target;
      }
    }
    return null;
  }

  /**
   * The struct holding `id`: the document's below its state, else the update's; undefined if
   * neither. `from` is the struct asking: most references are to the struct just before it.
   */
  private locate(id: Y.ID, from: number): Target | undefined {
    const run = this.runs.get(id.client);
    if (run && id.clock >= run.start) {
      if (id.clock >= run.end) return undefined;
      const before = this.structs[from - 1];
      if (
        before &&
        before.id.client === id.client &&
        before.id.clock <= id.clock &&
        id.clock < before.id.clock + before.length
      ) {
        return from - 1;
      }
      return this.indexInRun(run, id.clock);
    }
    // Every run starts at the document's state, so below it (or with no run) is the document's.
    if (id.clock >= Y.getState(this.doc.store, id.client)) return undefined;
    const inDoc = this.doc.store.clients.get(id.client)!;
    return inDoc[Y.findIndexSS(inDoc, id.clock)]!;
  }

  private indexInRun(run: Run, clock: number): number {
    let lo = run.first;
    let hi = run.first + run.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.structs[mid]!.id.clock <= clock) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** An update struct `at` waits for that is not placed yet, or -1. */
  private firstUnplacedDependency(at: number, marks: Uint8Array): number {
    const previous = this.structs[at - 1];
    if (previous && previous.id.client === this.structs[at]!.id.client && marks[at - 1] !== DONE) return at - 1;
    const origin = this.origins[at];
    if (typeof origin === 'number' && marks[origin] !== DONE) return origin;
    const right = this.rightOrigins[at];
    if (typeof right === 'number' && marks[right] !== DONE) return right;
    const parent = this.parents[at];
    if (typeof parent === 'number' && marks[parent] !== DONE) return parent;
    return -1;
  }

  /** Where Yjs puts the struct (see Item#getMissing): null for GC, or why it is refused. */
  private place(at: number): Spot | null | string {
    const struct = this.structs[at]!;
    if (!(struct instanceof Y.Item)) return null;
    const left = this.origins[at];
    const right = this.rightOrigins[at];
    if ((left !== undefined && this.isGc(left)) || (right !== undefined && this.isGc(right))) return null;
    let where: Spot | null;
    if (left !== undefined) {
      where = this.spotOf(left);
      // Yjs takes the parent from the origin; a right origin elsewhere is kept as written, and a
      // reload takes it as GC once that other type is collected, while the live item stays:
      // the stored document would no longer be the live one. Real neighbours share a parent.
      if (right !== undefined) {
        const other = this.spotOf(right);
        if (other.type !== where.type || other.sub !== where.sub) return 'origin and right origin in different types';
      }
    } else if (right !== undefined) where = this.spotOf(right);
    else if (this.parents[at] !== undefined) where = this.typeInside(this.parents[at]!, struct.parentSub);
    else where = this.rootSpot(struct.parent as unknown as string, struct.parentSub);
    // A map key's value is one clock long (longer only once deleted and merged). A longer live
    // value can be split by a later delete, and a reload then judges its halves differently.
    if (where && where.sub !== null && struct.length > 1 && !(struct.content instanceof Y.ContentDeleted)) {
      return 'map entry longer than one clock';
    }
    if (left !== undefined || right !== undefined) {
      const crossed = this.crossed(struct, left, right);
      if (crossed) return crossed;
    }
    if (where && struct.content instanceof Y.ContentType && where.depth + 1 > MAX_NESTING_DEPTH) {
      return `types nested deeper than ${MAX_NESTING_DEPTH}`;
    }
    return where;
  }

  /**
   * YATA orders an item by its origin and right origin, assuming the right origin lies right of
   * the origin. An item whose right origin lies left of it lands in an order that depends on
   * what arrived before it: replicas (and a reload) would disagree. Checked here when both are
   * in the document; when one is new, after Yjs placed it (`placedBetween`).
   */
  private crossed(struct: Y.Item, left: Target | undefined, right: Target | undefined): string | null {
    const origin = struct.origin;
    const rightOrigin = struct.rightOrigin;
    // At the start of a list, the right origin was the first item then, and stays first among
    // what its author knew: it has no origin of its own. At the end, likewise, the origin was last.
    if (left === undefined && right !== undefined) {
      return this.unitOrigin(right, rightOrigin!) === null ? null : 'right origin was never first';
    }
    if (right === undefined && left !== undefined) {
      return (this.struct(left) as Y.Item).rightOrigin === null ? null : 'origin was never last';
    }
    if (left === undefined || right === undefined) return null;
    if (typeof left === 'number' || typeof right === 'number') {
      this.placedBetween.push({ id: struct.id, origin: origin!, rightOrigin: rightOrigin! });
      return null;
    }
    // Both in the document: judged on the list as it is.
    return neighboursProblem(
      {
        left: left as Y.Item,
        right: right as Y.Item,
        origin: origin!,
        rightOrigin: rightOrigin!,
        author: struct.id,
        placed: null,
      },
      this.walkBudget,
    );
  }

  private struct(target: Target): Y.Item | Y.GC | Y.Skip {
    return typeof target === 'number' ? this.structs[target]! : target;
  }

  /** The origin of the single clock `id` inside the struct `target` (its predecessor if not the first). */
  private unitOrigin(target: Target, id: Y.ID): Y.ID | null {
    const struct = this.struct(target);
    if (id.clock > struct.id.clock) return Y.createID(id.client, id.clock - 1);
    return struct instanceof Y.Item ? struct.origin : null;
  }

  private isGc(target: Target): boolean {
    return typeof target === 'number' ? this.placements[target] === null : target instanceof Y.GC;
  }

  /** Where a (non-GC) struct sits. */
  private spotOf(target: Target): Spot {
    if (typeof target === 'number') return this.placements[target]!;
    const item = target as Y.Item;
    const type = item.parent as Y.AbstractType<unknown>;
    return { ...placementOfType(type), type, sub: item.parentSub };
  }

  private rootSpot(name: string, sub: string | null): Spot {
    const type = this.doc.share.get(name) as Y.AbstractType<unknown> | undefined;
    return { root: name, depth: 0, type: type ?? `root:${name}`, sub };
  }

  /** The type a parent id names: the struct's own type if it holds one, else none (Yjs then GCs). */
  private typeInside(target: Target, sub: string | null): Spot | null {
    if (typeof target === 'number') {
      const struct = this.structs[target]!;
      const where = this.placements[target];
      if (!where || !(struct instanceof Y.Item) || !(struct.content instanceof Y.ContentType)) return null;
      // The decoded type stands for the one Yjs will create: one object per struct, and it knows
      // its kind (an XML element its name).
      return { root: where.root, depth: where.depth + 1, type: struct.content.type as Y.AbstractType<unknown>, sub };
    }
    if (!(target instanceof Y.Item) || !(target.content instanceof Y.ContentType)) return null;
    const type = target.content.type as Y.AbstractType<unknown>;
    return { ...placementOfType(type), type, sub };
  }
}

/**
 * Where an item lands: its type's root and depth, the type itself (a document type, a root not
 * created yet as `root:<name>`, or a type created earlier in the update, as decoded) and the map
 * key, if any.
 */
interface Spot extends Placement {
  type: Y.AbstractType<unknown> | string;
  sub: string | null;
}
