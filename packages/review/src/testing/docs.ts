import * as Y from 'yjs';
import { initReview } from '../doc';

/** A fresh review doc, initialised with `title`. */
export function newReview(title = 'Checkout outage'): Y.Doc {
  const doc = new Y.Doc();
  initReview(doc, { title });
  return doc;
}

/** A replica of `source`: a new doc (own client id) holding all of its updates. */
export function replicaOf(source: Y.Doc): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(source));
  return doc;
}

/** Exchanges the missing updates between every pair of docs, as a sync provider would. */
export function syncAll(...docs: Y.Doc[]): void {
  for (const from of docs) {
    for (const to of docs) {
      if (from !== to) Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)));
    }
  }
}
