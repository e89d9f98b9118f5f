import type Database from 'better-sqlite3';
import { reviewRecord, type ReviewRecord, type ReviewRow, type ReviewStore } from '../reviews';
import type { TokenRecord } from '../links';
import { prepareWriteSnapshot } from './document-log';
import { prepareInsertToken } from './links';

/** Review rows; a new review's row, tokens and first snapshot are written in one transaction. */
export function sqliteReviews(db: Database.Database): ReviewStore {
  const insertReview = db.prepare('INSERT INTO reviews (id, severity, created_at, space_id) VALUES (?, ?, ?, ?)');
  const insertToken = prepareInsertToken(db);
  const writeSnapshot = prepareWriteSnapshot(db);
  const getReview = db.prepare<[string], ReviewRow>(
    'SELECT id, severity, created_at, space_id FROM reviews WHERE id = ?',
  );

  const create = db.transaction((review: ReviewRecord, tokens: TokenRecord[], initialSnapshot: Uint8Array) => {
    insertReview.run(review.id, review.severity, review.createdAt, review.spaceId ?? null);
    for (const token of tokens) insertToken(token);
    writeSnapshot.run(review.id, Buffer.from(initialSnapshot), 0);
  });

  return {
    async createReview(review, tokens, initialSnapshot) {
      create(review, tokens, initialSnapshot);
    },
    async getReview(reviewId) {
      const row = getReview.get(reviewId);
      return row ? reviewRecord(row) : null;
    },
  };
}
