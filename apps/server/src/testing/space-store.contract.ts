/**
 * The SpaceStore's contract, run on every backend (like store.contract.ts): spaces and their
 * tokens, which reviews a space holds, and the review index with full-text search (FTS5 on
 * SQLite, tsvector on PostgreSQL), which must find the same reviews for the same words.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { ReviewSummaryData, SearchText } from '@hindsight/review';
import type { SpaceTokenRecord, Store } from '../store';
import { searchTerms } from '../store/space-search';
import type { StoreFactory } from './store.contract';

function spaceToken(id: string, spaceId: string, role: SpaceTokenRecord['role']): SpaceTokenRecord {
  return { id, hash: `hash-${id}`, spaceId, role, label: null, createdAt: '2026-03-14T14:00:00.000Z', revokedAt: null };
}

function summary(title: string): ReviewSummaryData {
  return {
    title,
    severity: 'SEV2',
    status: 'live',
    closedAt: null,
    startedAt: null,
    resolvedAt: null,
    toDetectMinutes: null,
    toResolveMinutes: null,
    weaknesses: [],
    rootCauseWeaknesses: [],
    actions: [],
  };
}

const emptyDoc = () => Y.encodeStateAsUpdate(new Y.Doc());

export function describeSpaceStoreContract(
  name: string,
  factory: StoreFactory,
  options: { skip?: boolean } = {},
): void {
  describe.skipIf(options.skip ?? false)(`SpaceStore contract: ${name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await factory.open();
      await store.createSpace({ id: 'space-a', name: 'Payments', createdAt: '2026-03-01T00:00:00.000Z' }, [
        spaceToken('link-a-admin', 'space-a', 'admin'),
        spaceToken('link-a-member', 'space-a', 'member'),
      ]);
      await store.createSpace({ id: 'space-b', name: 'Search', createdAt: '2026-03-01T00:00:00.000Z' }, [
        spaceToken('link-b-admin', 'space-b', 'admin'),
      ]);
    });
    afterEach(async () => {
      await store.close();
      await factory.cleanup();
    });

    const index = (reviewId: string, title: string, texts: SearchText[]) =>
      store.saveReviewIndex(reviewId, {
        summary: summary(title),
        texts: [{ section: 'title', text: title }, ...texts],
        stateVector: new Uint8Array([1, 2, 3]),
      });
    const search = async (spaceId: string, q: string, hitsPerReview = 5) =>
      (await store.searchSpace(spaceId, searchTerms(q), hitsPerReview)).sort((a, b) =>
        a.reviewId.localeCompare(b.reviewId),
      );

    it('creates a space with its tokens, finds a token by hash and revokes one link of its own', async () => {
      expect(await store.getSpace('space-a')).toEqual({
        id: 'space-a',
        name: 'Payments',
        createdAt: '2026-03-01T00:00:00.000Z',
      });
      expect(await store.getSpace('missing')).toBeNull();
      expect(await store.findSpaceToken('hash-link-a-member')).toEqual(
        spaceToken('link-a-member', 'space-a', 'member'),
      );
      expect(await store.findSpaceToken('hash-unknown')).toBeNull();
      await store.createSpaceToken({
        ...spaceToken('link-a-later', 'space-a', 'member'),
        createdAt: '2026-03-15T00:00:00.000Z',
        label: 'SRE',
      });
      expect((await store.listSpaceTokens('space-a')).map((link) => [link.id, link.label])).toEqual([
        ['link-a-admin', null],
        ['link-a-member', null],
        ['link-a-later', 'SRE'],
      ]);
      // Another space's link is not this space's to revoke, nor the space's last admin link.
      expect(await store.revokeSpaceToken('space-a', 'link-b-admin', '2026-03-16T00:00:00.000Z')).toBe('not_found');
      expect(await store.revokeSpaceToken('space-a', 'link-a-admin', '2026-03-16T00:00:00.000Z')).toBe('last_admin');
      expect(await store.revokeSpaceToken('space-a', 'link-a-member', '2026-03-16T00:00:00.000Z')).toBe('revoked');
      expect(await store.revokeSpaceToken('space-a', 'link-a-member', '2026-03-17T00:00:00.000Z')).toBe('revoked');
      await store.createSpaceToken(spaceToken('link-a-admin-2', 'space-a', 'admin'));
      expect(await store.revokeSpaceToken('space-a', 'link-a-admin', '2026-03-16T00:00:00.000Z')).toBe('revoked');
      expect(await store.revokeSpaceToken('space-a', 'link-a-admin-2', '2026-03-16T00:00:00.000Z')).toBe('last_admin');
      expect((await store.findSpaceToken('hash-link-a-member'))?.revokedAt).toBe('2026-03-16T00:00:00.000Z');
      expect((await store.findSpaceToken('hash-link-b-admin'))?.revokedAt).toBeNull();
    });

    it('creates reviews in a space, moves them in and out, and lists them newest first with their summaries', async () => {
      await store.createReview(
        { id: 'review-1', severity: 'SEV2', createdAt: '2026-03-10T00:00:00.000Z', spaceId: 'space-a' },
        [],
        emptyDoc(),
      );
      await store.createReview(
        { id: 'review-2', severity: 'SEV3', createdAt: '2026-03-12T00:00:00.000Z' },
        [],
        emptyDoc(),
      );
      expect((await store.getReview('review-1'))?.spaceId).toBe('space-a');
      expect((await store.getReview('review-2'))?.spaceId).toBeNull();
      expect(await store.setReviewSpace('review-2', 'space-a')).toBe(true);
      expect(await store.setReviewSpace('missing', 'space-a')).toBe(false);
      await index('review-1', 'Checkout outage', []);
      expect(await store.listSpaceReviews('space-a')).toEqual([
        { reviewId: 'review-2', createdAt: '2026-03-12T00:00:00.000Z', summary: null },
        { reviewId: 'review-1', createdAt: '2026-03-10T00:00:00.000Z', summary: summary('Checkout outage') },
      ]);
      expect(await store.indexedStateVector('review-1')).toEqual(new Uint8Array([1, 2, 3]));
      expect(await store.indexedStateVector('review-2')).toBeNull();
      await store.setReviewSpace('review-2', null);
      expect((await store.listSpaceReviews('space-a')).map((row) => row.reviewId)).toEqual(['review-1']);
      await index('review-2', 'Left the space', [{ section: 'finding', text: 'pool exhausted' }]);
      await store.dropReviewIndex('review-2');
      expect(await store.indexedStateVector('review-2')).toBeNull();
      await store.setReviewSpace('review-2', 'space-a');
      expect(await search('space-a', 'exhausted')).toEqual([]);
      expect(await store.listSpaceReviews('space-b')).toEqual([]);
    });

    it('finds the reviews of the space holding every word, with their matching texts', async () => {
      await store.createReview(
        { id: 'review-1', severity: 'SEV2', createdAt: '2026-03-10T00:00:00.000Z', spaceId: 'space-a' },
        [],
        emptyDoc(),
      );
      await store.createReview(
        { id: 'review-2', severity: 'SEV2', createdAt: '2026-03-11T00:00:00.000Z', spaceId: 'space-a' },
        [],
        emptyDoc(),
      );
      await store.createReview(
        { id: 'review-3', severity: 'SEV2', createdAt: '2026-03-12T00:00:00.000Z', spaceId: 'space-b' },
        [],
        emptyDoc(),
      );
      await index('review-1', 'Checkout outage', [
        { section: 'finding', text: 'The deployment skipped the canary stage' },
        { section: 'timeline', text: 'Connection pool exhausted on checkout-api' },
      ]);
      await index('review-2', 'Search latency', [{ section: 'action', text: 'Add a canary for search deployments' }]);
      await index('review-3', 'Canary in the other space', [{ section: 'finding', text: 'canary deployment failed' }]);

      // Words anywhere in the review, each in a text of its own; a word's other forms ("deployments" finds "deployment") and its beginning.
      expect(await search('space-a', 'pool deployments')).toEqual([
        {
          reviewId: 'review-1',
          hits: [
            { section: 'finding', text: expect.stringContaining('deployment') },
            { section: 'timeline', text: expect.stringContaining('pool') },
          ],
        },
      ]);
      expect((await search('space-a', 'exhaus')).map((match) => match.reviewId)).toEqual(['review-1']);
      expect((await search('space-a', 'deploy')).map((match) => match.reviewId)).toEqual(['review-1', 'review-2']);
      // Only this space's reviews, never the other space's.
      expect((await search('space-a', 'canary')).map((match) => match.reviewId)).toEqual(['review-1', 'review-2']);
      expect((await search('space-b', 'canary')).map((match) => match.reviewId)).toEqual(['review-3']);
      expect(await search('space-a', 'canary elephant')).toEqual([]);
      expect((await search('space-a', 'canary', 1)).map((match) => match.hits.length)).toEqual([1, 1]);

      // A refresh replaces the texts: the old words are no longer found.
      await index('review-1', 'Checkout outage', [{ section: 'finding', text: 'Retries amplified the load' }]);
      expect((await search('space-a', 'pool')).map((match) => match.reviewId)).toEqual([]);
      expect((await search('space-a', 'retry')).map((match) => match.reviewId)).toEqual(['review-1']);
      expect(await search('space-a', '  ')).toEqual([]);
    });

    it('finds every matching review however many texts each holds (hits are capped per review, not over all)', async () => {
      const texts = Array.from({ length: 100 }, (_, i) => ({ section: 'timeline' as const, text: `canary step ${i}` }));
      for (let i = 0; i < 30; i++) {
        const id = `review-${String(i).padStart(2, '0')}`;
        await store.createReview(
          { id, severity: 'SEV2', createdAt: '2026-03-10T00:00:00.000Z', spaceId: 'space-a' },
          [],
          emptyDoc(),
        );
        await index(id, `Review ${i}`, texts);
      }
      const found = await search('space-a', 'canary', 3);
      expect(found).toHaveLength(30);
      expect(found.every((match) => match.hits.length === 3)).toBe(true);
      expect(found[0]!.hits.map((hit) => hit.text)).toEqual(['canary step 0', 'canary step 1', 'canary step 2']);
    });
  });
}
