import { Fragment, type ReactNode } from 'react';
import type { RichBlock, RichInline } from './rich-text';
import { ReportCitation } from './ReportCitation';

/** Read-only rich text from `readRichText`: plain elements, no editor. */
export function RichText({ blocks }: { blocks: readonly RichBlock[] }) {
  return <>{blocks.map((block, index) => renderBlock(block, index))}</>;
}

function renderBlock(block: RichBlock, key: number): ReactNode {
  switch (block.kind) {
    case 'paragraph':
      return <p key={key}>{renderInlines(block.content)}</p>;
    case 'heading':
      // Below the report's h2 (Narrative) and h3 (the section), as in the editor.
      return <h4 key={key}>{renderInlines(block.content)}</h4>;
    case 'list': {
      const items = block.items.map((item, index) => (
        <li key={index}>
          <RichText blocks={item} />
        </li>
      ));
      return block.ordered ? (
        <ol key={key} start={block.start === 1 ? undefined : block.start}>
          {items}
        </ol>
      ) : (
        <ul key={key}>{items}</ul>
      );
    }
    case 'quote':
      return (
        <blockquote key={key}>
          <RichText blocks={block.blocks} />
        </blockquote>
      );
  }
}

function renderInlines(inlines: readonly RichInline[]): ReactNode[] {
  return inlines.map((inline, index) => {
    if (inline.kind === 'break') return <br key={index} />;
    if (inline.kind === 'citation') return <ReportCitation key={index} event={inline.event} />;
    const { marks } = inline;
    let node: ReactNode = inline.text;
    if (marks.code) node = <code>{node}</code>;
    if (marks.bold) node = <strong>{node}</strong>;
    if (marks.italic) node = <em>{node}</em>;
    if (marks.underline) node = <u>{node}</u>;
    if (marks.strike) node = <s>{node}</s>;
    if (marks.link) {
      node = (
        <a href={marks.link} rel="noopener noreferrer nofollow" target="_blank">
          {node}
        </a>
      );
    }
    return <Fragment key={index}>{node}</Fragment>;
  });
}
