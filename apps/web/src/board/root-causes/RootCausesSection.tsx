import { useEffect, useMemo, useState } from 'react';
import type * as Y from 'yjs';
import { canWrite } from '@hindsight/protocol';
import {
  CATEGORY_LABELS,
  demoteRootCause,
  findingText,
  groupNameText,
  listFindings,
  listGroups,
  listRootCauses,
  observeFindingsLayout,
  rankCandidates,
  rootCausesFrozen,
  summariseRootCauses,
  type ReviewControl,
  type RootCauseSummary,
} from '@hindsight/review';
import type { SectionProps } from '../section';
import { useTextValue } from '../findings/use-bound-text';
import { useControl } from '../use-control';
import { useOwnVotes, type OwnVotes } from './use-own-votes';
import { VoteSlot } from './VoteSlot';
import { canAddVote, canWithdrawVote, strayVotes, turnoutLabel, votesLabel, votingStatus } from './voting-view';
import { useRoomConnections } from '../../collab/presence';
import { VotingToolbar } from './VotingToolbar';
import { RootCauseCoverage } from './RootCauseCoverage';
import { useTraceability, type Traceability } from '../use-traceability';
import './root-causes.css';

/**
 * Root-cause candidates: findings and groups promoted from the findings board, and the dot vote on
 * them. Votes are held by the server, not the document: each participant fetches only their own,
 * and the tallies reach the document (written by the server) only once the facilitator reveals them.
 */
export function RootCausesSection({ doc, provider, canEdit, session }: SectionProps) {
  const candidates = useRootCauses(doc);
  const traceability = useTraceability(doc);
  const control = useControl(doc);
  const canVote = canEdit && canWrite(session.role);
  const votes = useOwnVotes(doc, session, canVote);
  const ranked = useMemo(() => rankCandidates(candidates, control.tallies), [candidates, control.tallies]);
  const facilitates = canEdit && session.role === 'facilitator';
  const present = useRoomConnections(provider.awareness);
  // Everyone sees the turnout with the revealed tallies; the facilitator also while the round runs.
  const turnout = turnoutLabel(
    control.tallies !== null ? control.voters : facilitates && control.voting === 'open' ? votes.voters : null,
    present,
  );
  return (
    <section className="card root-causes" aria-labelledby="root-causes-heading" data-testid="root-causes-section">
      <header className="root-causes__head">
        <div className="root-causes__title">
          <h2 id="root-causes-heading">Root causes</h2>
          <p className={`rc-status rc-status--${control.voting}`} data-testid="voting-status" role="status">
            {votingStatus(control, canVote ? votes.remaining : null)}
          </p>
          {turnout && (
            <p className="hint" data-testid="voting-turnout">
              {control.votingRound > 1 && `Round ${control.votingRound}: `}
              {turnout}
            </p>
          )}
        </div>
        <p className="hint">
          Candidates promoted from the findings. Real incidents have several; the vote ranks where to invest first.
        </p>
        {canEdit && rootCausesFrozen(control.voting) && (
          <p className="hint" data-testid="candidates-frozen">
            {control.voting === 'locked'
              ? 'The ranking is final: the candidates can no longer change.'
              : 'The candidates are fixed while voting is under way: to promote or demote one, the facilitator first sets voting back to not started.'}
          </p>
        )}
        {facilitates && <VotingToolbar session={session} control={control} onError={votes.flash} />}
        {votes.message && (
          <p className="rc-message" data-testid="voting-message" role="alert">
            {votes.message}
          </p>
        )}
        {canVote && <StrayVotes candidates={candidates} control={control} votes={votes} />}
      </header>
      {candidates.length === 0 ? (
        <p className="root-causes__empty">
          No candidates yet.{' '}
          {canEdit
            ? 'Promote a finding or a group with its root-cause button (the target icon).'
            : 'They appear here when the team promotes findings.'}
        </p>
      ) : (
        <ol className={`root-causes__list${control.tallies !== null ? ' root-causes__list--ranked' : ''}`}>
          {ranked.map(({ candidate, tally, rank }) => (
            <RootCauseRow
              key={candidate.id}
              doc={doc}
              candidate={candidate}
              canEdit={canEdit}
              control={control}
              tally={tally}
              rank={rank}
              votes={canVote ? votes : null}
              traceability={traceability}
            />
          ))}
        </ol>
      )}
    </section>
  );
}

/** Candidates with their category and members, following promotions, moves and removals (not typing). */
function useRootCauses(doc: Y.Doc): RootCauseSummary[] {
  const read = () => summariseRootCauses(listRootCauses(doc), listFindings(doc), listGroups(doc));
  const [candidates, setCandidates] = useState(read);
  useEffect(() => {
    setCandidates(read());
    return observeFindingsLayout(doc, () => setCandidates(read()));
    // Deliberately only `doc`: `read` is rebuilt every render but reads nothing else.
  }, [doc]);
  return candidates;
}

