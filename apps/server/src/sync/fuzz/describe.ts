import * as Y from 'yjs';

/**
 * A document's content as the fuzzer's oracle compares it: every item of every root, deleted ones
 * included, one entry per clock (so how Yjs happens to split or merge structs does not count),
 * with its id, whether it is deleted and, if not, its content; nested types recursively.
 */
export function describeRoot(doc: Y.Doc, name: string): string {
  const type = doc.share.get(name) as Y.AbstractType<unknown> | undefined;
  // A root no item ever landed in reads as empty, whether or not something called getMap on it.
  return JSON.stringify(type ? describeType(type) : { list: [], map: {} });
}

/** Every root of either document, described; equal iff both hold the same content. */
export function describeDocument(doc: Y.Doc, roots: Iterable<string> = doc.share.keys()): Record<string, string> {
  return Object.fromEntries([...new Set(roots)].sort().map((name) => [name, describeRoot(doc, name)]));
}

/** A clock and its content; a deleted run of clocks is one unit (`to` excluded), however it is split. */
type Unit = [client: number, clock: number, to: number | null, content: unknown];

function describeType(type: Y.AbstractType<unknown>): { list: Unit[]; map: Record<string, Unit[]> } {
  const list: Unit[] = [];
  for (let item = type._start; item; item = item.right) pushUnits(list, item);
  const map: Record<string, Unit[]> = {};
  for (const key of [...type._map.keys()].sort()) {
    const chain: Unit[] = [];
    // Every value the key ever held: the current entry and the overwritten ones left of it.
    const items: Y.Item[] = [];
    for (let item: Y.Item | null = type._map.get(key)!; item; item = item.left) items.unshift(item);
    for (const item of items) pushUnits(chain, item);
    map[key] = chain;
  }
  return { list, map };
}

function pushUnits(out: Unit[], item: Y.Item): void {
  const { client, clock } = item.id;
  if (item.deleted) {
    // Deleted runs can be 2^31 clocks long: one unit each, merged with a run it continues.
    const last = out[out.length - 1];
    if (last && last[0] === client && last[2] === clock) last[2] = clock + item.length;
    else out.push([client, clock, clock + item.length, null]);
    return;
  }
  const contents = unitContents(item.content);
  for (let k = 0; k < item.length; k++) out.push([client, clock + k, null, contents[k] ?? null]);
}

function unitContents(content: Y.Item['content']): unknown[] {
  if (content instanceof Y.ContentType)
    return [{ type: content.type.constructor.name, ...describeType(content.type as Y.AbstractType<unknown>) }];
  if (content instanceof Y.ContentString) return [...content.str].flatMap((c) => (c.length === 2 ? [c, ''] : [c]));
  if (content instanceof Y.ContentFormat) return [{ format: content.key, value: content.value }];
  if (content instanceof Y.ContentBinary) return [Buffer.from(content.content).toString('hex')];
  return content.getContent();
}
