/** Review-model helpers for cross-process sync tests: seeded randomness, replica comparison, model edits. */
import fs from 'node:fs';
import * as Y from 'yjs';
import {
  ACTION_PRIORITIES,
  ACTION_STATUSES,
  ACTION_TYPES,
  FINDING_CATEGORIES,
  KEY_TIMES,
  NARRATIVE_SECTIONS,
  SEVERITIES,
  TIMELINE_KINDS,
  actionTitleText,
  addAction,
  addFinding,
  addTimelineEvent,
  findingText,
  linkActionToFinding,
  listActions,
  listFindings,
  listTimeline,
  moveFinding,
  narrativeFragment,
  removeAction,
  removeFinding,
  removeTimelineEvent,
  reviewSnapshot,
  setFindingGroup,
  setKeyTime,
  setSeverity,
  timelineEventText,
  titleText,
  unlinkActionFromFinding,
  updateAction,
  updateTimelineEvent,
  type NarrativeSection,
} from '@hindsight/review';
import { mulberry32 } from '@hindsight/review/testing';
import { connectClient, waitFor } from './clients';
import { startServer, stopAllServers, type TestServer } from './server';

const dataDirs = new Set<string>();

/** `startServer`, remembering the data directory so `cleanupServers` can remove it. */
export async function startTrackedServer(opts: Parameters<typeof startServer>[0] = {}): Promise<TestServer> {
  const server = await startServer(opts);
  dataDirs.add(server.dataDir);
  return server;
}

/** Kills every server still running and removes the data directories of tracked servers (for afterAll). */
export async function cleanupServers(): Promise<void> {
  await stopAllServers();
  for (const dir of dataDirs) fs.rmSync(dir, { recursive: true, force: true });
  dataDirs.clear();
}

/** A small seeded PRNG (mulberry32, from @hindsight/review/testing) with the helpers the tests need. */
export interface Rng {
  readonly seed: number;
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, n). */
  int(n: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** A lowercase word of `length` letters. */
  word(length: number): string;
}

/** Creates a seeded PRNG; the same seed replays the same choices. */
export function createRng(seed: number): Rng {
  const next = mulberry32(seed);
  const int = (n: number) => Math.floor(next() * n);
  return {
    seed,
    next,
    int,
    chance: (p) => next() < p,
    pick: (items) => {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[int(items.length)]!;
    },
    word: (length) => Array.from({ length }, () => String.fromCharCode(97 + int(26))).join(''),
  };
}

/** The seed from `HINDSIGHT_TEST_SEED` when set (to replay a failure), else a new one; printed either way. */
export function testSeed(label: string): number {
  const fromEnv = process.env.HINDSIGHT_TEST_SEED;
  const seed = fromEnv ? Number(fromEnv) >>> 0 : (Math.random() * 2 ** 32) >>> 0;
  console.log(`[${label}] seed=${seed} (replay with HINDSIGHT_TEST_SEED=${seed})`);
  return seed;
}

/**
 * The seeds a seeded test runs: a fresh one (or HINDSIGHT_TEST_SEED), printed, then each seed that
 * once made it fail, so that a bug a seed found stays found.
 */
export function testSeeds(label: string, onceFailed: readonly number[]): number[] {
  const fresh = testSeed(label);
  return [fresh, ...onceFailed.filter((seed) => seed !== fresh)];
}

/** A copy of `source` in a new doc, built only from its encoded state (what storage or a peer would get). */
export function copyOf(source: Y.Doc): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(source));
  return doc;
}

/** True when two replicas hold the same review and the same Yjs state (state vector and delete set). */
export function sameState(a: Y.Doc, b: Y.Doc): boolean {
  return (
    Buffer.from(Y.encodeStateVector(a)).equals(Buffer.from(Y.encodeStateVector(b))) &&
    Y.equalSnapshots(Y.snapshot(a), Y.snapshot(b)) &&
    JSON.stringify(reviewSnapshot(a)) === JSON.stringify(reviewSnapshot(b))
  );
}

