import * as Y from 'yjs';

type DecodedUpdate = ReturnType<typeof Y.decodeUpdate>;

/**
 * The names of the root types an update would change: where its new items go and where the items
 * it deletes live. Items are resolved through the update itself and through `doc` (their parent,
 * or, when an item leaves its parent implicit, its origin's). Iterative, so long chains of typed
 * characters cannot exhaust the stack. The update must already have passed `checkClientUpdate`'s
 * dependency check.
 */
export function rootsTouchedByUpdate(doc: Y.Doc, decoded: DecodedUpdate): Set<string> {
  const inUpdate = indexByClient(decoded.structs);
  const rootOf = new Map<Y.Item, string | null>();

  const findInUpdate = (id: Y.ID): Y.Item | Y.GC | Y.Skip | undefined => {
    const structs = inUpdate.get(id.client);
    return structs?.find((s) => s.id.clock <= id.clock && id.clock < s.id.clock + s.length);
  };
  const findInDoc = (id: Y.ID): Y.Item | Y.GC | undefined => {
    const structs = doc.store.clients.get(id.client);
    if (!structs || structs.length === 0) return undefined;
    const last = structs[structs.length - 1]!;
    if (id.clock >= last.id.clock + last.length) return undefined;
    return structs[Y.findIndexSS(structs, id.clock)];
  };

  /** Root of an item already integrated in the doc. */
  const docItemRoot = (item: Y.Item): string | null => {
    let type = item.parent as Y.AbstractType<unknown> | null;
    while (type?._item) type = type._item.parent as Y.AbstractType<unknown> | null;
    return type ? Y.findRootTypeKey(type) : null;
  };

  /** Root of an item from the update: follow parent / origin links until a known root. */
  const updateItemRoot = (start: Y.Item): string | null => {
    const chain: Y.Item[] = [];
    let current: Y.Item | null = start;
    let root: string | null = null;
    while (current) {
      const known = rootOf.get(current);
      if (known !== undefined) {
        root = known;
        break;
      }
      chain.push(current);
      const parent: unknown = current.parent;
      if (typeof parent === 'string') {
        root = parent;
        break;
      }
      const ref: Y.ID | null = parent instanceof Y.ID ? parent : (current.origin ?? current.rightOrigin);
      if (!ref) break;
      const next = findInUpdate(ref);
      if (next instanceof Y.Item && !chain.includes(next)) {
        current = next;
        continue;
      }
      const inDoc = findInDoc(ref);
      root = inDoc instanceof Y.Item ? docItemRoot(inDoc) : null;
      break;
    }
    for (const item of chain) rootOf.set(item, root);
    return root;
  };

  const touched = new Set<string>();
  for (const struct of decoded.structs) {
    if (!(struct instanceof Y.Item)) continue;
    const root = updateItemRoot(struct);
    if (root !== null) touched.add(root);
  }
  for (const [client, deletes] of decoded.ds.clients) {
    for (const { clock, len } of deletes) {
      for (let at = clock; at < clock + len; ) {
        const id = Y.createID(client, at);
        const struct = findInDoc(id) ?? findInUpdate(id);
        if (!struct) break;
        // Sync step 2 carries the sender's whole delete set: deleting what is already deleted changes nothing.
        const integrated = struct instanceof Y.Item && struct.parent instanceof Y.AbstractType;
        if (struct instanceof Y.Item && !(integrated && struct.deleted)) {
          const root = integrated ? docItemRoot(struct) : updateItemRoot(struct);
          if (root !== null) touched.add(root);
        }
        at = struct.id.clock + struct.length;
      }
    }
  }
  return touched;
}

function indexByClient(structs: DecodedUpdate['structs']) {
  const byClient = new Map<number, DecodedUpdate['structs']>();
  for (const s of structs) {
    let list = byClient.get(s.id.client);
    if (!list) byClient.set(s.id.client, (list = []));
    list.push(s);
  }
  return byClient;
}
