import type { ReviewControl } from '@hindsight/review';

/** "1 vote", "7 votes". */
export function votesLabel(count: number): string {
  return `${count} ${count === 1 ? 'vote' : 'votes'}`;
}

/** Votes a participant has placed in all. */
export function votesUsed(mine: Readonly<Record<string, number>>): number {
  return Object.values(mine).reduce((sum, count) => sum + count, 0);
}

/**
 * The one-line voting status shown to everyone at the top of the section. `remaining` is this
 * participant's unused budget, or null for someone who does not vote (a viewer) or before it loaded.
 */
export function votingStatus(control: ReviewControl, remaining: number | null): string {
  // Tallies show only while voting is closed or locked (the server closes an open vote to reveal it).
  const revealed = control.tallies !== null;
  switch (control.voting) {
    case 'not-started':
      return 'Voting not started';
    case 'open': {
      const parts = ['Voting open'];
      if (remaining !== null) parts.push(`${remaining} of ${control.votesPerPerson} votes left`);
      if (control.votesPerCandidate !== null) parts.push(`at most ${control.votesPerCandidate} per candidate`);
      return parts.join(' · ');
    }
    case 'closed':
      return revealed ? 'Voting closed · tallies revealed' : 'Voting closed · tallies hidden until revealed';
    case 'locked':
      return 'Final ranking (locked)';
  }
}

/**
 * How many people voted against how many are connected ("3 voted · 5 present"), or null when there
 * is nothing to show: everyone sees it with the revealed tallies, the facilitator during the round.
 */
export function turnoutLabel(voters: number | null, present: number | null): string | null {
  if (voters === null) return null;
  const voted = `${voters} voted`;
  return present === null ? voted : `${voted} · ${present} present`;
}

/** Whether this participant may add one more vote to `candidateId` (the server decides in the end). */
export function canAddVote(
  control: ReviewControl,
  mine: Readonly<Record<string, number>>,
  remaining: number | null,
  candidateId: string,
): boolean {
  if (control.voting !== 'open' || remaining === null || remaining <= 0) return false;
  return control.votesPerCandidate === null || (mine[candidateId] ?? 0) < control.votesPerCandidate;
}

/** Whether this participant may withdraw a vote from `candidateId`. */
export function canWithdrawVote(control: ReviewControl, mine: Readonly<Record<string, number>>, candidateId: string) {
  return control.voting === 'open' && (mine[candidateId] ?? 0) > 0;
}

/** This participant's votes on candidates no longer listed (demoted or deleted since), by candidate. */
export function strayVotes(
  mine: Readonly<Record<string, number>>,
  listedIds: ReadonlySet<string>,
): Array<[string, number]> {
  return Object.entries(mine).filter(([id, count]) => count > 0 && !listedIds.has(id));
}
