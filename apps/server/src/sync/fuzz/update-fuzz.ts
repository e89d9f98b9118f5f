/*
 * Long because: a test harness, not served code: the forged-update mutations, the room under
 * test and its oracle belong together so a failing case reads in one place.
 */
/**
 * A structural fuzzer for the room's update check, with an oracle. It runs a real room on a real
 * SQLite file with real review traffic (edits through the review model, and the server's own
 * writes to `control` and `anonymous`), and between them sends forged updates built from that
 * traffic: known structs re-sent with rewritten parents and origins, references to server-owned
 * items, overlapping and duplicated sections, cycles, delete sets reaching anywhere, huge lengths,
 * flipped fields and flipped bytes. After every forged update the oracle checks:
 * - the server-owned roots are unchanged (every item, id and content, deleted ones included);
 * - the document has no pending structs or deletes;
 * - a refused update reached nobody;
 * - while the root-cause candidates are frozen (voting open, closed or locked), the candidates
 *   shown are the same after it;
 * - when the document changed, a fresh load from the store equals the live document.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as Y from 'yjs';
import type { Role } from '@hindsight/protocol';
import {
  addAction,
  addFinding,
  addGroup,
  addTimelineEvent,
  applyControlPatch,
  applyTextDiff,
  editAnonymousFinding,
  findingText,
  initReview,
  listFindings,
  narrativeFragment,
  promoteToRootCause,
  publishAnonymousFindings,
  readControl,
  removeFinding,
  ROOT_CAUSE_INPUTS,
  rootCausesFrozen,
  SERVER_OWNED_ROOTS,
  setTitle,
  shownRootCauseIds,
  writeTallies,
  NARRATIVE_SECTIONS,
  FINDING_CATEGORIES,
  VOTING_STATES,
  ANONYMITY_POLICIES,
} from '@hindsight/review';
import {
  content as forgedContent,
  forgeUpdate,
  item,
  toForged,
  unforge,
  type ForgedDelete,
  type ForgedSection,
  type ForgedStruct,
} from '@hindsight/tests/support/forge';
import { createRng } from '@hindsight/tests/support/model';
import { LocalFanoutBus } from '../../fanout';
import { createLogger } from '../../log';
import { SqliteStore } from '../../store';
import { Room } from '../room';
import { describeDocument, describeRoot } from './describe';

export interface FuzzOptions {
  seed: number;
  cases: number;
  /** Folder for the SQLite file. */
  dir: string;
  /** Start a fresh review every so many cases, so documents stay small and cases fast. */
  casesPerReview?: number;
  /** Stop at the first failure (default) or collect them all. */
  stopAtFirstFailure?: boolean;
  /** Where to write the document and update of a failing case. */
  dumpDir?: string;
}

export interface Outcomes {
  accepted: number;
  unchanged: number;
  refused: number;
  reset: number;
}

export interface FuzzFailure {
  case: number;
  mutation: string;
  problem: string;
  /** The forged update, base64, to replay in a regression test. */
  update: string;
}

export interface FuzzReport {
  seed: number;
  cases: number;
  /**
   * Per mutation: refused (1007), reset (refused once placed: the room reset), accepted (the
   * document changed), or unchanged (held or empty).
   */
  outcomes: Record<string, Outcomes>;
  failures: FuzzFailure[];
}

/** The tests' seeded PRNG (mulberry32), with integers from `min` to `max` inclusive. */
function prng(seed: number) {
  const rng = createRng(seed);
  return { ...rng, int: (min: number, max: number) => min + rng.int(max - min + 1) };
}
type Rng = ReturnType<typeof prng>;

const OWNED = new Set(SERVER_OWNED_ROOTS);
const ROOTS = ['meta', 'timeline', 'findings', 'actions', 'groups', 'rootCauses', 'narrative:summary', 'x', ...OWNED];
/** Client ids the attacker writes under (besides anyone else's it copies). */
const ATTACKERS = [0x7fff0001, 0x7fff0002, 1, 2 ** 32 - 1];

/** The y-websocket message type of document frames (awareness is 1). */
const MESSAGE_SYNC = 0;

interface FakePeer {
  connId: string;
  role: Role;
  /** Document frames received (sync messages; presence, such as the connection count, is not counted). */
  frames: number;
  closed: number | null;
  send(frame: Uint8Array): void;
  close(code: number): void;
}

function fakePeer(connId: string, role: Role): FakePeer {
  const peer: FakePeer = {
    connId,
    role,
    frames: 0,
    closed: null,
    send: (frame) => {
      if (frame[0] === MESSAGE_SYNC) peer.frames++;
    },
    close: (code) => void (peer.closed ??= code),
  };
  return peer;
}

