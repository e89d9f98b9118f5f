import * as Y from 'yjs';
import { ACTION_PRIORITIES, ACTION_STATUSES, ACTION_TYPES } from './schema';
import type { ActionItem, ActionPriority, ActionStatus, ActionType, Weakness } from './schema';
import { actionsArray, enumOr, findEntry, findingsArray, requireEntry, stringOr, wellFormedEntries } from './doc';
import { listRootCauses } from './candidates';
import { checkWeakness, readWeakness, writeWeakness } from './weakness';
import { newId } from './ids';
import { createText, readText, writeTextField } from './text';
import {
  checkDueDate,
  checkEnum,
  checkId,
  checkObject,
  checkString,
  isDueDate,
  REVIEW_LIMITS,
  ReviewInputError,
} from './validate';

/** Defaults of the optional fields of `addAction`, also used when a stored field is malformed. */
export const ACTION_DEFAULTS = {
  owner: '',
  due: '',
  status: 'open',
  priority: 'P2',
  type: 'prevent',
  progress: '',
} as const satisfies Omit<ActionItem, 'id' | 'title' | 'findingIds' | 'rootCauseIds' | 'weakness'>;

/**
 * The follow-through fields: what stays editable on an action item after the review is closed, and
 * all a follow-up link may change (the sync server enforces both at the wire). Each is a plain value
 * of the action's map, so a change to one is one map entry.
 */
export const FOLLOW_UP_FIELDS = ['status', 'owner', 'due', 'progress'] as const;
export type FollowUpField = (typeof FOLLOW_UP_FIELDS)[number];

/** A change to the follow-through fields of one action (see `updateAction`). */
export type FollowUpPatch = Partial<Pick<ActionInput, 'status' | 'owner' | 'due' | 'progress'>>;

/** Whether `value` is a valid value of the follow-through field `key` (as `updateAction` would write it). */
export function isFollowUpValue(key: string, value: unknown): boolean {
  if (!(FOLLOW_UP_FIELDS as readonly string[]).includes(key)) return false;
  try {
    checkActionFields({ [key]: value });
    return true;
  } catch (err) {
    if (err instanceof ReviewInputError) return false;
    throw err;
  }
}

/** Input of `addAction`; only the title is required. */
export interface ActionInput {
  title: string;
  owner?: string;
  /** YYYY-MM-DD, or '' for no due date. */
  due?: string;
  status?: ActionStatus;
  priority?: ActionPriority;
  type?: ActionType;
  /** Findings this action addresses; each must exist. */
  findingIds?: string[];
  /** Root-cause candidates (candidate ids) this action addresses; each must be listed. */
  rootCauseIds?: string[];
  /** The systemic weakness it fixes; null or absent for none. */
  weakness?: Weakness | null;
  /** How the fix is going: a short plain-text note. */
  progress?: string;
}

/** Fields `updateAction` may change; links change through the link and unlink functions. */
export type ActionPatch = Partial<Omit<ActionInput, 'findingIds' | 'rootCauseIds'>>;

/** Appends an action item and returns its new id. */
export function addAction(doc: Y.Doc, input: ActionInput): string {
  checkObject('action', input);
  const title = checkString('title', input.title, REVIEW_LIMITS.titleMaxLength);
  const fields = checkActionFields(input);
  const findingIds = [...new Set((input.findingIds ?? []).map((findingId) => checkId('finding id', findingId)))];
  const findings = findingsArray(doc);
  for (const findingId of findingIds) requireEntry(findings, findingId, 'finding');
  const rootCauseIds = [
    ...new Set((input.rootCauseIds ?? []).map((candidateId) => checkId('root cause id', candidateId))),
  ];
  for (const candidateId of rootCauseIds) requireRootCause(doc, candidateId);
  const id = newId();
  const action = new Y.Map<unknown>();
  action.set('id', id);
  action.set('title', createText(title));
  action.set('owner', fields.owner ?? ACTION_DEFAULTS.owner);
  action.set('due', fields.due ?? ACTION_DEFAULTS.due);
  action.set('status', fields.status ?? ACTION_DEFAULTS.status);
  action.set('priority', fields.priority ?? ACTION_DEFAULTS.priority);
  action.set('type', fields.type ?? ACTION_DEFAULTS.type);
  action.set('progress', fields.progress ?? ACTION_DEFAULTS.progress);
  action.set('findingIds', Y.Array.from(findingIds));
  action.set('rootCauseIds', Y.Array.from(rootCauseIds));
  if (fields.weakness) action.set('weakness', fields.weakness);
  actionsArray(doc).push([action]);
  return id;
}

