import { describe, expect, it } from 'vitest';
import { CONTROL_DEFAULTS, type ReviewControl } from '@hindsight/review';
import { canAddVote, canWithdrawVote, strayVotes, turnoutLabel, votesLabel, votingStatus } from './voting-view';

const control = (fields: Partial<ReviewControl> = {}): ReviewControl => ({ ...CONTROL_DEFAULTS, ...fields });

describe('voting status', () => {
  it('names the state, and the budget left for someone who votes', () => {
    expect(votingStatus(control(), 3)).toBe('Voting not started');
    expect(votingStatus(control({ voting: 'open' }), 2)).toBe('Voting open · 2 of 3 votes left');
    expect(votingStatus(control({ voting: 'open' }), null)).toBe('Voting open');
    expect(votingStatus(control({ voting: 'open', votesPerCandidate: 2, tallies: {} }), 0)).toBe(
      'Voting open · 0 of 3 votes left · at most 2 per candidate',
    );
    expect(votingStatus(control({ voting: 'closed' }), 1)).toBe('Voting closed · tallies hidden until revealed');
    expect(votingStatus(control({ voting: 'closed', votesRevealed: true, tallies: {} }), 1)).toBe(
      'Voting closed · tallies revealed',
    );
    expect(votingStatus(control({ voting: 'locked', tallies: {} }), 0)).toBe('Final ranking (locked)');
  });

  it('counts votes in words', () => {
    expect([0, 1, 7].map(votesLabel)).toEqual(['0 votes', '1 vote', '7 votes']);
  });
});

describe('vote buttons', () => {
  const open = control({ voting: 'open', votesPerCandidate: 2 });

  it('allow adding only while open, within the budget and the cap per candidate', () => {
    expect(canAddVote(open, { 'finding:a': 1 }, 2, 'finding:a')).toBe(true);
    expect(canAddVote(open, { 'finding:a': 2 }, 1, 'finding:a')).toBe(false);
    expect(canAddVote(open, { 'finding:a': 2 }, 1, 'group:b')).toBe(true);
    expect(canAddVote(open, {}, 0, 'group:b')).toBe(false);
    expect(canAddVote(open, {}, null, 'group:b')).toBe(false);
    expect(canAddVote(control({ voting: 'closed' }), {}, 3, 'group:b')).toBe(false);
  });

  it('allow withdrawing only an own vote while open', () => {
    expect(canWithdrawVote(open, { 'finding:a': 1 }, 'finding:a')).toBe(true);
    expect(canWithdrawVote(open, { 'finding:a': 1 }, 'group:b')).toBe(false);
    expect(canWithdrawVote(control({ voting: 'locked' }), { 'finding:a': 1 }, 'finding:a')).toBe(false);
  });

  it('find own votes left on candidates no longer listed', () => {
    expect(strayVotes({ 'finding:a': 1, 'finding:gone': 2, 'group:x': 0 }, new Set(['finding:a']))).toEqual([
      ['finding:gone', 2],
    ]);
  });
});

describe('turnout', () => {
  it('says how many voted against how many are present, and nothing without a count of voters', () => {
    expect(turnoutLabel(3, 5)).toBe('3 voted · 5 present');
    expect(turnoutLabel(0, null)).toBe('0 voted');
    expect(turnoutLabel(null, 5)).toBeNull();
  });
});
