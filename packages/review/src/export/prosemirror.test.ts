import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { narrativeFragment, narrativeText } from '../narrative';
import { newReview } from '../testing/docs';
import {
  checkNarrativeDoc,
  fragmentToNarrativeDoc,
  textToNarrativeDoc,
  writeNarrativeDoc,
  type NarrativeNode,
} from './prosemirror';

const RICH: NarrativeNode = {
  type: 'doc',
  content: [
    { type: 'heading', attrs: { level: 4 }, content: [{ type: 'text', text: 'What we saw' }] },
    {
      type: 'paragraph',
      content: [
        { type: 'text', text: 'Plain, ' },
        { type: 'text', text: 'bold', marks: [{ type: 'bold' }] },
        { type: 'text', text: ' and ' },
        {
          type: 'text',
          text: 'a link',
          marks: [{ type: 'link', attrs: { href: 'https://example.com', target: '_blank' } }],
        },
        { type: 'hardBreak' },
        { type: 'text', text: 'next line' },
      ],
    },
    {
      type: 'orderedList',
      attrs: { start: 2 },
      content: [
        { type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'two' }] }] },
        {
          type: 'listItem',
          content: [
            { type: 'paragraph', content: [] },
            {
              type: 'bulletList',
              content: [
                { type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'deep' }] }] },
              ],
            },
          ],
        },
      ],
    },
    { type: 'blockquote', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'quoted' }] }] },
  ],
};

describe('narrative rich text as ProseMirror JSON', () => {
  it('reads what it wrote, as y-prosemirror stores it (one Y.XmlText per run of text)', () => {
    const doc = newReview();
    const fragment = narrativeFragment(doc, 'summary');
    doc.transact(() => writeNarrativeDoc(fragment, RICH));
    expect(fragmentToNarrativeDoc(fragment)).toEqual(RICH);
    const paragraph = fragment.get(1) as Y.XmlElement;
    expect(paragraph.nodeName).toBe('paragraph');
    expect(paragraph.toArray().map((child) => child.constructor.name)).toEqual(['YXmlText', 'YXmlElement', 'YXmlText']);
    expect((paragraph.get(0) as Y.XmlText).toDelta()[1]).toEqual({ insert: 'bold', attributes: { bold: {} } });
    expect(narrativeText(doc, 'summary')).toContain('What we saw');
  });

  it('reads an overlapping mark stored under a hashed name by its type', () => {
    const doc = newReview();
    const fragment = narrativeFragment(doc, 'impact');
    const paragraph = new Y.XmlElement('paragraph');
    const text = new Y.XmlText();
    text.insert(0, 'x', { 'link--a1B2c3': { href: 'https://x.test' } });
    paragraph.insert(0, [text]);
    fragment.insert(0, [paragraph]);
    expect(fragmentToNarrativeDoc(fragment).content![0]!.content![0]!.marks).toEqual([
      { type: 'link', attrs: { href: 'https://x.test' } },
    ]);
  });

  it('accepts what the editor can hold and names the first problem otherwise', () => {
    expect(checkNarrativeDoc(RICH)).toBeNull();
    expect(checkNarrativeDoc({ type: 'doc' })).toBeNull();
    expect(checkNarrativeDoc({ type: 'paragraph' })).toMatchObject({ path: ['type'] });
    expect(checkNarrativeDoc({ type: 'doc', content: [{ type: 'codeBlock', content: [] }] })).toEqual({
      path: ['content', 0, 'type'],
      message: 'unknown node type "codeBlock"',
    });
    expect(checkNarrativeDoc({ type: 'doc', content: [{ type: 'text', text: 'loose' }] })).toMatchObject({
      path: ['content', 0, 'type'],
    });
    expect(
      checkNarrativeDoc({ type: 'doc', content: [{ type: 'bulletList', content: [{ type: 'paragraph' }] }] }),
    ).toMatchObject({ path: ['content', 0, 'content', 0, 'type'], message: expect.stringContaining('listItem') });
    expect(
      checkNarrativeDoc({
        type: 'doc',
        content: [{ type: 'paragraph', content: [{ type: 'text', text: 'x', marks: [{ type: 'script' }] }] }],
      }),
    ).toMatchObject({ path: ['content', 0, 'content', 0, 'marks', 0, 'type'] });
    expect(
      checkNarrativeDoc({ type: 'doc', content: [{ type: 'heading', attrs: { level: { x: 1 } }, content: [] }] }),
    ).toMatchObject({ path: ['content', 0, 'attrs', 'level'] });
    expect(
      checkNarrativeDoc({ type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: '' }] }] }),
    ).toMatchObject({ path: ['content', 0, 'content', 0, 'text'] });
  });

  it('refuses nesting deeper than the limit', () => {
    let node: NarrativeNode = { type: 'paragraph', content: [] };
    for (let depth = 0; depth < 40; depth++) node = { type: 'blockquote', content: [node] };
    expect(checkNarrativeDoc({ type: 'doc', content: [node] })?.message).toMatch(/nested more than/);
  });

  it('makes paragraphs of plain text, one per line', () => {
    expect(textToNarrativeDoc('a\r\nb\n\nc')).toEqual({
      type: 'doc',
      content: [
        { type: 'paragraph', content: [{ type: 'text', text: 'a' }] },
        { type: 'paragraph', content: [{ type: 'text', text: 'b' }] },
        { type: 'paragraph', content: [] },
        { type: 'paragraph', content: [{ type: 'text', text: 'c' }] },
      ],
    });
    expect(textToNarrativeDoc('')).toEqual({ type: 'doc', content: [] });
  });
});
