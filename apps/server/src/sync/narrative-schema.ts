import * as Y from 'yjs';
import {
  EVENT_REF_ATTR,
  EVENT_REF_NODE,
  isEventId,
  NARRATIVE_NODE_TYPES,
  NARRATIVE_SECTIONS,
  narrativeRootName,
} from '@hindsight/review';
import type { Insertion } from './update-check';

const NARRATIVE_ROOTS: ReadonlySet<string> = new Set(NARRATIVE_SECTIONS.map(narrativeRootName));

/** Element names the board's editor writes: the narrative's node types but the document and text. */
const ELEMENT_NAMES: ReadonlySet<string> = new Set(NARRATIVE_NODE_TYPES.filter((t) => t !== 'doc' && t !== 'text'));

/**
 * What a client may write into a narrative section, in the shape y-prosemirror stores for the
 * board's Tiptap editor: elements of the editor's node types and text runs, text and formatting
 * inside a run, plain values as element attributes. A citation (`eventRef`) holds exactly one
 * attribute, `eventId`, an id-shaped string: everyone's editor and the report render it, so a
 * forged one must not reach them. Anything else is refused (the socket closes with 1007): an
 * editor meeting an element it does not know deletes it, on every replica that opens the section.
 */
export function checkNarrativeInsertion({ item, root, parent, key }: Insertion): string | null {
  if (!NARRATIVE_ROOTS.has(root)) return null;
  const content = item.content;
  if (parent instanceof Y.XmlText) {
    if (key !== null) return 'narrative text takes no attributes';
    return content instanceof Y.ContentString || content instanceof Y.ContentFormat
      ? null
      : 'narrative text holds only characters and formatting';
  }
  if (key === null) return checkChild(content);
  if (!(parent instanceof Y.XmlElement)) return 'a narrative section takes no attributes';
  if (!(content instanceof Y.ContentAny)) return 'a narrative attribute must be a plain value';
  if (parent.nodeName !== EVENT_REF_NODE) return null;
  if (key !== EVENT_REF_ATTR) return `a citation has only the attribute ${EVENT_REF_ATTR}`;
  return content.arr.length === 1 && isEventId(content.arr[0]) ? null : 'a citation must hold an event id';
}

/** A child of a section or an element: an element the editor knows, or a run of text. */
function checkChild(content: Y.Item['content']): string | null {
  if (!(content instanceof Y.ContentType)) return 'a narrative block holds only elements and text';
  const type = content.type as Y.AbstractType<unknown>;
  if (type instanceof Y.XmlElement) {
    return ELEMENT_NAMES.has(type.nodeName) ? null : `narrative node "${type.nodeName.slice(0, 40)}" is not allowed`;
  }
  return type instanceof Y.XmlText ? null : 'a narrative block holds only elements and text';
}
