import { describe, expect, it } from 'vitest';
import { escapeMarkdown, escapeTableCell, exportMarkdown, narrativeToMarkdown } from './markdown';
import type { NarrativeNode } from './prosemirror';
import { buildSampleReview, HOSTILE_FINDING } from './sample';
import { toExport } from './to-export';

describe('escapeMarkdown', () => {
  it('turns HTML into entities, so no tag or attribute survives', () => {
    expect(escapeMarkdown('<img src=x onerror=alert(1)>')).toBe('&lt;img src=x onerror=alert\\(1\\)&gt;');
    expect(escapeMarkdown('<script>alert("x")</script>')).toBe('&lt;script&gt;alert\\("x"\\)&lt;/script&gt;');
    // an entity someone typed stays the literal text they typed
    expect(escapeMarkdown('&lt; &amp; &#60;')).toBe('&amp;lt; &amp;amp; &amp;\\#60;');
  });

  it('backslash-escapes emphasis, links, code, headings, strikethrough, tables and math', () => {
    expect(escapeMarkdown('*a* _b_ **c** __d__')).toBe('\\*a\\* \\_b\\_ \\*\\*c\\*\\* \\_\\_d\\_\\_');
    expect(escapeMarkdown('[x](javascript:alert(1))')).toBe('\\[x\\]\\(javascript:alert\\(1\\)\\)');
    expect(escapeMarkdown('![img](http://x/y.png)')).toBe('!\\[img\\]\\(http://x/y.png\\)');
    expect(escapeMarkdown('`code` ~~gone~~ a|b $x$ \\n')).toBe('\\`code\\` \\~\\~gone\\~\\~ a\\|b \\$x\\$ \\\\n');
    expect(escapeMarkdown('# title')).toBe('\\# title');
    expect(escapeMarkdown('issue #12')).toBe('issue \\#12');
  });

  it('keeps a leading quote, list marker, ordered number or rule from starting a block', () => {
    expect(escapeMarkdown('> quoted')).toBe('&gt; quoted');
    expect(escapeMarkdown('- item')).toBe('\\- item');
    expect(escapeMarkdown('+ item')).toBe('\\+ item');
    expect(escapeMarkdown('* item')).toBe('\\* item');
    expect(escapeMarkdown('1. first')).toBe('1\\. first');
    expect(escapeMarkdown('12) first')).toBe('12\\) first');
    expect(escapeMarkdown('---')).toBe('\\---');
    expect(escapeMarkdown('  - indented item')).toBe('  \\- indented item');
    // only at the start: a hyphen or a number inside a sentence is left alone
    expect(escapeMarkdown('cfg-2291 at 10.19')).toBe('cfg-2291 at 10.19');
  });

  it('turns every line break into <br>, so no later line can start a block', () => {
    expect(escapeMarkdown('one\n# two\r\n- three\r> four')).toBe('one<br>\\# two<br>- three<br>&gt; four');
    expect(escapeMarkdown('a\n\nb')).toBe('a<br><br>b');
  });

  it('leaves ordinary text alone', () => {
    expect(escapeMarkdown('Rollback took 8 minutes, once decided; 38% failed.')).toBe(
      'Rollback took 8 minutes, once decided; 38% failed.',
    );
    expect(escapeMarkdown('Café “small” changes — ok')).toBe('Café “small” changes — ok');
  });
});

describe('escapeTableCell', () => {
  it('escapes the pipe, puts line breaks as <br> and trims', () => {
    expect(escapeTableCell('  a | b\nc  ')).toBe('a \\| b<br>c');
    expect(escapeTableCell('|')).toBe('\\|');
    expect(escapeTableCell('')).toBe('');
  });

  it('keeps a hostile cell inside its column', () => {
    const cell = escapeTableCell('x | y |\n| --- |\n<b>z</b>');
    expect(cell).not.toMatch(/(^|[^\\])\|/);
    expect(cell).not.toContain('\n');
    expect(cell).not.toContain('<b>');
  });
});

const doc = (...content: NarrativeNode[]): NarrativeNode => ({ type: 'doc', content });
const para = (...content: NarrativeNode[]): NarrativeNode => ({ type: 'paragraph', content });
const text = (value: string, ...marks: NarrativeNode['marks'] & object): NarrativeNode =>
  marks.length > 0 ? { type: 'text', text: value, marks } : { type: 'text', text: value };

