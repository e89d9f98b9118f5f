import type Database from 'better-sqlite3';
import type { ParticipantRecord, VoteChange, VoteLimits, VoteResult, VoteStore } from '../votes';

type ParticipantRow = {
  id: string;
  review_id: string;
  token_hash: string;
  role: string;
  link_id: string | null;
  created_at: string;
  personal: number | null;
};

/** Participants and their votes in the `participants` and `votes` tables. */
export function sqliteVotes(db: Database.Database): VoteStore {
  const insertParticipant = db.prepare(
    'INSERT INTO participants (id, review_id, token_hash, role, link_id, created_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  // One statement, so two racing first joins through one personal link cannot both insert.
  const insertFirstOfLink = db.prepare(
    `INSERT INTO participants (id, review_id, token_hash, role, link_id, created_at)
     SELECT ?, ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM participants WHERE link_id = ?)`,
  );
  // A participant whose link was revoked or has expired is no longer found: the identity lasts
  // only as long as the link it came through (participants from before link ids have none).
  const findParticipant = db.prepare<[string, string], ParticipantRow>(
    `SELECT p.id, p.review_id, p.token_hash, p.role, p.link_id, p.created_at, t.personal FROM participants p
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
  const countVoters = db.prepare<[string], { n: number }>(
    'SELECT COUNT(DISTINCT participant_id) AS n FROM votes WHERE review_id = ?',
  );
  const deleteVotes = db.prepare('DELETE FROM votes WHERE review_id = ?');
  const readResult = db.prepare<[string], { voters: number; tallies: string }>(
    'SELECT voters, tallies FROM vote_results WHERE review_id = ?',
  );
  const writeResult = db.prepare(
    `INSERT INTO vote_results (review_id, voters, tallies) VALUES (?, ?, ?)
     ON CONFLICT(review_id) DO UPDATE SET voters = excluded.voters, tallies = excluded.tallies`,
  );
  const deleteResult = db.prepare('DELETE FROM vote_results WHERE review_id = ?');

  const sealedResult = (reviewId: string): VoteResult | null => {
    const row = readResult.get(reviewId);
    return row ? { voters: row.voters, tallies: JSON.parse(row.tallies) as Record<string, number> } : null;
  };
  const liveTallies = (reviewId: string): Record<string, number> =>
    Object.fromEntries(tallies.all(reviewId).map((r) => [r.candidate_id, r.total]));

  // One IMMEDIATE transaction: no vote can land between the totals and the delete. Votes still in
  // the table (none, once voting is closed for the reveal) are added to a result already kept.
  const seal = db.transaction((reviewId: string): VoteResult => {
    const kept = sealedResult(reviewId) ?? { voters: 0, tallies: {} };
    const live = liveTallies(reviewId);
    const result: VoteResult = {
      voters: kept.voters + (countVoters.get(reviewId)?.n ?? 0),
      tallies: { ...kept.tallies },
    };
    for (const [candidateId, total] of Object.entries(live)) {
      result.tallies[candidateId] = (result.tallies[candidateId] ?? 0) + total;
    }
    writeResult.run(reviewId, result.voters, JSON.stringify(result.tallies));
    deleteVotes.run(reviewId);
    return result;
  });
  const reset = db.transaction((reviewId: string) => {
    deleteVotes.run(reviewId);
    deleteResult.run(reviewId);
  });

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
    async createParticipant(p, options) {
      const row = [p.id, p.reviewId, p.tokenHash, p.role, p.linkId, p.createdAt] as const;
      if (options?.onePerLink && p.linkId !== null) return insertFirstOfLink.run(...row, p.linkId).changes === 1;
      insertParticipant.run(...row);
      return true;
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
      return liveTallies(reviewId);
    },
    async countVoters(reviewId) {
      return countVoters.get(reviewId)?.n ?? 0;
    },
    async sealVotes(reviewId) {
      const result = seal.immediate(reviewId);
      // secure_delete zeroes the deleted rows in the file; the write-ahead log still holds page
      // images with them until checkpointed (as for anonymous findings' words).
      db.pragma('wal_checkpoint(TRUNCATE)');
      return result;
    },
    async sealedResult(reviewId) {
      return sealedResult(reviewId);
    },
    async resetVotes(reviewId) {
      reset.immediate(reviewId);
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
    personal: row.personal === 1,
    createdAt: row.created_at,
  };
}
