/**
 * The section's single subscription to the document. Reads are batched to one per animation
 * frame (a burst of remote updates costs one re-read), and every row's data keeps its identity
 * while unchanged, so memoised rows only re-render when their own action or links change.
 */
import { useEffect, useState } from 'react';
import type * as Y from 'yjs';
import type { Awareness } from 'y-protocols/awareness';
import {
  listActions,
  listFindings,
  listGroups,
  listRootCauses,
  observeReview,
  rootCauseFindingIds,
  summariseRootCauses,
  type RootCauseSummary,
} from '@hindsight/review';
import type { ActionItem, Finding, FindingCategory } from '@hindsight/review';
import type { PeerPresence } from '../../collab/presence';
import { localDateKey, sameAction } from './action-view';

/** A linked finding as a chip shows it. */
export interface LinkedFinding {
  id: string;
  text: string;
  category: FindingCategory;
  rootCause: boolean;
}

/** A linked root-cause candidate as a chip shows it. */
export interface LinkedRootCause {
  id: string;
  text: string;
}

export interface ActionsData {
  actions: ActionItem[];
  /** Linked findings of each action, by action id (a shared empty array when none). */
  links: ReadonlyMap<string, readonly LinkedFinding[]>;
  /** Root causes each action links to directly, by action id (a shared empty array when none). */
  rootCauseLinks: ReadonlyMap<string, readonly LinkedRootCause[]>;
}

const NO_LINKS: readonly LinkedFinding[] = Object.freeze([]);
const NO_ROOT_CAUSES: readonly LinkedRootCause[] = Object.freeze([]);

function readActions(doc: Y.Doc, previous: ActionsData | null): ActionsData {
  const previousById = new Map(previous?.actions.map((action) => [action.id, action]));
  let changed = previous === null;
  const actions = listActions(doc).map((next, index) => {
    const old = previousById.get(next.id);
    const kept = old && sameAction(old, next) ? old : next;
    if (kept !== previous?.actions[index]) changed = true;
    return kept;
  });
  if (previous && previous.actions.length !== actions.length) changed = true;

  const anyLinks = actions.some((action) => action.findingIds.length > 0 || action.rootCauseIds.length > 0);
  const findings: Finding[] = anyLinks ? listFindings(doc) : [];
  const candidates: RootCauseSummary[] = anyLinks
    ? summariseRootCauses(listRootCauses(doc), findings, listGroups(doc))
    : [];
  const candidateText = new Map(candidates.map((candidate) => [candidate.id, candidate.text]));
  const rootCauseLinks = new Map<string, readonly LinkedRootCause[]>();
  const findingsById = new Map(findings.map((finding) => [finding.id, finding]));
  const rootCauses = anyLinks ? rootCauseFindingIds(doc, findings) : new Set<string>();
  const links = new Map<string, readonly LinkedFinding[]>();
  for (const action of actions) {
    const linked: LinkedFinding[] = [];
    for (const id of action.findingIds) {
      const finding = findingsById.get(id);
      if (finding) linked.push({ id, text: finding.text, category: finding.category, rootCause: rootCauses.has(id) });
    }
    const old = previous?.links.get(action.id) ?? NO_LINKS;
    const same = old.length === linked.length && old.every((link, i) => sameLink(link, linked[i]!));
    if (!same) changed = true;
    links.set(action.id, same ? old : linked);
    const linkedCauses = action.rootCauseIds.flatMap((id) => {
      const text = candidateText.get(id);
      return text === undefined ? [] : [{ id, text }];
    });
    const oldCauses = previous?.rootCauseLinks.get(action.id) ?? NO_ROOT_CAUSES;
    const sameCauses =
      oldCauses.length === linkedCauses.length &&
      oldCauses.every((link, i) => link.id === linkedCauses[i]!.id && link.text === linkedCauses[i]!.text);
    if (!sameCauses) changed = true;
    rootCauseLinks.set(action.id, sameCauses ? oldCauses : linkedCauses);
  }
  return !changed && previous ? previous : { actions, links, rootCauseLinks };
}

function sameLink(a: LinkedFinding, b: LinkedFinding): boolean {
  return a.id === b.id && a.text === b.text && a.category === b.category && a.rootCause === b.rootCause;
}

/**
 * Calls `run` at most once per frame; a hidden tab (no frames) still gets it within 250 ms.
 * `now()` runs it at once: the local user's own changes re-render in the same event, so a
 * controlled checkbox or select never flips back for a frame after a click.
 */