describe('narrativeToMarkdown', () => {
  it('renders marks with delimiters that touch the text', () => {
    expect(narrativeToMarkdown(doc(para(text('a '), text(' bold ', { type: 'bold' }), text('c'))))).toBe(
      'a  **bold** c',
    );
    expect(
      narrativeToMarkdown(doc(para(text('x', { type: 'bold' }), text('y', { type: 'bold' }, { type: 'italic' })))),
    ).toBe('**x*y***');
  });

  it('escapes text inside marks and keeps code literal', () => {
    expect(narrativeToMarkdown(doc(para(text('*<b>*', { type: 'italic' }))))).toBe('*\\*&lt;b&gt;\\**');
    expect(narrativeToMarkdown(doc(para(text('a `b` <c>', { type: 'code' }))))).toBe('``a `b` <c>``');
  });

  it('links only to http(s) and mailto; other links show as their text', () => {
    const link = (href: string) => ({ type: 'link' as const, attrs: { href } });
    expect(narrativeToMarkdown(doc(para(text('docs', link('https://x.test/a b(c)')))))).toBe(
      '[docs](https://x.test/a%20b%28c%29)',
    );
    expect(narrativeToMarkdown(doc(para(text('click', link('javascript:alert(1)')))))).toBe('click');
    expect(narrativeToMarkdown(doc(para(text('mail', link('mailto:a@b.test')))))).toBe('[mail](mailto:a@b.test)');
  });

  it('nests lists, numbers ordered lists from their start, and quotes every line', () => {
    const item = (...content: NarrativeNode[]): NarrativeNode => ({ type: 'listItem', content });
    const markdown = narrativeToMarkdown(
      doc(
        {
          type: 'orderedList',
          attrs: { start: 3 },
          content: [
            item(para(text('three')), { type: 'bulletList', content: [item(para(text('- nested')))] }),
            item(para(text('four'))),
          ],
        },
        { type: 'blockquote', content: [para(text('q1')), para(text('q2'))] },
      ),
    );
    expect(markdown).toBe('3. three\n   - \\- nested\n4. four\n\n> q1\n>\n> q2');
  });

  it('skips empty paragraphs and gives "" for an empty document', () => {
    expect(narrativeToMarkdown(doc(para(), para(text('   '))))).toBe('');
    expect(narrativeToMarkdown(doc())).toBe('');
  });
});

describe('exportMarkdown', () => {
  const markdown = exportMarkdown(toExport(buildSampleReview(), { exportedAt: '2026-03-17T08:00:00Z' }));

  it('starts with the title and keeps the sections in reading order', () => {
    expect(markdown.startsWith('# Checkout errors during payment provider slowdown\n')).toBe(true);
    const order = ['## Summary', '## Impact', '## Detection', '## Resolution', '## Lessons learned', '## Timeline']
      .concat(['## Findings', '## Root causes', '## Action items'])
      .map((heading) => markdown.indexOf(`\n${heading}\n`));
    expect(order.every((index) => index > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('renders a hostile finding as literal text: no HTML, link, emphasis or heading', () => {
    const line = markdown.split('\n').find((candidate) => candidate.includes('onerror'))!;
    expect(HOSTILE_FINDING).toContain('<img');
    expect(line).toContain('&lt;img src=x onerror=alert\\(1\\)&gt;');
    expect(line).not.toContain('<img');
    expect(line).toContain('\\[click\\]\\(javascript:alert\\(1\\)\\)');
    expect(line).toContain('\\*\\*not bold\\*\\*');
    expect(line).toContain('<br>\\# not a heading');
    expect(markdown).not.toMatch(/^# not a heading/m);
    expect(markdown).not.toContain('<script>');
  });

  it('keeps every table row to its columns even when a cell holds a pipe or a line break', () => {
    const rows = markdown.split('\n').filter((line) => line.startsWith('| '));
    for (const row of rows) {
      const cells = row.split(/(?<!\\)\|/).length - 2;
      expect([4, 8]).toContain(cells);
    }
  });

  it('labels anonymous findings "Anonymous" and named ones with their author', () => {
    expect(markdown).toContain('- Nobody felt able to question the push — *Anonymous*');
    expect(markdown).toContain('- Pager went to the old rota — *Sam*');
    expect(markdown).toContain('- Pool idle timeout accepts any value\n');
  });
});
