/**
 * Long because: one contract suite covers every part of the Store (reviews, links, document log,
 * quarantine, votes, anonymous findings), and its cases read best side by side.
 *
 * One contract suite for every Store implementation: each backend's test file calls
 * `describeStoreContract` with a factory, so SQLite and PostgreSQL prove the same behaviour.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import type { Store, StoredDocument, TokenRecord } from '../store';

export interface StoreFactory {
  /** A fresh, empty store. */
  open(): Promise<Store>;
  /** Removes whatever `open` created. */
  cleanup(): Promise<void>;
  /** Another store on the database the last `open` created (a second instance); closed by the caller. */
  openSecond(): Promise<Store>;
}

const now = () => new Date().toISOString();

/** A link of review-a (or `reviewId`) with everything but what the test names. */
function link(id: string, role: TokenRecord['role'], more: Partial<TokenRecord> = {}): TokenRecord {
  return {
    id,
    hash: `hash-${id}`,
    reviewId: 'review-a',
    role,
    label: null,
    createdAt: '2026-03-14T14:00:00.000Z',
    expiresAt: null,
    revokedAt: null,
    personal: false,
    ...more,
  };
}

function docWith(text: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getText('t').insert(0, text);
  return Y.encodeStateAsUpdate(doc);
}

function rebuild(stored: StoredDocument): string {
  const doc = new Y.Doc();
  if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
  for (const u of stored.updates) Y.applyUpdate(doc, u.data);
  return doc.getText('t').toString();
}