/** Waits until every doc holds the same state as the first. */
export async function waitConverged(docs: Y.Doc[], what: string, timeoutMs = 15_000): Promise<void> {
  await waitFor(() => docs.every((doc) => sameState(docs[0]!, doc)), what, timeoutMs);
}

/** What a brand-new client receives from the server: a detached copy of its synced doc. */
export async function readFresh(wsUrl: string, reviewId: string, token: string): Promise<Y.Doc> {
  const client = connectClient(wsUrl, reviewId, token);
  try {
    await client.synced;
    return copyOf(client.doc);
  } finally {
    client.destroy();
  }
}

/** Appends (or inserts at `index`) a paragraph holding `text` to a narrative section, as Tiptap would. */
export function insertParagraph(doc: Y.Doc, section: NarrativeSection, text: string, index?: number): void {
  const fragment = narrativeFragment(doc, section);
  const paragraph = new Y.XmlElement('paragraph');
  paragraph.insert(0, [new Y.XmlText(text)]);
  fragment.insert(index ?? fragment.length, [paragraph]);
}

/** The XmlText inside the `index`-th paragraph of a narrative section (undefined when absent). */
export function paragraphText(doc: Y.Doc, section: NarrativeSection, index: number): Y.XmlText | undefined {
  const paragraph = narrativeFragment(doc, section).get(index);
  if (!(paragraph instanceof Y.XmlElement)) return undefined;
  const text = paragraph.get(0);
  return text instanceof Y.XmlText ? text : undefined;
}

/** Fills every part of the model with content tagged `label`; returns the ids it created. */
export function writeRichContent(doc: Y.Doc, label: string) {
  const title = titleText(doc);
  title.insert(title.length, ` ${label}`);
  setSeverity(doc, 'SEV1');
  setKeyTime(doc, 'started', '2024-05-01T10:00:00Z');
  setKeyTime(doc, 'detected', '2024-05-01T10:07:00Z');
  const eventId = addTimelineEvent(doc, { at: '2024-05-01T10:07:00Z', kind: 'detection', text: `alert ${label}` });
  const findingId = addFinding(doc, { category: 'went-wrong', text: `finding ${label}`, author: 'ana' });
  setFindingGroup(doc, findingId, `group-${label}`);
  const actionId = addAction(doc, {
    title: `action ${label}`,
    owner: 'bo',
    due: '2024-06-01',
    findingIds: [findingId],
  });
  insertParagraph(doc, 'summary', `summary ${label}`);
  insertParagraph(doc, 'lessons', `lesson ${label}`);
  return { eventId, findingId, actionId };
}

const isoAt = (rng: Rng) => new Date(Date.UTC(2024, 4, 1, rng.int(24), rng.int(60), rng.int(60))).toISOString();

function insertInto(rng: Rng, text: Y.Text | undefined, maxLength = 150): void {
  if (!text) return;
  if (text.length > 8 && (text.length > maxLength || rng.chance(0.25))) {
    const at = rng.int(text.length - 2);
    text.delete(at, 1 + rng.int(2));
  } else {
    text.insert(rng.int(text.length + 1), rng.word(1 + rng.int(4)));
  }
}

/**
 * Applies one random, valid model operation to `doc` (chosen from what this replica currently sees)
 * and returns its name. Every write goes through the @hindsight/review operations or their Y types.
 */
