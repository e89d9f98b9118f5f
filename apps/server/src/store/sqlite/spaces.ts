import type Database from 'better-sqlite3';
import type { ReviewSummaryData, SearchSection } from '@hindsight/review';
import type { SearchMatch, SpaceStore, SpaceTokenRecord, SpaceTokenRow } from '../spaces';
import { spaceLinkRecord } from '../spaces';
import { groupHits, MAX_SEARCH_HITS } from '../space-search';

/** Team spaces, their tokens and the review index (FTS5 table `review_search`). */
export function sqliteSpaces(db: Database.Database): SpaceStore {
  const insertSpace = db.prepare('INSERT INTO spaces (id, name, created_at) VALUES (?, ?, ?)');
  const insertToken = db.prepare(
    `INSERT INTO space_tokens (hash, id, space_id, role, label, created_at, revoked_at)
     VALUES (@hash, @id, @spaceId, @role, @label, @createdAt, @revokedAt)`,
  );
  const getSpace = db.prepare<[string], { id: string; name: string; created_at: string }>(
    'SELECT id, name, created_at FROM spaces WHERE id = ?',
  );
  const findToken = db.prepare<[string], SpaceTokenRow>(
    'SELECT id, hash, space_id, role, label, created_at, revoked_at FROM space_tokens WHERE hash = ?',
  );
  const listTokens = db.prepare<[string], SpaceTokenRow>(
    `SELECT id, hash, space_id, role, label, created_at, revoked_at FROM space_tokens WHERE space_id = ?
     ORDER BY created_at, rowid`,
  );
  const findLink = db.prepare<[string, string], { role: string; revoked_at: string | null }>(
    'SELECT role, revoked_at FROM space_tokens WHERE space_id = ? AND id = ?',
  );
  const countActiveAdmins = db.prepare<[string], { n: number }>(
    "SELECT COUNT(*) AS n FROM space_tokens WHERE space_id = ? AND role = 'admin' AND revoked_at IS NULL",
  );
  const revokeLink = db.prepare(
    'UPDATE space_tokens SET revoked_at = ? WHERE space_id = ? AND id = ? AND revoked_at IS NULL',
  );
  const setSpace = db.prepare('UPDATE reviews SET space_id = ? WHERE id = ?');
  const listReviews = db.prepare<[string], { id: string; created_at: string; summary: string | null }>(
    `SELECT r.id, r.created_at, i.summary FROM reviews r LEFT JOIN review_index i ON i.review_id = r.id
     WHERE r.space_id = ? ORDER BY r.created_at DESC, r.id`,
  );
  const upsertIndex = db.prepare(
    `INSERT INTO review_index (review_id, summary, state_vector) VALUES (?, ?, ?)
     ON CONFLICT (review_id) DO UPDATE SET summary = excluded.summary, state_vector = excluded.state_vector`,
  );
  const deleteTexts = db.prepare('DELETE FROM review_search WHERE review_id = ?');
  const insertText = db.prepare('INSERT INTO review_search (review_id, section, body) VALUES (?, ?, ?)');
  const deleteIndex = db.prepare('DELETE FROM review_index WHERE review_id = ?');
  const indexedVector = db.prepare<[string], { state_vector: Buffer }>(
    'SELECT state_vector FROM review_index WHERE review_id = ?',
  );

  const create = db.transaction(
    (space: { id: string; name: string; createdAt: string }, tokens: SpaceTokenRecord[]) => {
      insertSpace.run(space.id, space.name, space.createdAt);
      for (const token of tokens) insertToken.run(token);
    },
  );
  // Run IMMEDIATE: the check for another active admin link and the revocation are one step.
  const revoke = db.transaction((spaceId: string, linkId: string, revokedAt: string) => {
    const link = findLink.get(spaceId, linkId);
    if (!link) return 'not_found' as const;
    if (link.role === 'admin' && link.revoked_at === null && (countActiveAdmins.get(spaceId)?.n ?? 0) <= 1) {
      return 'last_admin' as const;
    }
    revokeLink.run(revokedAt, spaceId, linkId);
    return 'revoked' as const;
  });
  const drop = db.transaction((reviewId: string) => {
    deleteIndex.run(reviewId);
    deleteTexts.run(reviewId);
  });
  const save = db.transaction((reviewId: string, summary: string, vector: Buffer, texts: Array<[string, string]>) => {
    upsertIndex.run(reviewId, summary, vector);
    deleteTexts.run(reviewId);
    for (const [section, text] of texts) insertText.run(reviewId, section, text);
  });

  return {
    async createSpace(space, tokens) {
      create(space, tokens);
    },
    async getSpace(spaceId) {
      const row = getSpace.get(spaceId);
      return row ? { id: row.id, name: row.name, createdAt: row.created_at } : null;
    },
    async findSpaceToken(hash) {
      const row = findToken.get(hash);
      return row ? { ...spaceLinkRecord(row), hash: row.hash } : null;
    },
    async createSpaceToken(token) {
      insertToken.run(token);
    },
    async listSpaceTokens(spaceId) {
      return listTokens.all(spaceId).map(spaceLinkRecord);
    },
    async revokeSpaceToken(spaceId, linkId, revokedAt) {
      return revoke.immediate(spaceId, linkId, revokedAt);
    },
    async setReviewSpace(reviewId, spaceId) {
      return setSpace.run(spaceId, reviewId).changes > 0;
    },
    async listSpaceReviews(spaceId) {
      return listReviews.all(spaceId).map((row) => ({
        reviewId: row.id,
        createdAt: row.created_at,
        summary: row.summary === null ? null : (JSON.parse(row.summary) as ReviewSummaryData),
      }));
    },
    async saveReviewIndex(reviewId, entry) {
      save(
        reviewId,
        JSON.stringify(entry.summary),
        Buffer.from(entry.stateVector),
        entry.texts.map((text) => [text.section, text.text]),
      );
    },
    async dropReviewIndex(reviewId) {
      drop(reviewId);
    },
    async indexedStateVector(reviewId) {
      const row = indexedVector.get(reviewId);
      return row ? new Uint8Array(row.state_vector) : null;
    },
    async searchSpace(spaceId, terms, hitsPerReview): Promise<SearchMatch[]> {
      if (terms.words.length === 0) return [];
      // A review matches when each word is somewhere in it; its hits are its first texts holding any word.
      const everyWord = terms.words
        .map(() => 'AND review_id IN (SELECT review_id FROM review_search WHERE review_search MATCH ?)')
        .join(' ');
      const rows = db
        .prepare<unknown[], { review_id: string; section: SearchSection; body: string }>(
          `SELECT review_id, section, body FROM (
             SELECT rowid AS id, review_id, section, body,
                    ROW_NUMBER() OVER (PARTITION BY review_id ORDER BY rowid) AS n
             FROM review_search
             WHERE review_search MATCH ? AND review_id IN (SELECT id FROM reviews WHERE space_id = ?) ${everyWord})
           WHERE n <= ? ORDER BY id LIMIT ?`,
        )
        .all(
          ftsQuery(terms.words, 'OR'),
          spaceId,
          ...terms.words.map((word) => ftsQuery([word], 'AND')),
          hitsPerReview,
          MAX_SEARCH_HITS,
        );
      return groupHits(
        rows.map((row) => ({ reviewId: row.review_id, section: row.section, text: row.body })),
        terms.words,
        hitsPerReview,
      );
    },
  };
}

/**
 * An FTS5 query of words joined by `operator`, each matching the words its stemmed form begins.
 * The porter stemmer spells a final y as i ("deploy" → "deploi") but keeps it inside a longer word
 * ("deployment" → "deploy"), so a word ending in y also matches as the prefix without it. Words
 * hold only letters and digits (searchTerms), so nothing needs escaping.
 */
function ftsQuery(words: readonly string[], operator: 'AND' | 'OR'): string {
  return words
    .map((word) => (word.length > 3 && word.endsWith('y') ? `("${word}"* OR "${word.slice(0, -1)}"*)` : `"${word}"*`))
    .join(` ${operator} `);
}