/** Changes the given fields of one action in one transaction; title by minimal diff. */
export function updateAction(doc: Y.Doc, id: string, patch: ActionPatch): void {
  checkObject('patch', patch);
  const title = patch.title === undefined ? undefined : checkString('title', patch.title, REVIEW_LIMITS.titleMaxLength);
  const fields = checkActionFields(patch);
  const { map } = requireEntry(actionsArray(doc), checkId('id', id), 'action');
  doc.transact(() => {
    if (title !== undefined) writeTextField(map, 'title', title);
    const { weakness, ...scalars } = fields;
    for (const [key, value] of Object.entries(scalars)) if (value !== undefined) map.set(key, value);
    if (weakness !== undefined) writeWeakness(map, weakness);
  });
}

/** Links an action to a finding it addresses; linking twice is a no-op. */
export function linkActionToFinding(doc: Y.Doc, actionId: string, findingId: string): void {
  const { map } = requireEntry(actionsArray(doc), checkId('action id', actionId), 'action');
  requireEntry(findingsArray(doc), checkId('finding id', findingId), 'finding');
  addLink(doc, map, 'findingIds', findingId);
}

/** Removes a link between an action and a finding; unlinking a finding that is not linked is a no-op. */
export function unlinkActionFromFinding(doc: Y.Doc, actionId: string, findingId: string): void {
  const { map } = requireEntry(actionsArray(doc), checkId('action id', actionId), 'action');
  checkId('finding id', findingId);
  const links = map.get('findingIds');
  if (links instanceof Y.Array) doc.transact(() => removeAll(links, findingId));
}

/**
 * Links an action to a root-cause candidate it addresses (a candidate id from `listRootCauses`);
 * linking twice is a no-op. The candidate must be listed: demoted, or its finding or group removed,
 * it cannot be linked.
 */
export function linkActionToRootCause(doc: Y.Doc, actionId: string, rootCauseId: string): void {
  const { map } = requireEntry(actionsArray(doc), checkId('action id', actionId), 'action');
  requireRootCause(doc, checkId('root cause id', rootCauseId));
  addLink(doc, map, 'rootCauseIds', rootCauseId);
}

/** Removes a link between an action and a root-cause candidate; a no-op when not linked. */
export function unlinkActionFromRootCause(doc: Y.Doc, actionId: string, rootCauseId: string): void {
  const { map } = requireEntry(actionsArray(doc), checkId('action id', actionId), 'action');
  checkId('root cause id', rootCauseId);
  const links = map.get('rootCauseIds');
  if (links instanceof Y.Array) doc.transact(() => removeAll(links, rootCauseId));
}

function addLink(doc: Y.Doc, map: Y.Map<unknown>, key: 'findingIds' | 'rootCauseIds', id: string): void {
  doc.transact(() => {
    const links = map.get(key);
    if (!(links instanceof Y.Array)) {
      // Create the list (an action from before root-cause links) or repair a malformed one, keeping
      // whatever string ids it held.
      const kept = Array.isArray(links) ? links.filter((value): value is string => typeof value === 'string') : [];
      map.set(key, Y.Array.from([...new Set([...kept, id])]));
      return;
    }
    if (!links.toArray().includes(id)) links.push([id]);
  });
}

function requireRootCause(doc: Y.Doc, rootCauseId: string): void {
  if (!listRootCauses(doc).some((candidate) => candidate.id === rootCauseId))
    throw new ReviewInputError(`unknown root cause id ${JSON.stringify(rootCauseId)}`);
}

/** Removes one action item. */
export function removeAction(doc: Y.Doc, id: string): void {
  const actions = actionsArray(doc);
  const { index } = requireEntry(actions, checkId('id', id), 'action');
  actions.delete(index, 1);
}

/**
 * All actions in stored order. `findingIds` and `rootCauseIds` are deduplicated (two people may link
 * the same one at once) and list only findings and candidates that still exist (one may be removed
 * or demoted while someone links it, and a forged id names nothing): every replica with the same
 * state reads the same links.
 */
