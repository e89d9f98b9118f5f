import * as Y from 'yjs';
import { NARRATIVE_SECTIONS } from './schema';
import type { NarrativeSection } from './schema';
import { narrativeRootName } from './doc';
import { checkEnum } from './validate';
import { citedEvent, EVENT_REF_ATTR, EVENT_REF_NODE, REMOVED_EVENT_LABEL } from './citations';

/** The XmlFragment holding one narrative section, for Tiptap's Collaboration extension (`fragment`). */
export function narrativeFragment(doc: Y.Doc, section: NarrativeSection): Y.XmlFragment {
  return doc.getXmlFragment(narrativeRootName(checkEnum('section', section, NARRATIVE_SECTIONS)));
}

/**
 * One section's plain text: text runs concatenated, block elements on their own lines, a citation
 * as the cited event's words in brackets where it stands (`[Rollback started]`).
 */
export function narrativeText(doc: Y.Doc, section: NarrativeSection): string {
  return xmlToText(narrativeFragment(doc, section), doc);
}

/** A citation in plain text: the event's current words, or that it was removed. */
function citationPlainText(doc: Y.Doc, citation: Y.XmlElement): string {
  const event = citedEvent(doc, citation.getAttribute(EVENT_REF_ATTR));
  return `[${event ? event.text.replace(/\s+/g, ' ').trim() : REMOVED_EVENT_LABEL}]`;
}

function xmlToText(node: Y.XmlFragment | Y.XmlElement | Y.XmlText, doc: Y.Doc): string {
  if (node instanceof Y.XmlText) {
    // toString() would render formatting as tags; the delta holds just the text (and embeds, skipped).
    const delta = node.toDelta() as { insert?: unknown }[];
    return delta.map((op) => (typeof op.insert === 'string' ? op.insert : '')).join('');
  }
  let text = '';
  let first = true;
  let previousWasElement = false;
  for (const child of node.toArray()) {
    if (!(child instanceof Y.XmlText || child instanceof Y.XmlElement)) continue;
    if (child instanceof Y.XmlElement && child.nodeName === EVENT_REF_NODE) {
      // inline, like text: no line of its own
      text += citationPlainText(doc, child);
      first = false;
      previousWasElement = false;
      continue;
    }
    const isElement = child instanceof Y.XmlElement;
    if (!first && (isElement || previousWasElement)) text += '\n';
    first = false;
    text += xmlToText(child, doc);
    previousWasElement = isElement;
  }
  return text;
}