interface RootCauseRowProps {
  doc: Y.Doc;
  candidate: RootCauseSummary;
  canEdit: boolean;
  control: ReviewControl;
  tally: number | null;
  rank: number | null;
  /** This participant's votes; null for someone who does not vote. */
  votes: OwnVotes | null;
  traceability: Traceability;
}

function RootCauseRow({ doc, candidate, canEdit, control, tally, rank, votes, traceability }: RootCauseRowProps) {
  const actionsById = useMemo(
    () => new Map(traceability.actions.map((action) => [action.id, action])),
    [traceability.actions],
  );
  const isGroup = candidate.target.kind === 'group';
  const text = useMemo(
    () => (isGroup ? groupNameText(doc, candidate.target.id) : findingText(doc, candidate.target.id)),
    [doc, isGroup, candidate.target.id],
  );
  const live = useTextValue(text);
  const title = (text ? live : candidate.text).trim() || (isGroup ? 'Unnamed group' : 'Empty note');
  return (
    <li
      className={`rc rc--${candidate.category}${rank !== null ? ' rc--ranked' : ''}`}
      data-testid="root-cause"
      data-root-cause-id={candidate.id}
    >
      {rank !== null && (
        <span className="rc__rank" data-testid="root-cause-rank" data-rank={rank}>
          <span className="visually-hidden">Rank </span>
          {rank}
        </span>
      )}
      <div className="rc__main">
        <p className="rc__meta">
          <span className="rc__category">{CATEGORY_LABELS[candidate.category]}</span>
          {isGroup && (
            <span className="rc__kind">
              Group · {candidate.findingIds.length} {candidate.findingIds.length === 1 ? 'note' : 'notes'}
            </span>
          )}
        </p>
        <p className="rc__text" data-testid="root-cause-text">
          {title}
        </p>
        {isGroup && candidate.findingIds.length > 0 && (
          <ul className="rc__members">
            {candidate.findingIds.map((findingId) => (
              <MemberLine key={findingId} doc={doc} findingId={findingId} />
            ))}
          </ul>
        )}
        <RootCauseCoverage
          doc={doc}
          candidateId={candidate.id}
          coverage={traceability.coverage.rootCauses.find((entry) => entry.rootCauseId === candidate.id)}
          weakness={traceability.rootCauses.find((entry) => entry.id === candidate.id)?.weakness}
          actionsById={actionsById}
          canEdit={canEdit}
        />
      </div>
      <VoteSlot
        title={title}
        voting={control.voting}
        tally={tally}
        mine={votes ? (votes.mine[candidate.id] ?? 0) : null}
        canAdd={votes !== null && canAddVote(control, votes.mine, votes.remaining, candidate.id)}
        canWithdraw={votes !== null && canWithdrawVote(control, votes.mine, candidate.id)}
        onVote={(delta) => void votes?.cast(candidate.id, delta)}
      />
      {canEdit && !rootCausesFrozen(control.voting) && (
        <button
          type="button"
          className="button button--secondary rc__demote"
          data-testid="root-cause-demote"
          aria-label={`Demote “${title.slice(0, 60)}”`}
          onClick={() => demoteRootCause(doc, candidate.target)}
        >
          Demote
        </button>
      )}
    </li>
  );
}

function MemberLine({ doc, findingId }: { doc: Y.Doc; findingId: string }) {
  const value = useTextValue(useMemo(() => findingText(doc, findingId), [doc, findingId]));
  return <li>{value.trim() || 'Empty note'}</li>;
}

/**
 * Own votes left on candidates that were demoted or deleted since: they still count against the
 * budget, so while voting is open the participant can take them back in one click.
 */
function StrayVotes({
  candidates,
  control,
  votes,
}: {
  candidates: readonly RootCauseSummary[];
  control: ReviewControl;
  votes: OwnVotes;
}) {
  const stray = useMemo(
    () => strayVotes(votes.mine, new Set(candidates.map((candidate) => candidate.id))),
    [votes.mine, candidates],
  );
  const count = stray.reduce((sum, [, n]) => sum + n, 0);
  if (count === 0 || control.voting !== 'open') return null;
  const withdraw = async () => {
    for (const [candidateId, n] of stray) for (let i = 0; i < n; i++) await votes.cast(candidateId, -1);
  };
  return (
    <p className="rc-stray">
      {votesLabel(count)} of yours {count === 1 ? 'is' : 'are'} on a candidate no longer listed.{' '}
      <button type="button" className="rc-stray__button" onClick={() => void withdraw()}>
        Withdraw {count === 1 ? 'it' : 'them'}
      </button>
    </p>
  );
}