/**
 * Ids of a document the forger draws from: everything, server-owned items, items that decide the
 * root-cause candidates (frozen while voting), items holding types.
 */
interface IdPool {
  all: Y.ID[];
  owned: Y.ID[];
  candidates: Y.ID[];
  types: Y.ID[];
  clients: number[];
}

function collectIds(doc: Y.Doc, rng: Rng): IdPool {
  const pool: IdPool = { all: [], owned: [], candidates: [], types: [], clients: [...doc.store.clients.keys()] };
  for (const [, structs] of doc.store.clients) {
    for (const s of structs) {
      const id = Y.createID(s.id.client, s.id.clock + rng.int(0, s.length - 1));
      pool.all.push(id);
      if (s instanceof Y.Item && s.content instanceof Y.ContentType) pool.types.push(s.id);
    }
  }
  const walk = (type: Y.AbstractType<unknown>, into: Y.ID[]) => {
    const visit = (i: Y.Item) => {
      into.push(Y.createID(i.id.client, i.id.clock + rng.int(0, i.length - 1)));
      if (i.content instanceof Y.ContentType) walk(i.content.type, into);
    };
    for (let i = type._start; i; i = i.right) visit(i);
    for (const entry of type._map.values()) for (let i: Y.Item | null = entry; i; i = i.left) visit(i);
  };
  for (const [roots, into] of [
    [OWNED, pool.owned],
    [ROOT_CAUSE_INPUTS.keys(), pool.candidates],
  ] as const) {
    for (const root of roots) {
      const type = doc.share.get(root) as Y.AbstractType<unknown> | undefined;
      if (type) walk(type, into);
    }
  }
  return pool;
}

/** Builds one forged update from the room's document and recent real updates. */
class Forger {
  constructor(
    private readonly rng: Rng,
    private readonly doc: Y.Doc,
    private readonly recent: Uint8Array[],
  ) {}

  private pool = (): IdPool => collectIds(this.doc, this.rng);

  private randomId(pool: IdPool): Y.ID {
    const { rng } = this;
    const r = rng.next();
    if (r < 0.3 && pool.owned.length > 0) return rng.pick(pool.owned);
    if (r < 0.45 && pool.candidates.length > 0) return rng.pick(pool.candidates);
    if (r < 0.85 && pool.all.length > 0) return rng.pick(pool.all);
    const client = rng.chance(0.5) && pool.clients.length > 0 ? rng.pick(pool.clients) : rng.pick(ATTACKERS);
    const state = Y.getState(this.doc.store, client);
    return Y.createID(client, Math.max(0, state + rng.int(-3, 3)));
  }

  private randomContent(): Y.Item['content'] {
    const { rng } = this;
    switch (rng.int(0, 6)) {
      case 0:
        return forgedContent.any(rng.pick(['open', 'locked', 'closed', 1000, true, null]));
      case 1:
        return forgedContent.map();
      case 2:
        return forgedContent.text();
      case 3:
        return forgedContent.array();
      case 4:
        return forgedContent.deleted(rng.chance(0.8) ? rng.int(1, 5) : rng.pick([2 ** 31, 2 ** 31 + 1, 2 ** 40]));
      default:
        return forgedContent.string('x'.repeat(rng.int(1, 4)));
    }
  }

  /** An item with random references: origin, right origin, parent id or root name, any mix. */
  private randomItem(pool: IdPool, favour?: Y.ID): ForgedStruct {
    const { rng } = this;
    const ref = () => (favour && rng.chance(0.6) ? favour : this.randomId(pool));
    const fields: Parameters<typeof item>[0] = { content: this.randomContent() };
    const shape = rng.int(0, 4);
    if (shape === 0 || shape === 3) fields.origin = ref();
    if (shape === 1 || shape === 3) fields.rightOrigin = ref();
    if (shape === 2) fields.parent = rng.chance(0.5) && pool.types.length > 0 ? rng.pick(pool.types) : ref();
    if (shape === 4) fields.parent = rng.pick(ROOTS);
    if (rng.chance(0.4)) fields.parentSub = rng.pick(['voting', 'status', 'tallies', 'k', 'text']);
    return item(fields);
  }

  private attackerSection(pool: IdPool, count: number, favour?: Y.ID): ForgedSection {
    const client = this.rng.pick(ATTACKERS);
    const state = Y.getState(this.doc.store, client);
    return {
      client,
      clock: state,
      structs: Array.from({ length: count }, () => this.randomItem(pool, favour)),
    };
  }