export function randomOperation(doc: Y.Doc, rng: Rng): string {
  const events = listTimeline(doc);
  const findings = listFindings(doc);
  const actions = listActions(doc);
  const section = rng.pick(NARRATIVE_SECTIONS);
  const roll = rng.int(24);
  switch (roll) {
    case 0:
    case 1:
      insertInto(rng, titleText(doc), 120);
      return 'title.type';
    case 2:
      setSeverity(doc, rng.pick(SEVERITIES));
      return 'meta.severity';
    case 3:
      setKeyTime(doc, rng.pick(KEY_TIMES), rng.chance(0.2) ? null : isoAt(rng));
      return 'meta.keyTime';
    case 4:
      // The facilitator's controls (status included) are server-owned: no participant writes them.
      titleText(doc).insert(0, rng.word(3));
      return 'meta.other';
    case 5:
      addTimelineEvent(doc, { at: isoAt(rng), kind: rng.pick(TIMELINE_KINDS), text: rng.word(6), source: rng.word(3) });
      return 'timeline.add';
    case 6:
      if (events.length === 0) return 'noop';
      updateTimelineEvent(doc, rng.pick(events).id, { at: isoAt(rng), kind: rng.pick(TIMELINE_KINDS) });
      return 'timeline.update';
    case 7:
      if (events.length === 0) return 'noop';
      insertInto(rng, timelineEventText(doc, rng.pick(events).id));
      return 'timeline.type';
    case 8:
      if (events.length < 3) return 'noop';
      removeTimelineEvent(doc, rng.pick(events).id);
      return 'timeline.remove';
    case 9:
    case 10:
      addFinding(doc, {
        category: rng.pick(FINDING_CATEGORIES),
        text: rng.word(5),
        author: rng.pick(['ana', 'bo', 'cy']),
      });
      return 'finding.add';
    case 11:
    case 12:
      if (findings.length === 0) return 'noop';
      insertInto(rng, findingText(doc, rng.pick(findings).id));
      return 'finding.type';
    case 13:
      if (findings.length === 0) return 'noop';
      moveFinding(doc, rng.pick(findings).id, rng.pick(FINDING_CATEGORIES));
      return 'finding.move';
    case 14:
      if (findings.length === 0) return 'noop';
      setFindingGroup(doc, rng.pick(findings).id, rng.chance(0.2) ? null : rng.pick(['g1', 'g2', 'g3']));
      return 'finding.group';
    case 15:
      if (findings.length < 4) return 'noop';
      removeFinding(doc, rng.pick(findings).id);
      return 'finding.remove';
    case 16: {
      const linked = findings.length > 0 && rng.chance(0.5) ? [rng.pick(findings).id] : [];
      addAction(doc, { title: rng.word(6), priority: rng.pick(ACTION_PRIORITIES), findingIds: linked });
      return 'action.add';
    }
    case 17:
      if (actions.length === 0) return 'noop';
      updateAction(doc, rng.pick(actions).id, {
        owner: rng.pick(['ana', 'bo', 'cy', '']),
        status: rng.pick(ACTION_STATUSES),
        type: rng.pick(ACTION_TYPES),
        due: rng.chance(0.5) ? '' : `2024-06-${String(1 + rng.int(28)).padStart(2, '0')}`,
      });
      return 'action.update';
    case 18:
      if (actions.length === 0) return 'noop';
      insertInto(rng, actionTitleText(doc, rng.pick(actions).id), 100);
      return 'action.type';
    case 19: {
      if (actions.length === 0 || findings.length === 0) return 'noop';
      const action = rng.pick(actions);
      if (action.findingIds.length > 0 && rng.chance(0.3)) {
        unlinkActionFromFinding(doc, action.id, rng.pick(action.findingIds));
        return 'action.unlink';
      }
      linkActionToFinding(doc, action.id, rng.pick(findings).id);
      return 'action.link';
    }
    case 20:
      if (actions.length < 3) return 'noop';
      removeAction(doc, rng.pick(actions).id);
      return 'action.remove';
    case 21:
      insertParagraph(doc, section, rng.word(5), rng.int(narrativeFragment(doc, section).length + 1));
      return 'narrative.paragraph';
    case 22: {
      const fragment = narrativeFragment(doc, section);
      if (fragment.length === 0) return 'noop';
      insertInto(rng, paragraphText(doc, section, rng.int(fragment.length)));
      return 'narrative.type';
    }
    default: {
      const fragment = narrativeFragment(doc, section);
      if (fragment.length < 3) return 'noop';
      fragment.delete(rng.int(fragment.length), 1);
      return 'narrative.remove';
    }
  }
}
