import type Database from 'better-sqlite3';
import type { ParticipantRecord, VoteChange, VoteLimits, VoteStore } from '../votes';

type ParticipantRow = {
  id: string;
  review_id: string;
  token_hash: string;
  role: string;
  link_id: string | null;
  created_at: string;
};

/** Participants and their votes in the `participants` and `votes` tables. */
export function sqliteVotes(db: Database.Database): VoteStore {
  const insertParticipant = db.prepare(
    'INSERT INTO participants (id, review_id, token_hash, role, link_id, created_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  // A participant whose link was revoked or has expired is no longer found: the identity lasts
  // only as long as the link it came through (participants from before link ids have none).
  const findParticipant = db.prepare<[string, string], ParticipantRow>(
    `SELECT p.id, p.review_id, p.token_hash, p.role, p.link_id, p.created_at FROM participants p
     LEFT JOIN tokens t ON t.id = p.link_id
     WHERE p.token_hash = ? AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > ?)`,
  );
  const votesOf = db.prepare<[string, string], { candidate_id: string; count: number }>(
    'SELECT candidate_id, count FROM votes WHERE review_id = ? AND participant_id = ?',
  );
  const upsertVote = db.prepare(
    `INSERT INTO votes (review_id, participant_id, candidate_id, count) VALUES (?, ?, ?, 1)
     ON CONFLICT(review_id, participant_id, candidate_id) DO UPDATE SET count = count + 1`,
  );
  const decrementVote = db.prepare(
    'UPDATE votes SET count = count - 1 WHERE review_id = ? AND participant_id = ? AND candidate_id = ?',
  );
  const deleteVote = db.prepare('DELETE FROM votes WHERE review_id = ? AND participant_id = ? AND candidate_id = ?');
  const tallies = db.prepare<[string], { candidate_id: string; total: number }>(
    'SELECT candidate_id, SUM(count) AS total FROM votes WHERE review_id = ? GROUP BY candidate_id',
  );
  const resetVotes = db.prepare('DELETE FROM votes WHERE review_id = ?');

  const readVotes = (reviewId: string, participantId: string): Record<string, number> =>
    Object.fromEntries(votesOf.all(reviewId, participantId).map((r) => [r.candidate_id, r.count]));

  // Run IMMEDIATE (see `changeVote`): it takes the write lock first, so the budget is read and
  // changed as one step even with several server processes on one file.
  const change = db.transaction(
    (reviewId: string, participantId: string, candidateId: string, delta: 1 | -1, limits: VoteLimits): VoteChange => {
      const mine = readVotes(reviewId, participantId);
      const onCandidate = mine[candidateId] ?? 0;
      const total = Object.values(mine).reduce((sum, n) => sum + n, 0);
      if (delta === 1) {
        if (total >= limits.perPerson) return { ok: false, reason: 'budget_exhausted', mine };
        if (limits.perCandidate !== null && onCandidate >= limits.perCandidate) {
          return { ok: false, reason: 'candidate_cap', mine };
        }
        upsertVote.run(reviewId, participantId, candidateId);
      } else {
        if (onCandidate === 0) return { ok: false, reason: 'nothing_to_withdraw', mine };
        if (onCandidate === 1) deleteVote.run(reviewId, participantId, candidateId);
        else decrementVote.run(reviewId, participantId, candidateId);
      }
      return { ok: true, mine: readVotes(reviewId, participantId) };
    },
  );

  return {
    async createParticipant(p) {
      insertParticipant.run(p.id, p.reviewId, p.tokenHash, p.role, p.linkId, p.createdAt);
    },
    async findParticipant(tokenHash, now = new Date().toISOString()) {
      const row = findParticipant.get(tokenHash, now);
      return row ? participantRecord(row) : null;
    },
    async changeVote(reviewId, participantId, candidateId, delta, limits) {
      return change.immediate(reviewId, participantId, candidateId, delta, limits);
    },
    async votesOf(reviewId, participantId) {
      return readVotes(reviewId, participantId);
    },
    async voteTallies(reviewId) {
      return Object.fromEntries(tallies.all(reviewId).map((r) => [r.candidate_id, r.total]));
    },
    async resetVotes(reviewId) {
      resetVotes.run(reviewId);
    },
  };
}

function participantRecord(row: ParticipantRow): ParticipantRecord {
  return {
    id: row.id,
    reviewId: row.review_id,
    tokenHash: row.token_hash,
    role: row.role as ParticipantRecord['role'],
    linkId: row.link_id,
    createdAt: row.created_at,
  };
}
