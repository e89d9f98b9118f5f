import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as Y from 'yjs';
import { initReview } from './doc';

/** A fresh review doc, initialised with `title`. Test helper only; not exported from the package. */
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

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');

/** The text of a file in `src/fixtures` (the sample CSV, chat export, user list and pager log). */
export function readFixture(name: string): string {
  return fs.readFileSync(path.join(fixtures, name), 'utf8');
}
