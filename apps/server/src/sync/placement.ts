import * as Y from 'yjs';

/** Where a type sits in its document: the root it belongs to and how deep (a root is depth 0). */
export interface Placement {
  root: string;
  depth: number;
}

/**
 * Placements of integrated types. A type never moves, so an answer holds for the type's life;
 * caching every type on the walk up keeps repeated lookups in deep documents constant-time.
 */
const cache = new WeakMap<Y.AbstractType<unknown>, Placement>();

/** The root and depth of a type integrated in a document. */
export function placementOfType(type: Y.AbstractType<unknown>): Placement {
  const hit = cache.get(type);
  if (hit) return hit;
  const path: Array<Y.AbstractType<unknown>> = [];
  let current = type;
  let top: Placement | undefined;
  while (!(top = cache.get(current))) {
    path.push(current);
    const parentItem = current._item;
    if (!parentItem) {
      top = { root: Y.findRootTypeKey(current), depth: 0 };
      cache.set(current, top);
      path.pop();
      break;
    }
    current = parentItem.parent as Y.AbstractType<unknown>;
  }
  for (let i = path.length - 1, depth = top.depth + 1; i >= 0; i--, depth++) {
    cache.set(path[i]!, { root: top.root, depth });
  }
  return cache.get(type)!;
}
