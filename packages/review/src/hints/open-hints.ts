/**
 * Where a review's writers see blameless-language hints, and how many are open in each part: the
 * facilitator's review-health view shows the counts (informational, never a reason not to close).
 * Hints are advice for writers; nothing here is stored, and the report shows none.
 */
import * as Y from 'yjs';
import { CONTEXT_FIELDS, NARRATIVE_SECTIONS } from '../schema';
import { listActions } from '../actions';
import { listFindings } from '../findings';
import { listGroups } from '../groups';
import { narrativeFragment } from '../narrative';
import { listRootCauses, summariseRootCauses } from '../root-causes';
import { listTimeline } from '../timeline';
import { blamelessHints } from './engine';
import type { BlamelessHint } from './types';

export const HINT_SECTIONS = ['timeline', 'findings', 'rootCauses', 'actions', 'narrative'] as const;
export type HintSection = (typeof HINT_SECTIONS)[number];

export const HINT_SECTION_LABELS: Record<HintSection, string> = {
  timeline: 'Timeline',
  findings: 'Findings',
  rootCauses: 'Root causes',
  actions: 'Action items',
  narrative: 'Narrative',
};

/** A leaf inline node (a hard break, a citation) in a narrative block: one character, as the editor counts it. */
export const NARRATIVE_LEAF = '\ufffc';

/**
 * The texts hints run on, by part of the review, each as its writers' fields see it: an event's
 * words and its context answers; a finding's words; a root cause's words (its finding's or its
 * group's name) and its accepted-risk reason; an action's title; each paragraph and heading of the
 * narrative (the editor's text blocks, a hard break or citation as one NARRATIVE_LEAF).
 */
export function hintedTexts(doc: Y.Doc): Record<HintSection, string[]> {
  const findings = listFindings(doc);
  const rootCauses = listRootCauses(doc);
  const summaries = summariseRootCauses(rootCauses, findings, listGroups(doc));
  return {
    timeline: listTimeline(doc).flatMap((event) => [
      event.text,
      ...(event.context ? CONTEXT_FIELDS.map((field) => event.context![field]) : []),
    ]),
    findings: findings.map((finding) => finding.text),
    rootCauses: [
      ...summaries.map((summary) => summary.text),
      ...rootCauses.flatMap((rootCause) => (rootCause.acceptedRisk ? [rootCause.acceptedRisk] : [])),
    ],
    actions: listActions(doc).map((action) => action.title),
    narrative: NARRATIVE_SECTIONS.flatMap((section) => textBlocks(narrativeFragment(doc, section))),
  };
}

function textBlocks(parent: Y.XmlFragment | Y.XmlElement): string[] {
  const blocks: string[] = [];
  for (const child of parent.toArray()) {
    if (!(child instanceof Y.XmlElement)) continue;
    if (child.nodeName === 'paragraph' || child.nodeName === 'heading') blocks.push(blockText(child));
    else blocks.push(...textBlocks(child));
  }
  return blocks.filter((text) => text.trim() !== '');
}

function blockText(block: Y.XmlElement): string {
  let text = '';
  for (const child of block.toArray()) {
    if (child instanceof Y.XmlText) {
      for (const op of child.toDelta() as { insert?: unknown }[]) if (typeof op.insert === 'string') text += op.insert;
    } else if (child instanceof Y.XmlElement) text += NARRATIVE_LEAF;
  }
  return text;
}

/** Keeps the hints of a text that are still open (not dismissed by this writer). */
export type OpenHintFilter = (text: string, hints: BlamelessHint[]) => BlamelessHint[];

/**
 * Open hints per part: for each text, its hints that `open` keeps (all of them by default).
 * `hintsOf` finds a text's hints (`blamelessHints` unless a caller memoises it).
 */
export function countOpenHints(
  texts: Record<HintSection, readonly string[]>,
  open: OpenHintFilter = (_text, hints) => hints,
  hintsOf: (text: string) => BlamelessHint[] = blamelessHints,
): Record<HintSection, number> {
  const counts = {} as Record<HintSection, number>;
  for (const section of HINT_SECTIONS) {
    counts[section] = texts[section].reduce((sum, text) => sum + open(text, hintsOf(text)).length, 0);
  }
  return counts;
}
