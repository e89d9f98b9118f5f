import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  applyControlPatch,
  beginVotingRound,
  CONTROL_DEFAULTS,
  observeControl,
  readControl,
  writeTallies,
  writeVoters,
} from './control';
import { setTitle } from './meta';
import { controlMap, SERVER_OWNED_ROOTS } from './doc';
import { newReview } from './testing/docs';
import { ReviewInputError } from './validate';

describe('review controls', () => {
  it('read as the defaults before the facilitator changes any', () => {
    expect(readControl(newReview())).toEqual(CONTROL_DEFAULTS);
  });

  it('apply a validated patch in one transaction', () => {
    const doc = newReview();
    let updates = 0;
    doc.on('update', () => updates++);
    applyControlPatch(doc, {
      anonymity: 'anonymous',
      phase: 'vote',
      phaseEndsAt: '2026-03-14T15:00:00+01:00',
      votesPerPerson: 5,
      votesPerCandidate: 2,
      voting: 'open',
      votesRevealed: true,
      personalVotesOnly: true,
      release: 'live',
    });
    expect(updates).toBe(1);
    expect(readControl(doc)).toEqual({
      anonymity: 'anonymous',
      phase: 'vote',
      phaseEndsAt: '2026-03-14T14:00:00.000Z',
      votesPerPerson: 5,
      votesPerCandidate: 2,
      voting: 'open',
      votesRevealed: true,
      votingRound: 1,
      personalVotesOnly: true,
      release: 'live',
      tallies: null,
      voters: null,
      status: 'live',
      closedAt: null,
      closedBy: null,
    });
    applyControlPatch(doc, { phaseEndsAt: null, votesPerCandidate: null });
    expect(readControl(doc)).toMatchObject({ phaseEndsAt: null, votesPerCandidate: null, votesPerPerson: 5 });
  });

  it('publish tallies as one value that reads back clean, and withdraw them', () => {
    const doc = newReview();
    writeTallies(doc, { 'finding:a': 3, 'group:b': 1 });
    expect(readControl(doc).tallies).toEqual({ 'finding:a': 3, 'group:b': 1 });
    controlMap(doc).set('tallies', { 'finding:a': -1, 'group:b': 2.5, 'group:c': 'x', 'finding:d': 4 });
    expect(readControl(doc).tallies).toEqual({ 'finding:d': 4 });
    writeTallies(doc, null);
    expect(readControl(doc).tallies).toBeNull();
  });

  it('start a new round from zero: the round counts up and the last round’s result is withdrawn', () => {
    const doc = newReview();
    applyControlPatch(doc, { voting: 'closed', votesRevealed: true });
    writeTallies(doc, { 'finding:a': 2 });
    writeVoters(doc, 2);
    expect(readControl(doc)).toMatchObject({ votingRound: 1, voters: 2, tallies: { 'finding:a': 2 } });
    beginVotingRound(doc);
    expect(readControl(doc)).toMatchObject({ votingRound: 2, voters: null, tallies: null, votesRevealed: false });
    controlMap(doc).set('votingRound', 0);
    controlMap(doc).set('voters', -1);
    expect(readControl(doc)).toMatchObject({ votingRound: 1, voters: null });
  });

  it('are observed on their own: a change of controls is reported with its keys, other edits are not', () => {
    const doc = newReview();
    const seen: string[][] = [];
    const stop = observeControl(doc, (keys) => seen.push([...keys].sort()));
    setTitle(doc, 'Something else');
    applyControlPatch(doc, { phase: 'vote', votesPerPerson: 5 });
    writeTallies(doc, { 'finding:a': 1 });
    stop();
    applyControlPatch(doc, { phase: 'actions' });
    expect(seen).toEqual([['phase', 'votesPerPerson'], ['tallies']]);
  });

  it('refuse bad values and change nothing', () => {
    const doc = newReview();
    expect(() => applyControlPatch(doc, { anonymity: 'secret' as never })).toThrow(ReviewInputError);
    expect(() => applyControlPatch(doc, { phase: 'done' as never })).toThrow(ReviewInputError);
    expect(() => applyControlPatch(doc, { phase: 'closed' })).toThrow(ReviewInputError);
    for (const votes of [0, 21, 1.5])
      expect(() => applyControlPatch(doc, { votesPerPerson: votes })).toThrow(ReviewInputError);
    expect(() => applyControlPatch(doc, { votesPerPerson: 4, phaseEndsAt: 'soon' })).toThrow(ReviewInputError);
    expect(() => applyControlPatch(doc, { voting: 'paused' as never })).toThrow(ReviewInputError);
    expect(() => applyControlPatch(doc, { votesRevealed: 'yes' as never })).toThrow(ReviewInputError);
    expect(readControl(doc)).toEqual(CONTROL_DEFAULTS);
  });

  it('read malformed stored values as defaults', () => {
    const doc = newReview();
    const control = controlMap(doc);
    control.set('anonymity', { evil: true });
    control.set('votesPerPerson', 1000);
    control.set('phase', new Y.Map());
    control.set('phaseEndsAt', 'tomorrow');
    control.set('voting', 'maybe');
    control.set('votesRevealed', 'true');
    expect(readControl(doc)).toEqual(CONTROL_DEFAULTS);
  });

  it('live in the root the sync server treats as server-owned', () => {
    expect(SERVER_OWNED_ROOTS).toEqual(['control', 'anonymous']);
  });
});