  /** A struct the document has, re-sent with its own id and any of its fields rewritten. */
  private resentCopy(pool: IdPool): { section: ForgedSection; id: Y.ID } {
    const { rng } = this;
    const id = rng.chance(0.6) && pool.owned.length > 0 ? rng.pick(pool.owned) : rng.pick(pool.all);
    const structs = this.doc.store.clients.get(id.client)!;
    const found = structs[Y.findIndexSS(structs, id.clock)]!;
    const forged = found instanceof Y.Item ? this.rewire(toForged(found), pool) : toForged(found);
    return { section: { client: found.id.client, clock: found.id.clock, structs: [forged] }, id: found.id };
  }

  private rewire(struct: ForgedStruct, pool: IdPool): ForgedStruct {
    if (struct.kind !== 'item') return struct;
    const { rng } = this;
    const copy = { ...struct };
    switch (rng.int(0, 3)) {
      case 0:
        return { ...copy, origin: null, rightOrigin: null, parent: rng.pick(ROOTS) };
      case 1:
        return { ...copy, origin: this.randomId(pool) };
      case 2:
        return { ...copy, rightOrigin: this.randomId(pool), origin: rng.chance(0.5) ? null : copy.origin };
      default:
        return {
          ...copy,
          origin: null,
          rightOrigin: null,
          parent: rng.pick(pool.types.length ? pool.types : pool.all),
        };
    }
  }

  private randomDeletes(pool: IdPool): ForgedDelete[] {
    const { rng } = this;
    return Array.from({ length: rng.int(1, 4) }, () => {
      const at = this.randomId(pool);
      const len = rng.chance(0.7) ? rng.int(0, 4) : rng.pick([2 ** 31, 2 ** 40, Y.getState(this.doc.store, at.client)]);
      return { client: at.client, clock: rng.chance(0.2) ? 0 : at.clock, len };
    });
  }

  /** The items (deleted ones included) of a random list type of the document that has some. */
  private randomList(): Y.Item[] {
    const lists: Y.Item[][] = [];
    for (const [, structs] of this.doc.store.clients) {
      for (const s of structs) {
        if (!(s instanceof Y.Item) || s.parentSub !== null || s.left !== null) continue;
        const items: Y.Item[] = [];
        for (let i: Y.Item | null = s; i; i = i.right) items.push(i);
        if (items.length > 1) lists.push(items);
      }
    }
    return lists.length > 0 ? this.rng.pick(lists) : [];
  }

  /** A real update, parsed, to mutate. */
  private realUpdate(): { sections: ForgedSection[]; deletes: ForgedDelete[] } {
    const { rng } = this;
    const source = this.recent.length > 0 && rng.chance(0.8) ? rng.pick(this.recent) : Y.encodeStateAsUpdate(this.doc);
    return unforge(source);
  }

  /** One forged update and the name of the mutation that made it. */
  next(): { mutation: string; update: Uint8Array } {
    const { rng } = this;
    const pool = this.pool();
    const mutation = rng.pick([
      'resend-rewired',
      'point-at-owned',
      'overlap',
      'duplicate-section',
      'cycle',
      'delete-set',
      'huge',
      'field-flip',
      'bytes',
      'replay',
      'list-neighbours',
    ] as const);
    const update = this.build(mutation, pool);
    return { mutation, update };
  }