export function listActions(doc: Y.Doc): ActionItem[] {
  const existingFindings = new Set(wellFormedEntries(findingsArray(doc)).map((entry) => entry.id));
  const listedRootCauses = new Set(listRootCauses(doc).map((candidate) => candidate.id));
  return wellFormedEntries(actionsArray(doc)).map(({ id, map }) => {
    const findingIds = linkedIds(map, 'findingIds', existingFindings);
    const rootCauseIds = linkedIds(map, 'rootCauseIds', listedRootCauses);
    const weakness = readWeakness(map);
    const due = map.get('due');
    return {
      id,
      title: readText(map.get('title')),
      owner: stringOr(map.get('owner'), ACTION_DEFAULTS.owner),
      due: isDueDate(due) ? due : ACTION_DEFAULTS.due,
      status: enumOr(map.get('status'), ACTION_STATUSES, ACTION_DEFAULTS.status),
      priority: enumOr(map.get('priority'), ACTION_PRIORITIES, ACTION_DEFAULTS.priority),
      type: enumOr(map.get('type'), ACTION_TYPES, ACTION_DEFAULTS.type),
      progress: stringOr(map.get('progress'), ACTION_DEFAULTS.progress),
      findingIds,
      rootCauseIds,
      ...(weakness ? { weakness } : {}),
    };
  });
}

function linkedIds(map: Y.Map<unknown>, key: string, existing: ReadonlySet<string>): string[] {
  const links = map.get(key);
  const linked = links instanceof Y.Array ? (links.toArray() as unknown[]) : [];
  return [...new Set(linked.filter((value): value is string => typeof value === 'string' && existing.has(value)))];
}

/** The Y.Text of one action's title, for binding an editor; undefined for an unknown id or malformed entry. */
export function actionTitleText(doc: Y.Doc, id: string): Y.Text | undefined {
  const title = findEntry(actionsArray(doc), id)?.map.get('title');
  return title instanceof Y.Text ? title : undefined;
}

/** Drops every link to `findingId`; called by `removeFinding` inside its transaction. */
export function unlinkFindingFromAllActions(doc: Y.Doc, findingId: string): void {
  unlinkFromAllActions(doc, 'findingIds', findingId);
}

/** Drops every link to a root-cause candidate; called where a candidacy ends, inside its transaction. */
export function unlinkRootCauseFromAllActions(doc: Y.Doc, rootCauseId: string): void {
  unlinkFromAllActions(doc, 'rootCauseIds', rootCauseId);
}

function unlinkFromAllActions(doc: Y.Doc, key: 'findingIds' | 'rootCauseIds', id: string): void {
  for (const item of actionsArray(doc)) {
    if (!(item instanceof Y.Map)) continue;
    const links: unknown = item.get(key);
    if (links instanceof Y.Array) removeAll(links, id);
  }
}

function checkActionFields(input: ActionPatch): {
  owner?: string;
  due?: string;
  status?: ActionStatus;
  priority?: ActionPriority;
  type?: ActionType;
  weakness?: Weakness | null;
  progress?: string;
} {
  return {
    owner: input.owner === undefined ? undefined : checkString('owner', input.owner, REVIEW_LIMITS.labelMaxLength),
    due: input.due === undefined ? undefined : checkDueDate('due', input.due),
    status: input.status === undefined ? undefined : checkEnum('status', input.status, ACTION_STATUSES),
    priority: input.priority === undefined ? undefined : checkEnum('priority', input.priority, ACTION_PRIORITIES),
    type: input.type === undefined ? undefined : checkEnum('type', input.type, ACTION_TYPES),
    weakness: input.weakness === undefined ? undefined : checkWeakness(input.weakness),
    progress:
      input.progress === undefined
        ? undefined
        : checkString('progress', input.progress, REVIEW_LIMITS.progressMaxLength),
  };
}

function removeAll(links: Y.Array<unknown>, value: string): void {
  // Backwards, so deleting does not shift the indexes still to visit.
  for (let index = links.length - 1; index >= 0; index--) if (links.get(index) === value) links.delete(index, 1);
}

/** Statuses that close an action: it can no longer be overdue. */
const FINISHED_STATUSES: ReadonlySet<ActionStatus> = new Set(['done', 'wont-do']);

/** True when the action is not finished (neither done nor won't do). */
export function isUnfinished(action: Pick<ActionItem, 'status'>): boolean {
  return !FINISHED_STATUSES.has(action.status);
}

/**
 * Overdue: a due date before `today` (YYYY-MM-DD in whichever zone the caller judges in: the
 * viewer's own on the board, UTC for webhooks) and not done or won't do.
 */
export function isOverdue(action: Pick<ActionItem, 'due' | 'status'>, today: string): boolean {
  return action.due !== '' && action.due < today && isUnfinished(action);
}