/** `skip`: the backend cannot be reached here (the caller has said why). */
export function describeStoreContract(name: string, factory: StoreFactory, options: { skip?: boolean } = {}): void {
  describe.skipIf(options.skip ?? false)(`Store contract: ${name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await factory.open();
      await store.createReview(
        { id: 'review-a', severity: 'SEV2', createdAt: now() },
        [link('link-a-edit-0001', 'editor', { hash: 'hash-a-edit' })],
        docWith('hello'),
      );
      await store.createReview({ id: 'review-b', severity: 'SEV3', createdAt: now() }, [], docWith('other'));
    });
    afterEach(async () => {
      await store.close();
      await factory.cleanup();
    });

    it('creates a review with its tokens and initial document', async () => {
      expect(await store.getReview('review-a')).toMatchObject({ id: 'review-a', severity: 'SEV2' });
      expect(await store.getReview('missing')).toBeNull();
      expect(await store.findToken('hash-a-edit')).toEqual(link('link-a-edit-0001', 'editor', { hash: 'hash-a-edit' }));
      expect(await store.findToken('nope')).toBeNull();
      expect(rebuild(await store.loadDocument('review-a'))).toBe('hello');
    });

    it('appends updates in order and compacts them atomically into the snapshot', async () => {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, (await store.loadDocument('review-a')).snapshot!);
      const updates: Uint8Array[] = [];
      doc.on('update', (u: Uint8Array) => updates.push(u));
      doc.getText('t').insert(5, ' world');
      doc.getText('t').insert(0, '> ');
      const seqs = [];
      for (const u of updates) seqs.push(await store.appendUpdate('review-a', u));
      expect(seqs[1]).toBeGreaterThan(seqs[0]!);
      const loaded = await store.loadDocument('review-a');
      expect(loaded.updates.map((u) => u.seq)).toEqual(seqs);
      expect(loaded.lastSeq).toBe(seqs[1]);
      expect(rebuild(loaded)).toBe('> hello world');

      await store.compact('review-a', Y.encodeStateAsUpdate(doc), seqs[0]!);
      const partly = await store.loadDocument('review-a');
      expect(partly.updates).toHaveLength(1);
      expect(partly.snapshotSeq).toBe(seqs[0]);
      expect(rebuild(partly)).toBe('> hello world');
      expect(rebuild(await store.loadDocument('review-b'))).toBe('other');
    });

    it('reads what came after a seq: the later rows, and the snapshot once the rows it needs were compacted', async () => {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, (await store.loadDocument('review-a')).snapshot!);
      const updates: Uint8Array[] = [];
      doc.on('update', (u: Uint8Array) => updates.push(u));
      for (const word of [' one', ' two', ' three']) doc.getText('t').insert(doc.getText('t').length, word);
      const seqs = [];
      for (const u of updates) seqs.push(await store.appendUpdate('review-a', u));
      await store.appendUpdate('review-b', docWith('elsewhere'));

      const later = await store.updatesAfter('review-a', seqs[0]!);
      expect(later.snapshot).toBeNull();
      expect(later.updates.map((u) => u.seq)).toEqual(seqs.slice(1));
      expect(later.lastSeq).toBe(seqs[2]);
      const none = await store.updatesAfter('review-a', seqs[2]!);
      expect(none).toMatchObject({ snapshot: null, updates: [], lastSeq: seqs[2] });

      expect(await store.compact('review-a', Y.encodeStateAsUpdate(doc), seqs[1]!)).toBe(true);
      // Row seqs[1] is gone: a reader that had only seqs[0] gets the snapshot and the row after it.
      const healed = await store.updatesAfter('review-a', seqs[0]!);
      expect(healed.snapshot).not.toBeNull();
      expect(healed.updates.map((u) => u.seq)).toEqual([seqs[2]]);
      const fresh = new Y.Doc();
      for (const u of [updates[0]!]) Y.applyUpdate(fresh, u);
      Y.applyUpdate(fresh, healed.snapshot!);
      for (const u of healed.updates) Y.applyUpdate(fresh, u.data);
      expect(fresh.getText('t').toString()).toBe('hello one two three');
      // Past the snapshot, the snapshot is not sent again.
      expect((await store.updatesAfter('review-a', seqs[1]!)).snapshot).toBeNull();
    });

    describe('quarantine', () => {
      /** Appends `text` typed into a fresh doc as one update (a row that applies) and returns its seq. */
      const appendText = (reviewId: string, text: string) => {
        const doc = new Y.Doc();
        doc.getText('t').insert(0, text);
        return store.appendUpdate(reviewId, Y.encodeStateAsUpdate(doc));
      };

      it('moves a row out of the log with its bytes and error, and lists it without the bytes', async () => {
        const before = await appendText('review-a', 'ok ');
        const bad = await store.appendUpdate('review-a', new Uint8Array([1, 2, 3]));
        const after = await appendText('review-a', 'fine ');
        await store.quarantineUpdate('review-a', bad, 'Error: Unexpected end of array');
        const loaded = await store.loadDocument('review-a');
        expect(loaded.updates.map((u) => u.seq)).toEqual([before, after]);
        const quarantined = await store.quarantinedUpdates('review-a');
        expect(quarantined).toEqual([
          { seq: bad, error: 'Error: Unexpected end of array', quarantinedAt: expect.any(String), byteLength: 3 },
        ]);
        expect(Date.parse(quarantined[0]!.quarantinedAt)).not.toBeNaN();
        expect(await store.quarantinedUpdates('review-b')).toEqual([]);
      });

      it('does nothing for a row that is not in the log (already moved, or another review’s)', async () => {
        const bad = await store.appendUpdate('review-a', new Uint8Array([9]));
        await store.quarantineUpdate('review-b', bad, 'wrong review');
        expect((await store.loadDocument('review-a')).updates.map((u) => u.seq)).toEqual([bad]);
        await store.quarantineUpdate('review-a', bad, 'first');
        await store.quarantineUpdate('review-a', bad, 'again');
        expect((await store.quarantinedUpdates('review-a')).map((q) => [q.seq, q.error])).toEqual([[bad, 'first']]);
        expect(await store.quarantinedUpdates('review-b')).toEqual([]);
      });

      it('keeps a quarantined row through a compaction past its seq', async () => {
        const bad = await store.appendUpdate('review-a', new Uint8Array([1, 2, 3]));
        await store.quarantineUpdate('review-a', bad, 'bad');
        const later = await appendText('review-a', 'later ');
        await store.compact('review-a', docWith('later hello'), later);
        expect((await store.loadDocument('review-a')).updates).toEqual([]);
        expect(await store.quarantinedUpdates('review-a')).toEqual([
          expect.objectContaining({ seq: bad, byteLength: 3 }),
        ]);
      });
    });

    it('adds tokens to an existing review', async () => {
      await store.createToken(link('link-a-view-0002', 'viewer', { hash: 'hash-a-view-2' }));
      expect(await store.findToken('hash-a-view-2')).toMatchObject({ reviewId: 'review-a', role: 'viewer' });
      expect(await store.findToken('hash-a-edit')).toMatchObject({ role: 'editor' });
    });

    describe('links', () => {
      const at = '2026-03-14T15:00:00.000Z';
      beforeEach(async () => {
        await store.createToken(link('link-a-fac-00001', 'facilitator', { createdAt: '2026-03-14T13:00:00.000Z' }));
        await store.createToken(link('link-a-view-0003', 'viewer', { expiresAt: '2026-03-15T00:00:00.000Z' }));
        await store.createToken(link('link-b-edit-0001', 'editor', { reviewId: 'review-b' }));
      });

      it("lists a review's links oldest first, with expiry and revocation but without hashes", async () => {
        const listed = await store.listTokens('review-a');
        expect(listed.map((l) => l.id)).toEqual(['link-a-fac-00001', 'link-a-edit-0001', 'link-a-view-0003']);
        expect(listed[2]).toEqual({
          id: 'link-a-view-0003',
          reviewId: 'review-a',
          role: 'viewer',
          label: null,
          createdAt: '2026-03-14T14:00:00.000Z',
          expiresAt: '2026-03-15T00:00:00.000Z',
          revokedAt: null,
          personal: false,
        });
        expect(JSON.stringify(listed)).not.toContain('hash-');
        expect((await store.listTokens('review-b')).map((l) => l.id)).toEqual(['link-b-edit-0001']);
        expect(await store.listTokens('missing')).toEqual([]);
      });

      it('keeps a link’s label as given (null for none), through listing, finding and revoking', async () => {
        await store.createToken(link('link-a-edit-0002', 'editor', { label: 'Sam’s team' }));
        expect(await store.findToken('hash-link-a-edit-0002')).toMatchObject({ label: 'Sam’s team' });
        expect((await store.listTokens('review-a')).map((l) => [l.id, l.label])).toEqual([
          ['link-a-fac-00001', null],
          ['link-a-edit-0001', null],
          ['link-a-view-0003', null],
          ['link-a-edit-0002', 'Sam’s team'],
        ]);
        expect(await store.revokeToken('review-a', 'link-a-edit-0002', at)).toMatchObject({
          ok: true,
          link: { label: 'Sam’s team' },
        });
      });

      it('revokes a link of the review once (a second revocation keeps the first time)', async () => {
        const revoked = await store.revokeToken('review-a', 'link-a-edit-0001', at);
        expect(revoked).toEqual({ ok: true, link: expect.objectContaining({ id: 'link-a-edit-0001', revokedAt: at }) });
        expect(await store.findToken('hash-a-edit')).toMatchObject({ revokedAt: at });
        expect(await store.revokeToken('review-a', 'link-a-edit-0001', '2026-03-14T16:00:00.000Z')).toMatchObject({
          ok: true,
          link: { revokedAt: at },
        });
        // Others stay untouched.
        expect(await store.findToken('hash-link-a-view-0003')).toMatchObject({ revokedAt: null });
      });

      it("does not find an unknown link, nor another review's", async () => {
        expect(await store.revokeToken('review-a', 'nope', at)).toEqual({ ok: false, reason: 'not_found' });
        expect(await store.revokeToken('review-a', 'link-b-edit-0001', at)).toEqual({ ok: false, reason: 'not_found' });
        expect(await store.findToken('hash-link-b-edit-0001')).toMatchObject({ revokedAt: null });
      });

      it('never revokes the last facilitator link that is still active', async () => {
        expect(await store.revokeToken('review-a', 'link-a-fac-00001', at)).toEqual({
          ok: false,
          reason: 'last_facilitator',
        });
        // With a second one (an expired one does not count) either may go, but not both.
        await store.createToken(link('link-a-fac-00002', 'facilitator', { expiresAt: '2026-03-14T14:30:00.000Z' }));
        expect(await store.revokeToken('review-a', 'link-a-fac-00001', at)).toMatchObject({ ok: false });
        await store.createToken(link('link-a-fac-00003', 'facilitator'));
        expect(await store.revokeToken('review-a', 'link-a-fac-00001', at)).toMatchObject({ ok: true });
        expect(await store.revokeToken('review-a', 'link-a-fac-00003', at)).toEqual({
          ok: false,
          reason: 'last_facilitator',
        });
        // An inactive facilitator link (expired) can be revoked: it changes nothing for access.
        expect(await store.revokeToken('review-a', 'link-a-fac-00002', at)).toMatchObject({ ok: true });
      });

      it('ends the participants of a link when it is revoked or expires, and keeps those without a link', async () => {
        const join = (id: string, linkId: string | null) =>
          store.createParticipant({
            id,
            reviewId: 'review-a',
            tokenHash: `ph-${id}`,
            role: 'editor',
            linkId,
            createdAt: now(),
          });
        await join('p-edit', 'link-a-edit-0001');
        await join('p-view', 'link-a-view-0003');
        await join('p-old', null);
        const before = '2026-03-14T23:59:59.999Z';
        expect(await store.findParticipant('ph-p-view', before)).toMatchObject({
          id: 'p-view',
          linkId: 'link-a-view-0003',
        });
        expect(await store.findParticipant('ph-p-view', '2026-03-15T00:00:00.000Z')).toBeNull();
        expect(await store.findParticipant('ph-p-edit', before)).toMatchObject({ id: 'p-edit' });
        await store.revokeToken('review-a', 'link-a-edit-0001', at);
        expect(await store.findParticipant('ph-p-edit', before)).toBeNull();
        expect(await store.findParticipant('ph-p-edit')).toBeNull();
        expect(await store.findParticipant('ph-p-old')).toMatchObject({ id: 'p-old', linkId: null });
      });

      it('binds a personal link to its first participant, even when joins race', async () => {
        await store.createToken(link('link-a-pers-0001', 'editor', { personal: true }));
        const joins = await Promise.all(
          ['p1', 'p2', 'p3'].map((id) =>
            store.createParticipant(
              {
                id,
                reviewId: 'review-a',
                tokenHash: `ph-${id}`,
                role: 'editor',
                linkId: 'link-a-pers-0001',
                createdAt: now(),
              },
              { onePerLink: true },
            ),
          ),
        );
        expect(joins.filter(Boolean)).toHaveLength(1);
        const bound = ['p1', 'p2', 'p3'][joins.indexOf(true)]!;
        expect(await store.findParticipant(`ph-${bound}`)).toMatchObject({ id: bound, personal: true });
        expect((await store.findToken('hash-link-a-pers-0001'))?.personal).toBe(true);
      });
    });

    it('issues participants and finds them by token hash only', async () => {
      await store.createParticipant({
        id: 'p1',
        reviewId: 'review-a',
        tokenHash: 'ph1',
        role: 'editor',
        linkId: 'link-a-edit-0001',
        createdAt: now(),
      });
      expect(await store.findParticipant('ph1')).toMatchObject({ id: 'p1', reviewId: 'review-a', role: 'editor' });
      expect(await store.findParticipant('p1')).toBeNull();
    });

    describe('votes', () => {
      const limits = { perPerson: 3, perCandidate: 2 };
      beforeEach(async () => {
        for (const id of ['p1', 'p2']) {
          await store.createParticipant({
            id,
            reviewId: 'review-a',
            tokenHash: `h-${id}`,
            role: 'editor',
            linkId: null,
            createdAt: now(),
          });
        }
      });

      it('never lets 50 racing requests exceed the budget', async () => {
        const results = await Promise.all(
          Array.from({ length: 50 }, (_, i) =>
            store.changeVote('review-a', 'p1', `c${i % 5}`, 1, { perPerson: 3, perCandidate: null }),
          ),
        );
        expect(results.filter((r) => r.ok)).toHaveLength(3);
        expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.reason === 'budget_exhausted')).toBe(true);
        const mine = await store.votesOf('review-a', 'p1');
        expect(Object.values(mine).reduce((a, b) => a + b, 0)).toBe(3);
      });

      it('caps votes per candidate, withdraws, and refuses to withdraw what is not there', async () => {
        expect(await store.changeVote('review-a', 'p1', 'c1', 1, limits)).toEqual({ ok: true, mine: { c1: 1 } });
        expect(await store.changeVote('review-a', 'p1', 'c1', 1, limits)).toEqual({ ok: true, mine: { c1: 2 } });
        expect(await store.changeVote('review-a', 'p1', 'c1', 1, limits)).toMatchObject({
          ok: false,
          reason: 'candidate_cap',
        });
        expect(await store.changeVote('review-a', 'p1', 'c1', -1, limits)).toEqual({ ok: true, mine: { c1: 1 } });
        expect(await store.changeVote('review-a', 'p1', 'c1', -1, limits)).toEqual({ ok: true, mine: {} });
        expect(await store.changeVote('review-a', 'p1', 'c1', -1, limits)).toMatchObject({
          ok: false,
          reason: 'nothing_to_withdraw',
        });
      });

      it('tallies totals per candidate without saying who voted, and resets', async () => {
        await store.changeVote('review-a', 'p1', 'c1', 1, limits);
        await store.changeVote('review-a', 'p2', 'c1', 1, limits);
        await store.changeVote('review-a', 'p2', 'c2', 1, limits);
        expect(await store.voteTallies('review-a')).toEqual({ c1: 2, c2: 1 });
        expect(await store.votesOf('review-a', 'p2')).toEqual({ c1: 1, c2: 1 });
        expect(await store.voteTallies('review-b')).toEqual({});
        await store.resetVotes('review-a');
        expect(await store.voteTallies('review-a')).toEqual({});
      });

      it('seals a round: keeps the totals and the number of voters, and no vote of anyone', async () => {
        await store.changeVote('review-a', 'p1', 'c1', 1, limits);
        await store.changeVote('review-a', 'p2', 'c1', 1, limits);
        await store.changeVote('review-a', 'p2', 'c2', 1, limits);
        expect(await store.countVoters('review-a')).toBe(2);
        expect(await store.sealedResult('review-a')).toBeNull();
        const result = { voters: 2, tallies: { c1: 2, c2: 1 } };
        expect(await store.sealVotes('review-a')).toEqual(result);
        expect(await store.votesOf('review-a', 'p2')).toEqual({});
        expect(await store.countVoters('review-a')).toBe(0);
        expect(await store.sealVotes('review-a')).toEqual(result);
        expect(await store.sealedResult('review-a')).toEqual(result);
        await store.resetVotes('review-a');
        expect(await store.sealedResult('review-a')).toBeNull();
      });
    });

    describe('anonymous findings', () => {
      const held = (id: string, releaseAt: string | null = null) => ({
        reviewId: 'review-a',
        id,
        secretHash: `hash-${id}`,
        held: true,
        category: 'went-wrong' as const,
        text: `words of ${id}`,
        createdAt: '2026-03-14T14:00:00.000Z',
        releaseAt,
        pendingChange: null,
      });

      /** Publishes the way the server does: claimed first, then marked published by the claimant. */
      const publish = async (into: Store, ids: string[], instance = 'instance-1') => {
        await into.claimForPublishing('review-a', ids, instance, 60_000);
        return into.markPublished('review-a', ids, instance);
      };

      it('lets racing instances claim each held finding once, and only its claimant publish it', async () => {
        const ids = Array.from({ length: 20 }, (_, i) => `f${String(i).padStart(2, '0')}`);
        for (const id of ids) await store.holdAnonymousFinding(held(id));
        const second = await factory.openSecond();
        try {
          // Overlapping batches from both stores at once: every id is claimed by exactly one call.
          const claims = await Promise.all([
            store.claimForPublishing('review-a', ids, 'instance-1', 60_000),
            second.claimForPublishing('review-a', ids.slice(5), 'instance-2', 60_000),
            store.claimForPublishing('review-a', ids.slice(0, 12), 'instance-3', 60_000),
            second.claimForPublishing('review-a', [...ids].reverse(), 'instance-4', 60_000),
          ]);
          const claimed = claims.flatMap((c) => c.map((f) => f.id));
          expect(claimed.toSorted()).toEqual(ids);
          expect(claims.flat().every((f) => f.text === `words of ${f.id}`)).toBe(true);
          // Nobody else can claim them while the lease runs, and only each claimant can publish its own.
          expect(await second.claimForPublishing('review-a', ids, 'instance-5', 60_000)).toEqual([]);
          const published = await Promise.all(
            claims.map((_, i) => second.markPublished('review-a', ids, `instance-${i + 1}`)),
          );
          expect(published).toEqual(claims.map((c) => c.map((f) => f.id)));
          expect(await store.markPublished('review-a', ids, 'instance-1')).toEqual([]);
          expect(await store.countHeldFindings('review-a')).toBe(0);
        } finally {
          await second.close();
        }
      });

      it('caps the held findings of a review even when two instances post at once, counting in the insert', async () => {
        const second = await factory.openSecond();
        try {
          const posts = Array.from({ length: 12 }, (_, i) =>
            (i % 2 === 0 ? store : second).holdAnonymousFinding(held(`f${i}`), 5),
          );
          expect((await Promise.all(posts)).filter(Boolean)).toHaveLength(5);
          expect(await store.countHeldFindings('review-a')).toBe(5);
          // Another review's cap is its own.
          expect(await second.holdAnonymousFinding({ ...held('f0'), reviewId: 'review-b' }, 5)).toBe(true);
        } finally {
          await second.close();
        }
      });

      it('hands a claim whose lease lapsed (its instance died mid-release) to the next claimant, once', async () => {
        await store.holdAnonymousFinding(held('f1'));
        await store.holdAnonymousFinding(held('f2'));
        expect((await store.claimForPublishing('review-a', ['f1'], 'dead', 1_000)).map((f) => f.id)).toEqual(['f1']);
        expect(await store.lapsedClaims()).toEqual([]);
        expect(await store.claimForPublishing('review-a', ['f1'], 'alive', 60_000)).toEqual([]);
        await vi.waitFor(async () => expect(await store.lapsedClaims()).toEqual([{ reviewId: 'review-a', id: 'f1' }]), {
          timeout: 5_000,
        });
        const taken = await store.claimForPublishing('review-a', ['f1', 'f2'], 'alive', 60_000);
        expect(taken.map((f) => f.id)).toEqual(['f1', 'f2']);
        expect(await store.lapsedClaims()).toEqual([]);
        // The dead claimant's late mark changes nothing: the rows are the new claimant's.
        expect(await store.markPublished('review-a', ['f1'], 'dead')).toEqual([]);
        expect(await store.markPublished('review-a', ['f1', 'f2'], 'alive')).toEqual(['f1', 'f2']);
        expect(await store.claimForPublishing('review-a', ['f1', 'f2'], 'late', 60_000)).toEqual([]);
      });

      it('holds findings with their words, edits them while held, and forgets the words once published', async () => {
        await store.holdAnonymousFinding(held('f1'));
        await store.holdAnonymousFinding(held('f2'));
        await store.updateHeldFinding('review-a', 'f1', { text: 'edited' });
        expect(await store.countHeldFindings('review-a')).toBe(2);
        expect(await store.countHeldFindings('review-b')).toBe(0);
        expect((await store.heldFindings('review-a')).map((f) => [f.id, f.text])).toEqual([
          ['f1', 'edited'],
          ['f2', 'words of f2'],
        ]);
        await publish(store, ['f1']);
        await store.updateHeldFinding('review-a', 'f1', { text: 'too late' });
        expect(await store.findAnonymousFinding('review-a', 'f1')).toEqual({
          ...held('f1'),
          held: false,
          category: null,
          text: null,
        });
        expect(await store.countHeldFindings('review-a')).toBe(1);
        await store.deleteAnonymousFinding('review-a', 'f2');
        expect(await store.findAnonymousFinding('review-a', 'f2')).toBeNull();
        expect(await store.findAnonymousFinding('review-b', 'f1')).toBeNull();
      });

      it('lists what waits for a random release, and keeps an author’s change until it is applied', async () => {
        const quarter = '2026-03-14T14:00:00.000Z';
        await store.holdAnonymousFinding(held('f1', quarter));
        await store.holdAnonymousFinding(held('f2'));
        await store.holdAnonymousFinding(held('f3'));
        expect(await store.pendingReleases()).toEqual([{ reviewId: 'review-a', id: 'f1' }]);
        expect(await store.pendingReleases(quarter)).toEqual([]);
        expect(await store.pendingReleases('2026-03-14T14:15:00.000Z')).toEqual([{ reviewId: 'review-a', id: 'f1' }]);
        await publish(store, ['f1', 'f2', 'f3']);
        expect(await store.pendingReleases()).toEqual([]);

        await store.holdChange('review-a', 'f1', { kind: 'edit', text: 'reworded' }, quarter);
        await store.holdChange('review-a', 'f1', { kind: 'edit', category: 'lucky' }, quarter);
        await store.holdChange('review-a', 'f2', { kind: 'edit', text: 'withdrawn later' }, quarter);
        await store.holdChange('review-a', 'f2', { kind: 'delete' }, quarter);
        await store.holdChange('review-a', 'f2', { kind: 'edit', text: 'too late' }, quarter);
        expect(await store.pendingChanges('review-a')).toEqual([
          { id: 'f1', kind: 'edit', text: 'reworded', category: 'lucky' },
          { id: 'f2', kind: 'delete' },
        ]);
        expect(await store.pendingReleases()).toEqual([
          { reviewId: 'review-a', id: 'f1' },
          { reviewId: 'review-a', id: 'f2' },
        ]);
        await store.clearChanges('review-a', ['f1']);
        expect(await store.pendingChanges('review-a')).toEqual([{ id: 'f2', kind: 'delete' }]);
        expect(await store.findAnonymousFinding('review-a', 'f1')).toMatchObject({
          text: null,
          category: null,
          releaseAt: null,
          pendingChange: null,
        });
      });
    });
  });
}