  private build(mutation: string, pool: IdPool): Uint8Array {
    const { rng } = this;
    switch (mutation) {
      case 'resend-rewired': {
        const copies = Array.from({ length: rng.int(1, 3) }, () => this.resentCopy(pool));
        const attack = this.attackerSection(pool, rng.int(1, 3), rng.pick(copies).id);
        const sections = rng.chance(0.5)
          ? [...copies.map((c) => c.section), attack]
          : [attack, ...copies.map((c) => c.section)];
        return forgeUpdate(dedupeClients(sections), rng.chance(0.2) ? this.randomDeletes(pool) : []);
      }
      case 'point-at-owned': {
        const favour = pool.owned.length > 0 ? rng.pick(pool.owned) : undefined;
        return forgeUpdate([this.attackerSection(pool, rng.int(1, 4), favour)]);
      }
      case 'overlap': {
        const { sections, deletes } = this.realUpdate();
        if (sections.length === 0) return forgeUpdate([this.attackerSection(pool, 1)]);
        const section = rng.pick(sections);
        const state = Y.getState(this.doc.store, section.client);
        section.clock = Math.max(0, rng.chance(0.5) ? state - rng.int(1, 3) : section.clock + rng.int(-2, 2));
        if (rng.chance(0.6)) section.structs.push(this.randomItem(pool));
        if (section.structs[0] && rng.chance(0.5)) section.structs[0] = this.rewire(section.structs[0], pool);
        return forgeUpdate(sections, deletes);
      }
      case 'duplicate-section': {
        const { sections, deletes } = this.realUpdate();
        const base = sections.length > 0 ? rng.pick(sections) : this.attackerSection(pool, 2);
        const twin: ForgedSection = {
          client: base.client,
          clock: rng.pick([base.clock, base.clock + 1, Y.getState(this.doc.store, base.client)]),
          structs: rng.chance(0.2) ? [] : base.structs.map((s) => (rng.chance(0.5) ? this.rewire(s, pool) : s)),
        };
        const at = rng.int(0, sections.length);
        sections.splice(at, 0, twin);
        if (!sections.includes(base)) sections.push(base);
        return forgeUpdate(sections, deletes);
      }
      case 'cycle': {
        const clients = Array.from({ length: rng.int(2, 4) }, (_, k) => 0x7ff00000 + k * 7 + rng.int(0, 6));
        const unique = [...new Set(clients)];
        const sections = unique.map((client, k) => {
          const target = unique[(k + 1) % unique.length]!;
          const clock = Y.getState(this.doc.store, client);
          const ref = Y.createID(target, Y.getState(this.doc.store, target) + rng.int(0, 1));
          const structs: ForgedStruct[] = [];
          if (rng.chance(0.5)) structs.push(item({ parent: rng.pick(ROOTS), content: forgedContent.string('a') }));
          structs.push(
            item(
              rng.chance(0.5)
                ? { origin: ref, content: forgedContent.string('b') }
                : { rightOrigin: ref, content: forgedContent.string('b') },
            ),
          );
          return { client, clock, structs };
        });
        return forgeUpdate(sections);
      }
      case 'list-neighbours': {
        // New items in one list whose neighbours are any two of its items, new ones included:
        // whether they could have been adjacent often shows only once Yjs placed them.
        const list = this.randomList();
        if (list.length === 0) return forgeUpdate([this.attackerSection(pool, 1)]);
        const client = rng.pick(ATTACKERS);
        const clock = Y.getState(this.doc.store, client);
        const structs: ForgedStruct[] = [];
        for (let k = 0; k < rng.int(1, 4); k++) {
          const fromList = () => {
            const picked = rng.pick(list);
            return Y.createID(picked.id.client, picked.id.clock + rng.int(0, picked.length - 1));
          };
          const newer = () => Y.createID(client, clock + rng.int(0, structs.length - 1));
          const origin = k > 0 && rng.chance(0.6) ? newer() : rng.chance(0.15) ? null : fromList();
          const rightOrigin = k > 0 && rng.chance(0.3) ? newer() : rng.chance(0.15) ? null : fromList();
          structs.push(item({ origin, rightOrigin, parent: 'x', content: forgedContent.string('n') }));
        }
        return forgeUpdate([{ client, clock, structs }]);
      }
      case 'delete-set':
        return forgeUpdate(rng.chance(0.3) ? [this.attackerSection(pool, 1)] : [], this.randomDeletes(pool));
      case 'huge': {
        const client = rng.pick(ATTACKERS);
        const clock = rng.chance(0.5) ? Y.getState(this.doc.store, client) : rng.pick([2 ** 31, 2 ** 52, 2 ** 53 - 2]);
        const length = rng.pick([2 ** 31, 2 ** 31 + 1, 2 ** 32, 2 ** 50]);
        const structs: ForgedStruct[] = [
          rng.chance(0.5)
            ? { kind: 'gc', length }
            : item({ parent: rng.pick(ROOTS), content: forgedContent.deleted(length) }),
        ];
        if (rng.chance(0.5)) structs.push(this.randomItem(pool));
        return forgeUpdate([{ client, clock, structs }]);
      }
      case 'field-flip': {
        const { sections, deletes } = this.realUpdate();
        if (sections.length === 0) return forgeUpdate([this.attackerSection(pool, 1)]);
        const section = rng.pick(sections);
        const at = rng.int(0, section.structs.length - 1);
        const flip = rng.int(0, 3);
        if (flip === 0) section.structs[at] = this.rewire(section.structs[at]!, pool);
        else if (flip === 1) section.clock += rng.pick([-1, 1, 2 ** 31]);
        else if (flip === 2) section.client = rng.pick([...ATTACKERS, ...pool.clients]);
        else deletes.push(...this.randomDeletes(pool));
        return forgeUpdate(sections, deletes);
      }
      case 'bytes': {
        const source = this.recent.length > 0 ? rng.pick(this.recent) : Y.encodeStateAsUpdate(this.doc);
        const bytes = source.slice();
        for (let k = rng.int(1, 3); k > 0 && bytes.length > 0; k--)
          bytes[rng.int(0, bytes.length - 1)] = rng.int(0, 255);
        return bytes;
      }
      default:
        return this.recent.length > 0 && rng.chance(0.7) ? rng.pick(this.recent) : Y.encodeStateAsUpdate(this.doc);
    }
  }
}

