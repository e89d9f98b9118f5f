/**
 * Escaping user text for Markdown: whatever people typed reads back as the same literal text and
 * can never add markup, HTML, links or structure. Every piece of user text in the export goes
 * through `escapeMarkdown` (or `escapeTableCell`).
 */

/**
 * Where escaped text lands: at the start of a line (where `#`, `>`, `-`, `1.` would start a block),
 * or after this character of the output (`' '` for after a space).
 */
export type MarkdownContext = { lineStart: true } | { lineStart: false; before: string };

export const LINE_START: MarkdownContext = { lineStart: true };
export const MID_LINE: MarkdownContext = { lineStart: false, before: ' ' };
export const AFTER_STARS: MarkdownContext = { lineStart: false, before: '*' };

const WORD = /[\p{L}\p{N}]/u;
const SPACE = /\s/u;
// ASCII punctuation: a backslash before one of these is an escape, anywhere else it is a backslash.
const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/;

/**
 * User text as literal Markdown inline text, escaping only what would have a meaning where it lands
 * (checked against a CommonMark parser in markdown.test.ts):
 * - anywhere: `*`, `` ` ``, `[`, `]`, `|` (a table, even outside one, as a list item's second line),
 *   `\` before punctuation or at the end; `_` unless inside a word (`snake_case` stays); `~` unless a
 *   single one after a space and before a word (`~1,900` stays; `~~` or `a~` are escaped); `$` unless
 *   after a space and before a digit (`$120` stays, `$x$` math does not form); `<` before a letter,
 *   `/`, `!` or `?` (a tag, a comment, an autolink: written `&lt;`); `&` before entity-like text
 *   (`&amp;lt;`); a `#` run at the end after a space (a heading's closing sequence);
 * - at the start of a line: a heading `#`, a quote `>`, a list marker `-`, `+` or `1.`/`1)`, a
 *   thematic break `---`;
 * - line breaks become `<br>`, so the text stays on one line and no later line can start a block.
 * Parentheses, `>` inside a line, `~` before a number, `-` inside a word, numbers: as typed.
 */
export function escapeMarkdown(text: string, context: MarkdownContext = LINE_START): string {
  const chars = [...text.replace(/\r\n?/g, '\n')];
  const at = (index: number): string => chars[index] ?? '';
  const previous = (index: number): string => (index > 0 ? chars[index - 1]! : context.lineStart ? '' : context.before);
  let out = '';
  for (let index = 0; index < chars.length; index++) {
    const char = chars[index]!;
    const next = at(index + 1);
    switch (char) {
      case '\n':
        out += '<br>';
        break;
      case '*':
      case '`':
      case '[':
      case ']':
      case '|':
        out += `\\${char}`;
        break;
      case '\\':
        out += next === '' || ASCII_PUNCTUATION.test(next) || next === '\n' ? '\\\\' : '\\';
        break;
      case '_':
        out += index > 0 && WORD.test(at(index - 1)) && WORD.test(next) ? '_' : '\\_';
        break;
      case '~': {
        const before = previous(index);
        const single = before !== '~' && next !== '~';
        out += single && (before === '' || SPACE.test(before)) && next !== '' && WORD.test(next) ? '~' : '\\~';
        break;
      }
      case '$': {
        const before = previous(index);
        out += (before === '' || SPACE.test(before)) && /[0-9]/.test(next) ? '$' : '\\$';
        break;
      }
      case '<':
        out += /[A-Za-z/!?]/.test(next) ? '&lt;' : '<';
        break;
      case '&':
        out += /^#?[0-9A-Za-z]+;/.test(chars.slice(index + 1, index + 34).join('')) ? '&amp;' : '&';
        break;
      default:
        out += char;
    }
  }
  // A run of `#` at the very end after a space (or alone) would close a heading and vanish.
  out = out.replace(/(^|\s)(#+)(\s*)$/u, '$1\\$2$3');
  if (!context.lineStart) return out;
  return (
    out
      .replace(/^(\s*)(#{1,6})(?=\s|$)/u, '$1\\$2')
      .replace(/^(\s*)>/u, '$1\\>')
      .replace(/^(\s*)([-+])(?=\s|$)/u, '$1\\$2')
      // "--" after a list item's "- " makes the whole line a thematic break
      .replace(/^(\s*)(-)(?=(?:[ \t]*-)+[ \t]*$)/u, '$1\\$2')
      .replace(/^(\s*\d{1,9})([.)])(?=\s|$)/u, '$1\\$2')
  );
}

/** User text for one GFM table cell: `escapeMarkdown` (`|` included) mid-line, trimmed, one line. */
export function escapeTableCell(text: string): string {
  return escapeMarkdown(text.trim(), MID_LINE);
}
