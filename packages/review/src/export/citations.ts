// Citations of timeline events inside narrative documents (ProseMirror JSON): in the Y.Doc they hold
// the event's id, in an export file the event's ref (`E3`), so the file reads the same whenever it is
// exported and an import can point them at the events' new ids.
import { EVENT_REF_ATTR, EVENT_REF_NODE } from '../citations';
import type { NarrativeNode } from './prosemirror';

/** A citation found in a narrative document: where (a path below the doc) and the event it names. */
export interface NarrativeCitation {
  path: (string | number)[];
  /** Null for a citation that names no event (one whose event was removed before the export). */
  eventId: string | null;
}

/** The event a citation node names, or null. */
export function citationTarget(node: NarrativeNode): string | null {
  const value = node.attrs?.[EVENT_REF_ATTR];
  return typeof value === 'string' ? value : null;
}

/** Every citation of a (checked) narrative document, in reading order. */
export function listCitations(doc: NarrativeNode): NarrativeCitation[] {
  const found: NarrativeCitation[] = [];
  const visit = (node: NarrativeNode, path: (string | number)[]) => {
    if (node.type === EVENT_REF_NODE)
      found.push({ path: [...path, 'attrs', EVENT_REF_ATTR], eventId: citationTarget(node) });
    node.content?.forEach((child, index) => visit(child, [...path, 'content', index]));
  };
  visit(doc, []);
  return found;
}

/**
 * A copy of a narrative document whose citations name `rename(eventId)` instead: an id becomes a
 * ref on export and a ref a fresh id on import. Null (an event not there) keeps the citation as one
 * of a removed event.
 */
export function renameCitations(doc: NarrativeNode, rename: (eventId: string) => string | null): NarrativeNode {
  if (doc.type === EVENT_REF_NODE) {
    const target = citationTarget(doc);
    return { ...doc, attrs: { [EVENT_REF_ATTR]: target === null ? null : rename(target) } };
  }
  if (doc.content === undefined) return doc;
  return { ...doc, content: doc.content.map((child) => renameCitations(child, rename)) };
}