/** Sections of distinct clients (resent copies of one client's structs would otherwise collide). */
function dedupeClients(sections: ForgedSection[]): ForgedSection[] {
  const seen = new Set<number>();
  return sections.filter((s) => !seen.has(s.client) && seen.add(s.client));
}

/** One review under fuzzing: its room, a legitimate editor, a bystander and an attacker. */
class Session {
  readonly recent: Uint8Array[] = [];
  private attacker: FakePeer;
  private readonly editor = fakePeer('editor', 'editor');
  readonly bystander = fakePeer('bystander', 'viewer');
  private readonly client = new Y.Doc();
  private attackers = 0;
  private texts = 0;
  dumpDir: string | undefined;

  private constructor(
    public room: Room,
    readonly store: SqliteStore,
    readonly reviewId: string,
    private readonly rng: Rng,
    /** Error lines the room logged: any is a failure (e.g. an accepted update that threw on apply). */
    private readonly errors: string[],
    private readonly writerId: number,
  ) {
    this.client.clientID = rng.int(1, 2 ** 31);
    this.attacker = fakePeer('attacker-0', 'editor');
    this.enter(room);
    Y.applyUpdate(this.client, Y.encodeStateAsUpdate(room.doc));
  }

  /**
   * Whether `update` writes new clocks under the id of the connected editor's own client. Yjs does
   * not authenticate client ids: whoever writes first at a clock owns it, and the editor's own
   * edits at those clocks are then lost and its replica diverges (docs/SECURITY.md, "Not
   * guaranteed"). That is a limit of the protocol the check cannot judge, so the fuzzer leaves it out.
   */
  impersonatesEditor(update: Uint8Array): boolean {
    const editorId = this.client.clientID;
    const known = Y.getState(this.room.doc.store, editorId);
    try {
      return Y.decodeUpdate(update).structs.some((s) => s.id.client === editorId && s.id.clock + s.length > known);
    } catch {
      return false;
    }
  }

  /** Starts recording the live document's history (see dumpHistory). */
  record(dumpDir: string | undefined): void {
    this.dumpDir = dumpDir;
    if (dumpDir) this.history.push(Y.encodeStateAsUpdate(this.room.doc));
  }

  private enter(room: Room): void {
    for (const peer of [this.editor, this.bystander, this.attacker]) room.join(peer);
    room.doc.on('update', (u: Uint8Array) => this.remember(u));
  }

  private static load(store: SqliteStore, reviewId: string, errors: string[], writerId: number): Promise<Room> {
    return Room.load(
      reviewId,
      store,
      createLogger('error', {}, (line) => errors.push(line)),
      {
        fanout: new LocalFanoutBus().instance(),
        maxAwarenessStateBytes: 1024,
        awarenessPer10s: 100,
        compactEvery: 25,
        serverOwnedRoots: OWNED,
        writerId,
      },
    );
  }

  static async open(store: SqliteStore, reviewId: string, rng: Rng): Promise<Session> {
    const doc = new Y.Doc();
    doc.clientID = rng.int(1, 2 ** 31);
    initReview(doc, { title: 'Fuzzed review', severity: 'SEV2' });
    await store.createReview(
      { id: reviewId, severity: 'SEV2', createdAt: new Date().toISOString() },
      [],
      Y.encodeStateAsUpdate(doc),
    );
    const errors: string[] = [];
    const writerId = rng.int(1, 2 ** 31);
    const room = await Session.load(store, reviewId, errors, writerId);
    return new Session(room, store, reviewId, rng, errors, writerId);
  }

  /** After the room reset itself (an update it could only refuse once applied): a fresh one, as clients reconnect. */
  private async reopen(): Promise<void> {
    this.room.destroy();
    this.room = await Session.load(this.store, this.reviewId, this.errors, this.writerId);
    this.editor.closed = null;
    this.bystander.closed = null;
    this.attacker = fakePeer(`attacker-${++this.attackers}`, 'editor');
    this.enter(this.room);
  }

