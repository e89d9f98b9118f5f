import { useMemo } from 'react';
import type { Editor } from '@tiptap/core';
import type * as Y from 'yjs';
import { listTimeline, sortTimeline } from '@hindsight/review';
import { MenuButton, type MenuEntry } from '../../ui/MenuButton';
import { timeFormat, viewerTimeZone } from '../timeline/time';
import { citationText } from './citation-view';

const LABEL_MAX = 80;

/**
 * "Cite event": a menu of the timeline's events, in time order, read when it opens; choosing one
 * puts a citation of it at the caret of this section's editor.
 */
export function CiteEventButton({ editor, doc, sectionTitle }: { editor: Editor; doc: Y.Doc; sectionTitle: string }) {
  const format = useMemo(() => timeFormat(viewerTimeZone()), []);
  const entries = (): MenuEntry[] => {
    const events = sortTimeline(listTimeline(doc));
    if (events.length === 0) return [{ kind: 'heading', label: 'No events on the timeline yet' }];
    return [
      { kind: 'heading', label: 'Cite a timeline event' },
      ...events.map(
        (event): MenuEntry => ({
          kind: 'item',
          label: `${format.time(event.at)} ${truncate(citationText(event.text))}`,
          testId: 'cite-event-option',
          onSelect: () => editor.chain().focus().insertEventRef(event.id).run(),
        }),
      ),
    ];
  };
  return (
    <MenuButton
      label={`Cite a timeline event in ${sectionTitle}`}
      entries={entries}
      className="narrative-toolbar__button narrative-toolbar__cite"
      testId="cite-event"
    >
      <span aria-hidden="true">Cite event</span>
    </MenuButton>
  );
}

function truncate(text: string): string {
  return text.length <= LABEL_MAX ? text : `${text.slice(0, LABEL_MAX - 1)}…`;
}
