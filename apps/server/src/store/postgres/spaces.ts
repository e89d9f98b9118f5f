import type postgres from 'postgres';
import type { ReviewSummaryData, SearchSection } from '@hindsight/review';
import type { SearchMatch, SpaceStore, SpaceTokenRecord, SpaceTokenRow } from '../spaces';
import { spaceLinkRecord } from '../spaces';
import { groupHits, MAX_SEARCH_HITS } from '../space-search';
import { bytes } from './columns';

/** Team spaces, their tokens and the review index (`review_search`: a tsvector column under a GIN index). */
export function postgresSpaces(sql: postgres.Sql): SpaceStore {
  const insertToken = (tx: postgres.Sql, token: SpaceTokenRecord) => tx`
    INSERT INTO space_tokens (hash, id, space_id, role, label, created_at, revoked_at)
    VALUES (${token.hash}, ${token.id}, ${token.spaceId}, ${token.role}, ${token.label}, ${token.createdAt},
            ${token.revokedAt})`;

  return {
    async createSpace(space, tokens) {
      await sql.begin(async (t) => {
        const tx = t as unknown as postgres.Sql;
        await tx`INSERT INTO spaces (id, name, created_at) VALUES (${space.id}, ${space.name}, ${space.createdAt})`;
        for (const token of tokens) await insertToken(tx, token);
      });
    },
    async getSpace(spaceId) {
      const [row] = await sql<Array<{ id: string; name: string; created_at: string }>>`
        SELECT id, name, created_at FROM spaces WHERE id = ${spaceId}`;
      return row ? { id: row.id, name: row.name, createdAt: row.created_at } : null;
    },
    async findSpaceToken(hash) {
      const [row] = await sql<SpaceTokenRow[]>`
        SELECT id, hash, space_id, role, label, created_at, revoked_at FROM space_tokens WHERE hash = ${hash}`;
      return row ? { ...spaceLinkRecord(row), hash: row.hash } : null;
    },
    async createSpaceToken(token) {
      await insertToken(sql, token);
    },
    async listSpaceTokens(spaceId) {
      const rows = await sql<SpaceTokenRow[]>`
        SELECT id, hash, space_id, role, label, created_at, revoked_at FROM space_tokens
        WHERE space_id = ${spaceId} ORDER BY created_at, position`;
      return rows.map(spaceLinkRecord);
    },
    async revokeSpaceToken(spaceId, linkId, revokedAt) {
      return sql.begin(async (t) => {
        const tx = t as unknown as postgres.Sql;
        // Locks the space's links (in one order): the check for another active admin link and the
        // revocation are one step across instances.
        const links = await tx<Array<{ id: string; role: string; revoked_at: string | null }>>`
          SELECT id, role, revoked_at FROM space_tokens WHERE space_id = ${spaceId} ORDER BY id FOR UPDATE`;
        const link = links.find((row) => row.id === linkId);
        if (!link) return 'not_found' as const;
        const admins = links.filter((row) => row.role === 'admin' && row.revoked_at === null).length;
        if (link.role === 'admin' && link.revoked_at === null && admins <= 1) return 'last_admin' as const;
        await tx`UPDATE space_tokens SET revoked_at = ${revokedAt}
                 WHERE space_id = ${spaceId} AND id = ${linkId} AND revoked_at IS NULL`;
        return 'revoked' as const;
      });
    },
    async setReviewSpace(reviewId, spaceId) {
      const result = await sql`UPDATE reviews SET space_id = ${spaceId} WHERE id = ${reviewId}`;
      return result.count > 0;
    },
    async listSpaceReviews(spaceId) {
      const rows = await sql<Array<{ id: string; created_at: string; summary: ReviewSummaryData | null }>>`
        SELECT r.id, r.created_at, i.summary FROM reviews r LEFT JOIN review_index i ON i.review_id = r.id
        WHERE r.space_id = ${spaceId} ORDER BY r.created_at DESC, r.id`;
      return rows.map((row) => ({ reviewId: row.id, createdAt: row.created_at, summary: row.summary }));
    },
    async saveReviewIndex(reviewId, entry) {
      await sql.begin(async (t) => {
        const tx = t as unknown as postgres.Sql;
        // Two instances refreshing one review at once replace its rows one after the other.
        await tx`SELECT pg_advisory_xact_lock(hashtext('hindsight.index:' || ${reviewId}))`;
        await tx`
          INSERT INTO review_index (review_id, summary, state_vector)
          VALUES (${reviewId}, ${tx.json(entry.summary as unknown as postgres.JSONValue)}, ${bytes(entry.stateVector)})
          ON CONFLICT (review_id) DO UPDATE SET summary = EXCLUDED.summary, state_vector = EXCLUDED.state_vector`;
        await tx`DELETE FROM review_search WHERE review_id = ${reviewId}`;
        if (entry.texts.length === 0) return;
        const rows = entry.texts.map((text, position) => ({
          review_id: reviewId,
          position,
          section: text.section,
          body: text.text,
        }));
        await tx`INSERT INTO review_search ${tx(rows, 'review_id', 'position', 'section', 'body')}`;
      });
    },
    async dropReviewIndex(reviewId) {
      await sql.begin(async (t) => {
        const tx = t as unknown as postgres.Sql;
        await tx`SELECT pg_advisory_xact_lock(hashtext('hindsight.index:' || ${reviewId}))`;
        await tx`DELETE FROM review_search WHERE review_id = ${reviewId}`;
        await tx`DELETE FROM review_index WHERE review_id = ${reviewId}`;
      });
    },
    async indexedStateVector(reviewId) {
      const [row] = await sql<Array<{ state_vector: Buffer }>>`
        SELECT state_vector FROM review_index WHERE review_id = ${reviewId}`;
      return row ? new Uint8Array(row.state_vector) : null;
    },
    async searchSpace(spaceId, terms, hitsPerReview): Promise<SearchMatch[]> {
      if (terms.words.length === 0) return [];
      // A review matches when each word is somewhere in it (a word the parser drops, such as
      // "the", asks nothing); its hits are the texts holding any word.
      const everyWord = terms.words.map(
        (word) => sql`
          AND (numnode(to_tsquery('english', ${tsWord(word)})) = 0 OR review_id IN (
            SELECT review_id FROM review_search WHERE tsv @@ to_tsquery('english', ${tsWord(word)})))`,
      );
      const any = terms.words.map(tsWord).join(' | ');
      // Each matching review's first texts holding any word.
      const rows = await sql<Array<{ review_id: string; section: SearchSection; body: string }>>`
        SELECT review_id, section, body FROM (
          SELECT review_id, position, section, body,
                 ROW_NUMBER() OVER (PARTITION BY review_id ORDER BY position) AS n
          FROM review_search
          WHERE tsv @@ to_tsquery('english', ${any})
            AND review_id IN (SELECT id FROM reviews WHERE space_id = ${spaceId})
            ${everyWord.reduce((all, condition) => sql`${all} ${condition}`, sql``)}
        ) AS matching
        WHERE n <= ${hitsPerReview} ORDER BY review_id, position LIMIT ${MAX_SEARCH_HITS}`;
      return groupHits(
        rows.map((row) => ({ reviewId: row.review_id, section: row.section, text: row.body })),
        terms.words,
        hitsPerReview,
      );
    },
  };
}

/** One word as a tsquery that also matches the words it begins; words hold only letters and digits. */
function tsWord(word: string): string {
  return `${word}:*`;
}