  /** Every update the live document took, in order, from its load (kept only when dumping). */
  readonly history: Uint8Array[] = [];

  private remember(update: Uint8Array): void {
    if (this.dumpDir) this.history.push(update);
    this.recent.push(update);
    if (this.recent.length > 12) this.recent.shift();
  }

  /** One step of real traffic: an editor's change through the review model, or a server write. */
  async traffic(): Promise<void> {
    const { rng, room } = this;
    if (rng.chance(0.35)) {
      await room.applyServerChange((doc) => this.serverWrite(doc));
      return;
    }
    const updates: Uint8Array[] = [];
    const capture = (u: Uint8Array) => updates.push(u);
    this.client.on('update', capture);
    try {
      this.editorChange(this.client);
    } catch {
      // A model operation refusing a random input is fine: nothing was written.
    }
    this.client.off('update', capture);
    for (const update of updates) room.receive(this.editor, { kind: 'update', update });
    await room.whenIdle();
    const ownId = this.client.clientID;
    try {
      Y.applyUpdate(this.client, Y.encodeStateAsUpdate(room.doc, Y.encodeStateVector(this.client)));
    } catch (err) {
      this.dumpHistory();
      throw new Error(`the editor's replica throws on what the server sent: ${(err as Error).message}`);
    }
    // Yjs draws the client a new id when someone else wrote under its id (an attacker may): from
    // the seed, so that a replay goes the same way.
    if (this.client.clientID !== ownId) this.client.clientID = this.rng.int(1, 2 ** 31);
  }

  private serverWrite(doc: Y.Doc): void {
    const { rng } = this;
    switch (rng.int(0, 3)) {
      case 0:
        // Often back to not started, so candidates are promoted between votes and frozen during them.
        return applyControlPatch(doc, {
          voting: rng.chance(0.5) ? 'not-started' : rng.pick(VOTING_STATES),
          anonymity: rng.pick(ANONYMITY_POLICIES),
        });
      case 1:
        return writeTallies(doc, rng.chance(0.8) ? { [`cause-${rng.int(1, 3)}`]: rng.int(0, 9) } : null);
      case 2: {
        publishAnonymousFindings(doc, [
          {
            id: `anon${this.texts++}x${rng.int(0, 1e6)}`,
            category: rng.pick(FINDING_CATEGORIES),
            text: 'held words',
            createdAt: new Date(0).toISOString(),
          },
        ]);
        return;
      }
      default: {
        const anonymous = doc.getMap('anonymous');
        const ids = [...anonymous.keys()];
        if (ids.length > 0) editAnonymousFinding(doc, rng.pick(ids), { text: `reworded ${rng.int(0, 99)}` });
      }
    }
  }

  private editorChange(doc: Y.Doc): void {
    const { rng } = this;
    const findings = listFindings(doc);
    // Like the board, the editor leaves frozen candidates alone (its replica may not have the
    // latest controls yet; the room's document has).
    const frozen = rootCausesFrozen(readControl(this.room.doc).voting);
    const isCandidate = (id: string) => shownRootCauseIds(this.room.doc).includes(`finding:${id}`);
    switch (rng.int(0, 7)) {
      case 0:
        addFinding(doc, {
          category: rng.pick(FINDING_CATEGORIES),
          text: `finding ${rng.int(0, 999)}`,
          author: 'Sam',
          createdAt: new Date(rng.int(0, 1e12)).toISOString(),
        });
        return;
      case 1:
        if (findings.length > 0) {
          const text = findingText(doc, rng.pick(findings).id);
          if (text) applyTextDiff(text, text.toString().slice(0, rng.int(0, text.length)) + 'typed', rng.int(0, 5));
        }
        return;
      case 2: {
        const id = findings.length > 0 ? rng.pick(findings).id : null;
        if (id !== null && !(frozen && isCandidate(id))) removeFinding(doc, id);
        return;
      }
      case 3:
        addTimelineEvent(doc, { at: new Date(rng.int(0, 1e12)).toISOString(), kind: 'action', text: 'did a thing' });
        return;
      case 4:
        setTitle(doc, `Title ${rng.int(0, 99)}`);
        return;
      case 5:
        addGroup(
          doc,
          'group',
          findings.slice(0, 2).map((f) => f.id),
        );
        return;
      case 6:
        if (findings.length > 0 && !frozen) promoteToRootCause(doc, { kind: 'finding', id: rng.pick(findings).id });
        else addAction(doc, { title: 'fix it' });
        return;
      default: {
        const fragment = narrativeFragment(doc, rng.pick(NARRATIVE_SECTIONS));
        const paragraph = new Y.XmlElement('paragraph');
        paragraph.insert(0, [new Y.XmlText('lesson')]);
        fragment.insert(rng.int(0, fragment.length), [paragraph]);
      }
    }
  }

