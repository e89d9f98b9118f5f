import type postgres from 'postgres';
import type { ParticipantRecord, VoteChange, VoteLimits, VoteResult, VoteStore } from '../votes';

type ParticipantRow = {
  id: string;
  review_id: string;
  token_hash: string;
  role: string;
  link_id: string | null;
  created_at: string;
  personal: boolean | null;
};

type Tx = postgres.Sql;

/**
 * Participants and their votes in the `participants` and `votes` tables. Every read-then-write runs
 * in one transaction holding a row lock, so it is one step across connections and instances:
 * a vote change locks its participant's row; sealing and resetting lock the review's row against
 * the vote changes, which hold a KEY SHARE lock on it (that lock does not block appends, which only
 * update the review's `last_seq`).
 */
export function postgresVotes(sql: postgres.Sql): VoteStore {
  const readVotes = async (tx: Tx, reviewId: string, participantId: string): Promise<Record<string, number>> => {
    const rows = await tx<Array<{ candidate_id: string; count: number }>>`
      SELECT candidate_id, count FROM votes WHERE review_id = ${reviewId} AND participant_id = ${participantId}`;
    return Object.fromEntries(rows.map((r) => [r.candidate_id, r.count]));
  };
  const liveTallies = async (tx: Tx, reviewId: string): Promise<Record<string, number>> => {
    const rows = await tx<Array<{ candidate_id: string; total: number }>>`
      SELECT candidate_id, SUM(count)::int AS total FROM votes WHERE review_id = ${reviewId} GROUP BY candidate_id`;
    return Object.fromEntries(rows.map((r) => [r.candidate_id, r.total]));
  };
  const countVoters = async (tx: Tx, reviewId: string): Promise<number> => {
    const [row] = await tx<[{ n: number }]>`
      SELECT COUNT(DISTINCT participant_id)::int AS n FROM votes WHERE review_id = ${reviewId}`;
    return row.n;
  };
  const sealedResult = async (tx: Tx, reviewId: string): Promise<VoteResult | null> => {
    const [row] = await tx<Array<{ voters: number; tallies: Record<string, number> }>>`
      SELECT voters, tallies FROM vote_results WHERE review_id = ${reviewId}`;
    return row ? { voters: row.voters, tallies: row.tallies } : null;
  };
  const inTransaction = <T>(work: (tx: Tx) => Promise<T>): Promise<T> =>
    sql.begin((t) => work(t as unknown as Tx)) as Promise<T>;

  const change = (
    tx: Tx,
    reviewId: string,
    participantId: string,
    candidateId: string,
    delta: 1 | -1,
    limits: VoteLimits,
  ): Promise<VoteChange> =>
    (async () => {
      await tx`SELECT 1 FROM reviews WHERE id = ${reviewId} FOR KEY SHARE`;
      // The budget's lock: racing changes of one participant queue here, each reading what the last wrote.
      await tx`SELECT 1 FROM participants WHERE id = ${participantId} FOR UPDATE`;
      const mine = await readVotes(tx, reviewId, participantId);
      const onCandidate = mine[candidateId] ?? 0;
      const total = Object.values(mine).reduce((sum, n) => sum + n, 0);
      if (delta === 1) {
        if (total >= limits.perPerson) return { ok: false, reason: 'budget_exhausted', mine };
        if (limits.perCandidate !== null && onCandidate >= limits.perCandidate) {
          return { ok: false, reason: 'candidate_cap', mine };
        }
        await tx`INSERT INTO votes (review_id, participant_id, candidate_id, count)
                 VALUES (${reviewId}, ${participantId}, ${candidateId}, 1)
                 ON CONFLICT (review_id, participant_id, candidate_id) DO UPDATE SET count = votes.count + 1`;
      } else {
        if (onCandidate === 0) return { ok: false, reason: 'nothing_to_withdraw', mine };
        if (onCandidate === 1) {
          await tx`DELETE FROM votes WHERE review_id = ${reviewId} AND participant_id = ${participantId}
                   AND candidate_id = ${candidateId}`;
        } else {
          await tx`UPDATE votes SET count = count - 1 WHERE review_id = ${reviewId}
                   AND participant_id = ${participantId} AND candidate_id = ${candidateId}`;
        }
      }
      return { ok: true, mine: await readVotes(tx, reviewId, participantId) };
    })();

  return {
    async createParticipant(p, options) {
      if (!(options?.onePerLink && p.linkId !== null)) {
        await sql`INSERT INTO participants (id, review_id, token_hash, role, link_id, created_at)
                  VALUES (${p.id}, ${p.reviewId}, ${p.tokenHash}, ${p.role}, ${p.linkId}, ${p.createdAt})`;
        return true;
      }
      const linkId = p.linkId;
      // The link's row lock makes "nobody joined through it yet" and the insert one step.
      return inTransaction(async (tx) => {
        await tx`SELECT 1 FROM tokens WHERE id = ${linkId} FOR UPDATE`;
        const inserted = await tx`
          INSERT INTO participants (id, review_id, token_hash, role, link_id, created_at)
          SELECT ${p.id}, ${p.reviewId}, ${p.tokenHash}, ${p.role}, ${linkId}, ${p.createdAt}
          WHERE NOT EXISTS (SELECT 1 FROM participants WHERE link_id = ${linkId})`;
        return inserted.count === 1;
      });
    },
    async findParticipant(tokenHash, now = new Date().toISOString()) {
      // An identity lasts only as long as the link it came through (participants from before link ids have none).
      const [row] = await sql<ParticipantRow[]>`
        SELECT p.id, p.review_id, p.token_hash, p.role, p.link_id, p.created_at, t.personal FROM participants p
        LEFT JOIN tokens t ON t.id = p.link_id
        WHERE p.token_hash = ${tokenHash} AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > ${now})`;
      return row ? participantRecord(row) : null;
    },
    changeVote(reviewId, participantId, candidateId, delta, limits) {
      return inTransaction((tx) => change(tx, reviewId, participantId, candidateId, delta, limits));
    },
    votesOf: (reviewId, participantId) => readVotes(sql, reviewId, participantId),
    voteTallies: (reviewId) => liveTallies(sql, reviewId),
    countVoters: (reviewId) => countVoters(sql, reviewId),
    async sealVotes(reviewId) {
      const result = await inTransaction(async (tx) => {
        // No vote change can land between the totals and the delete.
        await tx`SELECT 1 FROM reviews WHERE id = ${reviewId} FOR UPDATE`;
        const kept = (await sealedResult(tx, reviewId)) ?? { voters: 0, tallies: {} };
        const live = await liveTallies(tx, reviewId);
        const sealed: VoteResult = {
          voters: kept.voters + (await countVoters(tx, reviewId)),
          tallies: { ...kept.tallies },
        };
        for (const [candidateId, total] of Object.entries(live)) {
          sealed.tallies[candidateId] = (sealed.tallies[candidateId] ?? 0) + total;
        }
        await tx`INSERT INTO vote_results (review_id, voters, tallies)
                 VALUES (${reviewId}, ${sealed.voters}, ${tx.json(sealed.tallies)})
                 ON CONFLICT (review_id) DO UPDATE SET voters = excluded.voters, tallies = excluded.tallies`;
        await tx`DELETE FROM votes WHERE review_id = ${reviewId}`;
        return sealed;
      });
      // The deleted rows stay as dead tuples until VACUUM (PostgreSQL's nearest to SQLite's
      // secure_delete + WAL truncation; see docs/SECURITY.md for what the WAL still keeps).
      await sql`VACUUM (TRUNCATE false) votes`;
      return result;
    },
    sealedResult: (reviewId) => sealedResult(sql, reviewId),
    async resetVotes(reviewId) {
      await inTransaction(async (tx) => {
        await tx`SELECT 1 FROM reviews WHERE id = ${reviewId} FOR UPDATE`;
        await tx`DELETE FROM votes WHERE review_id = ${reviewId}`;
        await tx`DELETE FROM vote_results WHERE review_id = ${reviewId}`;
      });
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
    personal: row.personal === true,
    createdAt: row.created_at,
  };
}
