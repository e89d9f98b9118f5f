import * as Y from 'yjs';
import { FOLLOW_UP_FIELDS, isFollowUpValue, ROOT_NAMES } from '@hindsight/review';

const FIELDS: ReadonlySet<string> = new Set(FOLLOW_UP_FIELDS);

/**
 * Why a checked client update changes more than the follow-through fields of existing action items
 * (status, owner, due date, progress note), or null when it changes only those. This is all a
 * follow-up link may write, and all anyone may write while the review is closed.
 *
 * Judged on what Yjs makes of the update, not on how it is written: it is applied to a copy of the
 * document, and every item it adds must have landed as the plain, valid value of one of those keys
 * in a map that is an element of the `actions` list and that the document already held; every item
 * it deletes must be such a value in the document. So a new action, a title, a link, a finding or a
 * root written by the update is refused however its neighbours are stated. The copy costs one
 * encode of the document per update: follow-up writes are rare and small.
 */
export function outsideFollowUpFields(doc: Y.Doc, update: Uint8Array): string | null {
  const copy = new Y.Doc({ gc: doc.gc });
  try {
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
    Y.applyUpdate(copy, update);
    const known = (client: number) => Y.getState(doc.store, client);
    for (const [client, structs] of copy.store.clients) {
      const from = known(client);
      if (from >= Y.getState(copy.store, client)) continue;
      // From the struct holding the first new clock: Yjs may have merged new content into an older
      // struct of the same client (same parent, key and origin chain), which is then judged whole.
      for (let i = Y.findIndexSS(structs, from); i < structs.length; i++) {
        const problem = addedOutside(copy, structs[i]!, known);
        if (problem) return problem;
      }
    }
    const { ds } = Y.decodeUpdate(update);
    for (const [client, ranges] of ds.clients) {
      for (const { clock, len } of ranges) {
        const problem = deletedOutside(doc, client, clock, clock + len);
        if (problem) return problem;
      }
    }
    return null;
  } finally {
    copy.destroy();
  }
}

/** Why a struct the update added (as integrated in `copy`) is outside the follow-through fields. */
function addedOutside(copy: Y.Doc, struct: Y.Item | Y.GC, known: (client: number) => number): string | null {
  // Content Yjs dropped on arrival (a GC run, or an item whose parent is gone) changes nothing.
  if (!(struct instanceof Y.Item)) return null;
  const key = followUpKey(copy, struct);
  if (key === null) return 'writes outside the follow-through fields of action items';
  const action = (struct.parent as Y.Map<unknown>)._item!;
  if (action.id.clock >= known(action.id.client)) return 'writes into an action item it creates';
  if (struct.content instanceof Y.ContentDeleted) return null;
  const values = struct.content instanceof Y.ContentAny ? struct.content.getContent() : null;
  if (values?.length !== 1 || !isFollowUpValue(key, values[0])) return `an invalid ${key} value`;
  return null;
}

/** Why deleting [from, to) of `client` removes live content outside the follow-through fields. */
function deletedOutside(doc: Y.Doc, client: number, from: number, to: number): string | null {
  const structs = doc.store.clients.get(client);
  const end = Math.min(to, Y.getState(doc.store, client));
  if (!structs || from >= end) return null;
  for (let i = Y.findIndexSS(structs, from); i < structs.length && structs[i]!.id.clock < end; i++) {
    const struct = structs[i]!;
    if (struct instanceof Y.Item && !struct.deleted && followUpKey(doc, struct) === null) {
      return 'deletes outside the follow-through fields of action items';
    }
  }
  return null;
}

/** The follow-through field `item` is the value of, in an action item of `doc`; null when it is none. */
function followUpKey(doc: Y.Doc, item: Y.Item): string | null {
  const parent = item.parent;
  if (!(parent instanceof Y.Map) || item.parentSub === null || !FIELDS.has(item.parentSub)) return null;
  const holder = parent._item;
  if (!holder || holder.parentSub !== null || holder.parent !== doc.share.get(ROOT_NAMES.actions)) return null;
  return item.parentSub;
}
