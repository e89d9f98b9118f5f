import type * as Y from 'yjs';
import { addMissingEventContexts, countEventsWithoutContext } from '@hindsight/review';

/**
 * Upgrades of a loaded review's document to what current clients expect, written by the server
 * (one writer, under the review's lock), so that no client creates shared structure on first use:
 * two clients creating the same nested map at once keep only one of them, and the typing in the
 * other. Each upgrade says whether a document needs it and makes the change; both are idempotent.
 */
interface DocumentUpgrade {
  name: string;
  needed(doc: Y.Doc): boolean;
  apply(doc: Y.Doc): void;
}

const UPGRADES: readonly DocumentUpgrade[] = [
  {
    // Timeline events written before decision context existed have no context map (issue 16).
    name: 'event-context-maps',
    needed: (doc) => countEventsWithoutContext(doc) > 0,
    apply: (doc) => void addMissingEventContexts(doc),
  },
];

/** The upgrades `doc` needs now (none for a document written by this version). */
export function upgradesNeeded(doc: Y.Doc): DocumentUpgrade[] {
  return UPGRADES.filter((upgrade) => upgrade.needed(doc));
}
