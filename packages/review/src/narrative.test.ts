import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { narrativeFragment, narrativeText } from './narrative';
import { ReviewInputError } from './validate';

function paragraph(text: string, attributes?: Record<string, unknown>): Y.XmlElement {
  const element = new Y.XmlElement('paragraph');
  const run = new Y.XmlText();
  run.insert(0, text, attributes);
  element.insert(0, [run]);
  return element;
}

describe('narrative', () => {
  it('keeps one XmlFragment per section under the root name narrative:<section>', () => {
    const doc = new Y.Doc();
    const summary = narrativeFragment(doc, 'summary');
    expect(summary).toBe(doc.getXmlFragment('narrative:summary'));
    expect(narrativeFragment(doc, 'impact')).not.toBe(summary);
  });

  it('rejects an unknown section', () => {
    expect(() => narrativeFragment(new Y.Doc(), 'appendix' as never)).toThrow(ReviewInputError);
  });

  it('reads a section as plain text: formatting dropped, blocks on their own lines', () => {
    const doc = new Y.Doc();
    const fragment = narrativeFragment(doc, 'summary');
    const list = new Y.XmlElement('bulletList');
    const item = new Y.XmlElement('listItem');
    item.insert(0, [paragraph('first'), paragraph('second')]);
    list.insert(0, [item]);
    fragment.insert(0, [paragraph('Checkout failed ', { bold: true }), list]);
    (fragment.get(0) as Y.XmlElement).insert(1, [new Y.XmlText('for 40 minutes.')]);
    expect(narrativeText(doc, 'summary')).toBe('Checkout failed for 40 minutes.\nfirst\nsecond');
    expect(narrativeText(doc, 'lessons')).toBe('');
  });
});
