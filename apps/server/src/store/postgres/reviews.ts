import type postgres from 'postgres';
import { reviewRecord, type ReviewRow, type ReviewStore } from '../reviews';
import { insertToken } from './links';
import { bytes } from './columns';

/** Review rows; a new review's row, tokens and first snapshot are written in one transaction. */
export function postgresReviews(sql: postgres.Sql): ReviewStore {
  return {
    async createReview(review, tokens, initialSnapshot) {
      await sql.begin(async (tx) => {
        await tx`INSERT INTO reviews (id, severity, created_at, space_id)
                 VALUES (${review.id}, ${review.severity}, ${review.createdAt}, ${review.spaceId ?? null})`;
        for (const token of tokens) await insertToken(tx, token);
        await tx`INSERT INTO snapshots (review_id, data, upto_seq) VALUES (${review.id}, ${bytes(initialSnapshot)}, 0)`;
      });
    },
    async getReview(reviewId) {
      const [row] = await sql<ReviewRow[]>`
        SELECT id, severity, created_at, space_id FROM reviews WHERE id = ${reviewId}`;
      return row ? reviewRecord(row) : null;
    },
  };
}
