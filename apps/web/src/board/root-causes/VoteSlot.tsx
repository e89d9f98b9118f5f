import type { VotingState } from '@hindsight/review';
import { votesLabel } from './voting-view';

export interface VoteSlotProps {
  /** The candidate's title, for the buttons' accessible names. */
  title: string;
  voting: VotingState;
  /** Everyone's votes on this candidate once revealed; null while hidden. */
  tally: number | null;
  /** This participant's own votes on it; null for someone who does not vote (a viewer). */
  mine: number | null;
  canAdd: boolean;
  canWithdraw: boolean;
  onVote(delta: 1 | -1): void;
}

const MAX_DOTS = 10;

/**
 * The votes of one candidate: its tally once revealed (never who voted), this participant's own
 * votes as dots, and the buttons to add or withdraw one while voting is open.
 */
export function VoteSlot({ title, voting, tally, mine, canAdd, canWithdraw, onVote }: VoteSlotProps) {
  const name = `“${title.slice(0, 60)}”`;
  const ownVotes = mine !== null && voting !== 'not-started' ? mine : null;
  const showButtons = ownVotes !== null && (voting === 'open' || voting === 'closed');
  return (
    <div
      className={`rc__votes${tally !== null ? ' rc__votes--revealed' : ''}`}
      data-testid="root-cause-votes"
      role="group"
      aria-label="Votes"
    >
      {tally !== null && (
        <p className="rc__tally" data-testid="root-cause-tally" data-votes={tally}>
          <strong>{tally}</strong> {tally === 1 ? 'vote' : 'votes'}
        </p>
      )}
      {ownVotes !== null && (showButtons || ownVotes > 0) && (
        <div className="rc__mine">
          {showButtons && (
            <button
              type="button"
              className="rc__vote-button"
              aria-label={`Withdraw a vote from ${name}`}
              data-testid="vote-withdraw"
              disabled={!canWithdraw}
              onClick={() => onVote(-1)}
            >
              <span aria-hidden="true">−</span>
            </button>
          )}
          <span
            className="rc__dots"
            data-testid="own-votes"
            data-votes={ownVotes}
            role="img"
            aria-label={ownVotes === 0 ? 'None of your votes' : `Your votes: ${ownVotes}`}
          >
            {ownVotes === 0 ? (
              <span className="rc__dot rc__dot--empty" />
            ) : (
              Array.from({ length: Math.min(ownVotes, MAX_DOTS) }, (_, index) => (
                <span key={index} className="rc__dot" />
              ))
            )}
            {ownVotes > MAX_DOTS && <span className="rc__dots-more">+{ownVotes - MAX_DOTS}</span>}
          </span>
          {showButtons && (
            <button
              type="button"
              className="rc__vote-button"
              aria-label={`Add a vote to ${name}`}
              data-testid="vote-add"
              disabled={!canAdd}
              onClick={() => onVote(1)}
            >
              <span aria-hidden="true">+</span>
            </button>
          )}
        </div>
      )}
      {(tally === null || ownVotes !== null) && <p className="rc__votes-label">{slotLabel(voting, ownVotes)}</p>}
    </div>
  );
}

function slotLabel(voting: VotingState, ownVotes: number | null): string {
  if (voting === 'not-started') return 'Voting not started';
  if (ownVotes === null) return 'Hidden until revealed';
  return ownVotes === 0 ? 'No votes from you' : `Yours: ${votesLabel(ownVotes)}`;
}
