import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { isEmptyRichText, readRichText, safeHref } from './rich-text';

/** Builds an element with children, as y-prosemirror stores a ProseMirror node. */
function element(name: string, children: Array<Y.XmlElement | Y.XmlText>, attrs: Record<string, unknown> = {}) {
  const node = new Y.XmlElement(name);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value as string);
  node.insert(0, children);
  return node;
}

function text(insert: string, attributes?: Record<string, unknown>): Y.XmlText {
  const node = new Y.XmlText();
  node.insert(0, insert, attributes as Record<string, never> | undefined);
  return node;
}

/** A fragment inside a doc (Yjs types read their content only once integrated). */
function fragmentWith(children: Array<Y.XmlElement | Y.XmlText>): Y.XmlFragment {
  const fragment = new Y.Doc().getXmlFragment('narrative:summary');
  fragment.insert(0, children);
  return fragment;
}

describe('readRichText', () => {
  it('reads paragraphs, headings, lists, quotes and hard breaks', () => {
    const fragment = fragmentWith([
      element('heading', [text('Timeline')], { level: 4 }),
      element('paragraph', [text('First line'), element('hardBreak', []), text('second line')]),
      element('bulletList', [
        element('listItem', [element('paragraph', [text('one')])]),
        element('listItem', [element('paragraph', [text('two')])]),
      ]),
      element('orderedList', [element('listItem', [element('paragraph', [text('three')])])], { start: 3 }),
      element('blockquote', [element('paragraph', [text('quoted')])]),
      element('paragraph', []),
    ]);
    const plain = { kind: 'text' as const, marks: {} };
    expect(readRichText(fragment)).toEqual([
      { kind: 'heading', content: [{ ...plain, text: 'Timeline' }] },
      {
        kind: 'paragraph',
        content: [{ ...plain, text: 'First line' }, { kind: 'break' }, { ...plain, text: 'second line' }],
      },
      {
        kind: 'list',
        ordered: false,
        start: 1,
        items: [
          [{ kind: 'paragraph', content: [{ ...plain, text: 'one' }] }],
          [{ kind: 'paragraph', content: [{ ...plain, text: 'two' }] }],
        ],
      },
      {
        kind: 'list',
        ordered: true,
        start: 3,
        items: [[{ kind: 'paragraph', content: [{ ...plain, text: 'three' }] }]],
      },
      { kind: 'quote', blocks: [{ kind: 'paragraph', content: [{ ...plain, text: 'quoted' }] }] },
    ]);
  });

  it('reads marks, including overlapping (hashed) mark names, and only safe links', () => {
    const paragraph = element('paragraph', []);
    const fragment = fragmentWith([paragraph]);
    const run = new Y.XmlText();
    paragraph.insert(0, [run]);
    run.insert(0, 'bold', { bold: {} });
    run.insert(4, ' both', { bold: {}, 'italic--AbCd1234': {} });
    run.insert(9, ' link', { link: { href: 'https://status.example.com/incidents/42' } });
    run.insert(14, ' bad', { link: { href: 'javascript:alert(1)' } });
    run.insert(18, ' code', { code: {}, strike: {}, underline: {} });
    expect(readRichText(fragment)).toEqual([
      {
        kind: 'paragraph',
        content: [
          { kind: 'text', text: 'bold', marks: { bold: true } },
          { kind: 'text', text: ' both', marks: { bold: true, italic: true } },
          { kind: 'text', text: ' link', marks: { link: 'https://status.example.com/incidents/42' } },
          { kind: 'text', text: ' bad', marks: {} },
          { kind: 'text', text: ' code', marks: { code: true, strike: true, underline: true } },
        ],
      },
    ]);
  });

  it('keeps the words of nodes it does not know', () => {
    const fragment = fragmentWith([element('callout', [element('paragraph', [text('Heads up')])])]);
    expect(readRichText(fragment)).toEqual([
      { kind: 'paragraph', content: [{ kind: 'text', text: 'Heads up', marks: {} }] },
    ]);
  });
});

describe('isEmptyRichText', () => {
  it('is true for nothing, blank paragraphs and empty lists, false once there is a word', () => {
    expect(isEmptyRichText([])).toBe(true);
    expect(isEmptyRichText([{ kind: 'paragraph', content: [{ kind: 'text', text: '  ', marks: {} }] }])).toBe(true);
    expect(isEmptyRichText([{ kind: 'list', ordered: false, start: 1, items: [[]] }])).toBe(true);
    expect(isEmptyRichText([{ kind: 'heading', content: [{ kind: 'text', text: 'x', marks: {} }] }])).toBe(false);
  });
});

describe('safeHref', () => {
  it('allows http, https and mailto only', () => {
    expect(safeHref('https://example.com/a')).toBe('https://example.com/a');
    expect(safeHref('mailto:oncall@example.com')).toBe('mailto:oncall@example.com');
    expect(safeHref('javascript:alert(1)')).toBeUndefined();
    expect(safeHref('data:text/html,hi')).toBeUndefined();
    expect(safeHref('example.com')).toBeUndefined();
    expect(safeHref(42)).toBeUndefined();
  });
});
