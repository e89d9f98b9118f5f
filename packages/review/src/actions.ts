import * as Y from 'yjs';
import { ACTION_PRIORITIES, ACTION_STATUSES, ACTION_TYPES } from './schema';
import type { ActionItem, ActionPriority, ActionStatus, ActionType } from './schema';
import { actionsArray, enumOr, findEntry, findingsArray, requireEntry, stringOr, wellFormedEntries } from './doc';
import { newId } from './ids';
import { createText, readText, writeTextField } from './text';
import { checkDueDate, checkEnum, checkId, checkObject, checkString, isDueDate, REVIEW_LIMITS } from './validate';

/** Defaults of the optional fields of `addAction`, also used when a stored field is malformed. */
export const ACTION_DEFAULTS = {
  owner: '',
  due: '',
  status: 'open',
  priority: 'P2',
  type: 'prevent',
} as const satisfies Omit<ActionItem, 'id' | 'title' | 'findingIds'>;

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
}

/** Fields `updateAction` may change; links change through `linkActionToFinding` / `unlinkActionFromFinding`. */
export type ActionPatch = Partial<Omit<ActionInput, 'findingIds'>>;

/** Appends an action item and returns its new id. */
export function addAction(doc: Y.Doc, input: ActionInput): string {
  checkObject('action', input);
  const title = checkString('title', input.title, REVIEW_LIMITS.titleMaxLength);
  const fields = checkActionFields(input);
  const findingIds = [...new Set((input.findingIds ?? []).map((findingId) => checkId('finding id', findingId)))];
  const findings = findingsArray(doc);
  for (const findingId of findingIds) requireEntry(findings, findingId, 'finding');
  const id = newId();
  const action = new Y.Map<unknown>();
  action.set('id', id);
  action.set('title', createText(title));
  action.set('owner', fields.owner ?? ACTION_DEFAULTS.owner);
  action.set('due', fields.due ?? ACTION_DEFAULTS.due);
  action.set('status', fields.status ?? ACTION_DEFAULTS.status);
  action.set('priority', fields.priority ?? ACTION_DEFAULTS.priority);
  action.set('type', fields.type ?? ACTION_DEFAULTS.type);
  action.set('findingIds', Y.Array.from(findingIds));
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
    for (const [key, value] of Object.entries(fields)) if (value !== undefined) map.set(key, value);
  });
}

/** Links an action to a finding it addresses; linking twice is a no-op. */
export function linkActionToFinding(doc: Y.Doc, actionId: string, findingId: string): void {
  const { map } = requireEntry(actionsArray(doc), checkId('action id', actionId), 'action');
  requireEntry(findingsArray(doc), checkId('finding id', findingId), 'finding');
  doc.transact(() => {
    const links = map.get('findingIds');
    if (!(links instanceof Y.Array)) {
      // Repair a malformed entry, keeping whatever string ids it held.
      const kept = Array.isArray(links) ? links.filter((value): value is string => typeof value === 'string') : [];
      map.set('findingIds', Y.Array.from([...new Set([...kept, findingId])]));
      return;
    }
    if (!links.toArray().includes(findingId)) links.push([findingId]);
  });
}

/** Removes a link between an action and a finding; unlinking a finding that is not linked is a no-op. */
export function unlinkActionFromFinding(doc: Y.Doc, actionId: string, findingId: string): void {
  const { map } = requireEntry(actionsArray(doc), checkId('action id', actionId), 'action');
  checkId('finding id', findingId);
  const links = map.get('findingIds');
  if (links instanceof Y.Array) doc.transact(() => removeAll(links, findingId));
}

/** Removes one action item. */
export function removeAction(doc: Y.Doc, id: string): void {
  const actions = actionsArray(doc);
  const { index } = requireEntry(actions, checkId('id', id), 'action');
  actions.delete(index, 1);
}

/**
 * All actions in stored order. `findingIds` is deduplicated (two people may link the same finding at
 * once) and lists only findings that still exist (a finding may be removed while someone links it).
 */
export function listActions(doc: Y.Doc): ActionItem[] {
  const existingFindings = new Set(wellFormedEntries(findingsArray(doc)).map((entry) => entry.id));
  return wellFormedEntries(actionsArray(doc)).map(({ id, map }) => {
    const links = map.get('findingIds');
    const linked = links instanceof Y.Array ? (links.toArray() as unknown[]) : [];
    const findingIds = [
      ...new Set(linked.filter((value): value is string => typeof value === 'string' && existingFindings.has(value))),
    ];
    const due = map.get('due');
    return {
      id,
      title: readText(map.get('title')),
      owner: stringOr(map.get('owner'), ACTION_DEFAULTS.owner),
      due: isDueDate(due) ? due : ACTION_DEFAULTS.due,
      status: enumOr(map.get('status'), ACTION_STATUSES, ACTION_DEFAULTS.status),
      priority: enumOr(map.get('priority'), ACTION_PRIORITIES, ACTION_DEFAULTS.priority),
      type: enumOr(map.get('type'), ACTION_TYPES, ACTION_DEFAULTS.type),
      findingIds,
    };
  });
}

/** The Y.Text of one action's title, for binding an editor; undefined for an unknown id or malformed entry. */
export function actionTitleText(doc: Y.Doc, id: string): Y.Text | undefined {
  const title = findEntry(actionsArray(doc), id)?.map.get('title');
  return title instanceof Y.Text ? title : undefined;
}

/** Drops every link to `findingId`; called by `removeFinding` inside its transaction. */
export function unlinkFindingFromAllActions(doc: Y.Doc, findingId: string): void {
  for (const item of actionsArray(doc)) {
    if (!(item instanceof Y.Map)) continue;
    const links: unknown = item.get('findingIds');
    if (links instanceof Y.Array) removeAll(links, findingId);
  }
}

function checkActionFields(input: ActionPatch): {
  owner?: string;
  due?: string;
  status?: ActionStatus;
  priority?: ActionPriority;
  type?: ActionType;
} {
  return {
    owner: input.owner === undefined ? undefined : checkString('owner', input.owner, REVIEW_LIMITS.labelMaxLength),
    due: input.due === undefined ? undefined : checkDueDate('due', input.due),
    status: input.status === undefined ? undefined : checkEnum('status', input.status, ACTION_STATUSES),
    priority: input.priority === undefined ? undefined : checkEnum('priority', input.priority, ACTION_PRIORITIES),
    type: input.type === undefined ? undefined : checkEnum('type', input.type, ACTION_TYPES),
  };
}

function removeAll(links: Y.Array<unknown>, value: string): void {
  // Backwards, so deleting does not shift the indexes still to visit.
  for (let index = links.length - 1; index >= 0; index--) if (links.get(index) === value) links.delete(index, 1);
}