export function frameBatcher(run: () => void): { schedule(): void; now(): void; cancel(): void } {
  let frame = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    cancelAnimationFrame(frame);
    clearTimeout(timer);
    frame = 0;
    timer = undefined;
    run();
  };
  return {
    schedule() {
      if (timer !== undefined) return;
      frame = requestAnimationFrame(flush);
      timer = setTimeout(flush, 250);
    },
    now: flush,
    cancel() {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    },
  };
}

/** All actions and their linked findings, kept current. */
export function useActionsData(doc: Y.Doc): ActionsData {
  const [data, setData] = useState<ActionsData>(() => readActions(doc, null));
  useEffect(() => {
    const batch = frameBatcher(() => setData((previous) => readActions(doc, previous)));
    batch.schedule();
    const stop = observeReview(doc, (tr) => (tr.local ? batch.now() : batch.schedule()));
    return () => {
      stop();
      batch.cancel();
    };
  }, [doc]);
  return data;
}

interface FindingsForPicker {
  findings: Finding[];
  /** Ids of the findings that are root causes or in one. */
  rootCauses: ReadonlySet<string>;
  /** The root-cause candidates, in promotion order. */
  candidates: RootCauseSummary[];
}

/** All findings, which of them are root causes, and the candidates, kept current (for the link picker while open). */
export function useFindings(doc: Y.Doc): FindingsForPicker {
  const [state, setState] = useState(() => readFindings(doc));
  useEffect(() => {
    const batch = frameBatcher(() => setState(readFindings(doc)));
    const stop = observeReview(doc, (tr) => (tr.local ? batch.now() : batch.schedule()));
    return () => {
      stop();
      batch.cancel();
    };
  }, [doc]);
  return state;
}

function readFindings(doc: Y.Doc): FindingsForPicker {
  const findings = listFindings(doc);
  return {
    findings,
    rootCauses: rootCauseFindingIds(doc, findings),
    candidates: summariseRootCauses(listRootCauses(doc), findings, listGroups(doc)),
  };
}

const NO_EDITORS: readonly PeerPresence[] = Object.freeze([]);
export const ACTION_TARGET_PREFIX = 'action:';

/**
 * Who else is editing which action, by action id. Re-renders only when that mapping changes,
 * not on every awareness update (carets in the narrative change awareness many times a second).
 */
export function useActionEditors(awareness: Awareness | null): (actionId: string) => readonly PeerPresence[] {
  const [state, setState] = useState<{ key: string; byAction: Map<string, PeerPresence[]> }>({
    key: '',
    byAction: new Map(),
  });
  useEffect(() => {
    if (!awareness) return;
    const read = () => {
      const byAction = new Map<string, PeerPresence[]>();
      awareness.getStates().forEach((raw, clientId) => {
        if (clientId === awareness.clientID) return;
        const peer = raw as { user?: { name?: unknown; color?: unknown }; editing?: unknown };
        if (typeof peer.editing !== 'string' || !peer.editing.startsWith(ACTION_TARGET_PREFIX)) return;
        const name = typeof peer.user?.name === 'string' ? peer.user.name : 'Someone';
        const color = typeof peer.user?.color === 'string' ? peer.user.color : '#888888';
        const actionId = peer.editing.slice(ACTION_TARGET_PREFIX.length);
        const list = byAction.get(actionId) ?? [];
        list.push({ clientId, user: { name, color }, editing: peer.editing });
        byAction.set(actionId, list);
      });
      for (const list of byAction.values())
        list.sort((a, b) => a.user.name.localeCompare(b.user.name) || a.clientId - b.clientId);
      const key = [...byAction]
        .map(([id, list]) => `${id}=${list.map((p) => `${p.clientId}/${p.user.name}/${p.user.color}`).join(',')}`)
        .sort()
        .join(';');
      setState((previous) => (previous.key === key ? previous : { key, byAction }));
    };
    read();
    awareness.on('change', read);
    return () => awareness.off('change', read);
  }, [awareness]);
  const { byAction } = state;
  return (actionId) => byAction.get(actionId) ?? NO_EDITORS;
}

/** Today's date in the viewer's zone, updated when the day changes. */
export function useToday(): string {
  const [today, setToday] = useState(localDateKey);
  useEffect(() => {
    const timer = setInterval(() => setToday(localDateKey()), 60_000);
    return () => clearInterval(timer);
  }, []);
  return today;
}