  /** Sends one forged update as the attacker and checks the oracle; the problem found, or null. */
  async attack(update: Uint8Array): Promise<{ outcome: keyof Outcomes; problem: string | null }> {
    const { room } = this;
    const ownedBefore = [...OWNED].map((root) => describeRoot(room.doc, root));
    const frozen = rootCausesFrozen(readControl(room.doc).voting);
    const candidatesBefore = shownRootCauseIds(room.doc).join();
    const stateBefore = Y.encodeStateAsUpdate(room.doc).byteLength;
    const svBefore = Y.encodeStateVector(room.doc);
    const dsBefore = Y.encodeSnapshot(Y.snapshot(room.doc));
    const framesBefore = this.bystander.frames;
    const docBefore = this.dumpDir ? Y.encodeStateAsUpdate(room.doc) : null;
    room.receive(this.attacker, { kind: 'update', update });
    await room.whenIdle();
    if (room.discarded) {
      // Refused only once applied: what the store rebuilds must be the document from before.
      await this.reopen();
      const problems = this.errors.splice(0).map((line) => `room logged an error: ${line}`);
      const after = this.room.doc;
      if (
        !equalBytes(svBefore, Y.encodeStateVector(after)) ||
        !equalBytes(dsBefore, Y.encodeSnapshot(Y.snapshot(after)))
      ) {
        problems.push('a reset left part of the refused update in the store');
      }
      if ([...OWNED].some((root, k) => describeRoot(after, root) !== ownedBefore[k]))
        problems.push('a server-owned root changed');
      if (frozen && shownRootCauseIds(after).join() !== candidatesBefore)
        problems.push('the frozen root-cause candidates changed');
      if (this.bystander.frames !== framesBefore) problems.push('a refused update reached the bystander');
      return { outcome: 'reset', problem: problems.length > 0 ? problems.join('; ') : null };
    }
    const refused = this.attacker.closed !== null;
    const changed =
      !equalBytes(svBefore, Y.encodeStateVector(room.doc)) ||
      !equalBytes(dsBefore, Y.encodeSnapshot(Y.snapshot(room.doc)));
    const outcome = refused ? 'refused' : changed ? 'accepted' : 'unchanged';
    const problems: string[] = this.errors.splice(0).map((line) => `room logged an error: ${line}`);
    const ownedAfter = [...OWNED].map((root) => describeRoot(room.doc, root));
    if (ownedAfter.some((d, k) => d !== ownedBefore[k])) problems.push('a server-owned root changed');
    if (frozen && shownRootCauseIds(room.doc).join() !== candidatesBefore)
      problems.push('the frozen root-cause candidates changed');
    if (room.doc.store.pendingStructs || room.doc.store.pendingDs) problems.push('the document has pending structs');
    if (refused && this.bystander.frames !== framesBefore) problems.push('a refused update reached the bystander');
    if (refused && changed) problems.push('a refused update changed the document');
    if (changed || stateBefore !== Y.encodeStateAsUpdate(room.doc).byteLength) {
      const reloaded = await this.freshLoadDiffers();
      if (reloaded) problems.push(reloaded);
    }
    if (docBefore && problems.length > 0) {
      // The document before and the update, to replay the case in a unit test.
      fs.writeFileSync(path.join(this.dumpDir!, 'doc-before.bin'), docBefore);
      fs.writeFileSync(path.join(this.dumpDir!, 'update.bin'), update);
    }
    // A held update would be retried after the attacker's next accepted one, and its outcome
    // mixed into that case's: each case starts with an attacker holding nothing.
    if (outcome !== 'accepted') this.replaceAttacker();
    return { outcome, problem: problems.length > 0 ? problems.join('; ') : null };
  }

  /** Writes how the live document was built (its load, then every update) for a replay. */
  dumpHistory(): void {
    if (!this.dumpDir) return;
    fs.writeFileSync(
      path.join(this.dumpDir, 'history.json'),
      JSON.stringify(this.history.map((u) => Buffer.from(u).toString('base64'))),
    );
  }

  private replaceAttacker(): void {
    this.room.leave(this.attacker);
    this.attacker = fakePeer(`attacker-${++this.attackers}`, 'editor');
    this.room.join(this.attacker);
  }

