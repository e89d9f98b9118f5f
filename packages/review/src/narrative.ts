import * as Y from 'yjs';
import { NARRATIVE_SECTIONS } from './schema';
import type { NarrativeSection } from './schema';
import { narrativeRootName } from './doc';
import { checkEnum } from './validate';

/** The XmlFragment holding one narrative section, for Tiptap's Collaboration extension (`fragment`). */
export function narrativeFragment(doc: Y.Doc, section: NarrativeSection): Y.XmlFragment {
  return doc.getXmlFragment(narrativeRootName(checkEnum('section', section, NARRATIVE_SECTIONS)));
}

/** One section's plain text: text runs concatenated, block elements on their own lines. */
export function narrativeText(doc: Y.Doc, section: NarrativeSection): string {
  return xmlToText(narrativeFragment(doc, section));
}

function xmlToText(node: Y.XmlFragment | Y.XmlElement | Y.XmlText): string {
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
    const isElement = child instanceof Y.XmlElement;
    if (!first && (isElement || previousWasElement)) text += '\n';
    first = false;
    text += xmlToText(child);
    previousWasElement = isElement;
  }
  return text;
}
