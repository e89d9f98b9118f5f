import type { AnonymityPolicy, Phase, ReleaseMode } from '@hindsight/review';

/** The phases in the order a review runs, as the stepper shows them. */
export const PHASE_STEPS: ReadonlyArray<{ phase: Phase; label: string; selectable: boolean }> = [
  { phase: 'timeline', label: 'Timeline', selectable: true },
  { phase: 'findings', label: 'Findings', selectable: true },
  { phase: 'group', label: 'Group', selectable: true },
  { phase: 'vote', label: 'Vote', selectable: true },
  { phase: 'actions', label: 'Action items', selectable: true },
  // Closing a review is more than a phase (it becomes read-only): it gets its own control.
  { phase: 'closed', label: 'Closed', selectable: false },
];

/** What each phase asks of the people in the review, for the stepper's tooltips. */
export const PHASE_PURPOSES: Record<Phase, string> = {
  timeline: 'Gather the timeline: what happened, when',
  findings: 'Write findings: what went well, what went wrong, where we got lucky',
  group: 'Group similar findings and pick root-cause candidates',
  vote: 'Vote on the root causes to invest in first',
  actions: 'Agree on action items with owners and due dates',
  closed: 'The review is closed',
};

/** The anonymity policy in a few words (the badge) and in one sentence (its explanation). */
export const POLICY_TEXT: Record<AnonymityPolicy, { label: string; explanation: string }> = {
  named: { label: 'Named findings', explanation: 'Each finding shows who wrote it.' },
  optional: {
    label: 'Anonymous optional',
    explanation: 'Each person chooses, finding by finding, whether it shows their name.',
  },
  anonymous: {
    label: 'Anonymous findings',
    explanation: 'No finding shows who wrote it, not even to the facilitator; people appear under pseudonyms.',
  },
};

/** How held anonymous findings reach the board, as the facilitator's release select words it. */
export const RELEASE_TEXT: Record<ReleaseMode, string> = {
  batch: 'Held until you reveal them',
  live: 'Live, after a random delay',
};