  /** Rebuilds the document from the store, as a restart would; a description of any difference. */
  async freshLoadDiffers(): Promise<string | null> {
    const stored = await this.store.loadDocument(this.reviewId);
    const fresh = new Y.Doc();
    try {
      if (stored.snapshot) Y.applyUpdate(fresh, stored.snapshot);
      for (const row of stored.updates) Y.applyUpdate(fresh, row.data);
    } catch (err) {
      return `a stored row does not apply: ${(err as Error).message}`;
    }
    const live = this.room.doc;
    if (fresh.store.pendingStructs || fresh.store.pendingDs) return 'the stored log leaves pending structs';
    if (!equalBytes(Y.encodeStateVector(fresh), Y.encodeStateVector(live))) return 'fresh load: state vector differs';
    if (!Y.equalSnapshots(Y.snapshot(fresh), Y.snapshot(live))) return 'fresh load: delete set differs';
    const roots = [...fresh.share.keys(), ...live.share.keys()];
    const a = describeDocument(fresh, roots);
    const b = describeDocument(live, roots);
    const differing = Object.keys(a).filter((k) => a[k] !== b[k]);
    fresh.destroy();
    return differing.length > 0 ? `fresh load: roots differ (${differing.join(', ')})` : null;
  }

  close(): void {
    for (const peer of [this.editor, this.bystander, this.attacker]) this.room.leave(peer);
  }
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && a.every((v, i) => v === b[i]);
}

/**
 * Makes `crypto.getRandomValues` follow `rng` until the returned function is called: the review
 * model draws its ids from it, and ids are document content, so a replay needs the same ones.
 */
function seedRandomValues(rng: Rng): () => void {
  const original = globalThis.crypto.getRandomValues;
  const seeded = <T extends ArrayBufferView | null>(array: T): T => {
    if (array) {
      const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
      for (let i = 0; i < bytes.length; i++) bytes[i] = rng.int(0, 255);
    }
    return array;
  };
  Object.defineProperty(globalThis.crypto, 'getRandomValues', { value: seeded, configurable: true, writable: true });
  return () =>
    Object.defineProperty(globalThis.crypto, 'getRandomValues', {
      value: original,
      configurable: true,
      writable: true,
    });
}

/** Runs `cases` forged updates against fresh reviews; resolves with every outcome and failure. */
export async function runUpdateFuzz(options: FuzzOptions): Promise<FuzzReport> {
  const rng = prng(options.seed);
  const restoreRandom = seedRandomValues(prng(options.seed ^ 0x5eed));
  const perReview = options.casesPerReview ?? 250;
  const stopAtFirst = options.stopAtFirstFailure ?? true;
  const file = path.join(options.dir, `fuzz-${options.seed}.sqlite`);
  const store = new SqliteStore(file);
  const report: FuzzReport = { seed: options.seed, cases: 0, outcomes: {}, failures: [] };
  let session: Session | null = null;
  try {
    for (let n = 0; n < options.cases; n++) {
      if (n % perReview === 0) {
        session?.close();
        session = await Session.open(store, `fuzz-${n}`, rng);
        session.record(options.dumpDir);
        for (let warm = rng.int(3, 12); warm > 0; warm--) await session.traffic();
      }
      const current = session!;
      if (rng.chance(0.3)) {
        const drift = await current.traffic().then(
          () => current.freshLoadDiffers(),
          (err: Error) => err.message,
        );
        if (drift) {
          current.dumpHistory();
          report.failures.push({ case: n, mutation: 'traffic', problem: drift, update: '' });
          if (stopAtFirst) break;
        }
      }
      const forger = new Forger(rng, current.room.doc, current.recent);
      let forged: { mutation: string; update: Uint8Array };
      try {
        forged = forger.next();
      } catch {
        continue; // the forge could not encode this choice (e.g. a clock past 2^53)
      }
      if (current.impersonatesEditor(forged.update)) continue;
      const { outcome, problem } = await current.attack(forged.update);
      report.cases++;
      const tally = (report.outcomes[forged.mutation] ??= { accepted: 0, unchanged: 0, refused: 0, reset: 0 });
      tally[outcome]++;
      if (problem) {
        report.failures.push({
          case: n,
          mutation: forged.mutation,
          problem,
          update: Buffer.from(forged.update).toString('base64'),
        });
        if (stopAtFirst) break;
      }
    }
  } finally {
    session?.close();
    await store.close();
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
    restoreRandom();
  }
  return report;
}
