/**
 * The narrative's citation of a timeline event: an inline atom node (`eventRef`) that stores only
 * the event's id. Its view reads the event from the live review document, so it shows the event's
 * current time and words (and follows anyone's edit of them) or "removed event"; clicking it reveals
 * the event on the timeline. The server accepts exactly this node and attribute (narrative-schema.ts).
 */
import { mergeAttributes, Node } from '@tiptap/core';
import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import type * as Y from 'yjs';
import { EVENT_REF_ATTR, EVENT_REF_NODE, isEventId, observeReview } from '@hindsight/review';
import { timeFormat, viewerTimeZone, type TimeFormat } from '../timeline/time';
import { citationView, eventAnchorId, revealEvent } from './citation-view';
import './citation.css';

export interface EventRefOptions {
  /** The review document the cited events are read from. */
  doc: Y.Doc | null;
}

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    eventRef: {
      /** Inserts a citation of the event at the selection, followed by a space to type on. */
      insertEventRef: (eventId: string) => ReturnType;
    };
  }
}

export const EventRef = Node.create<EventRefOptions>({
  name: EVENT_REF_NODE,
  group: 'inline',
  inline: true,
  atom: true,
  selectable: true,
  draggable: false,

  addOptions() {
    return { doc: null };
  },

  addAttributes() {
    return {
      [EVENT_REF_ATTR]: {
        default: null,
        // a pasted citation keeps its event only when the id has the shape the server accepts
        parseHTML: (element) => {
          const id = element.getAttribute('data-event-id');
          return isEventId(id) ? id : null;
        },
        renderHTML: (attributes) => (attributes[EVENT_REF_ATTR] ? { 'data-event-id': attributes[EVENT_REF_ATTR] } : {}),
      },
    };
  },

  parseHTML() {
    return [{ tag: 'span[data-event-ref]' }];
  },

  renderHTML({ HTMLAttributes }) {
    return ['span', mergeAttributes({ 'data-event-ref': '' }, HTMLAttributes)];
  },

  addCommands() {
    return {
      insertEventRef:
        (eventId) =>
        ({ commands }) =>
          commands.insertContent([
            { type: this.name, attrs: { [EVENT_REF_ATTR]: eventId } },
            { type: 'text', text: ' ' },
          ]),
    };
  },

  addNodeView() {
    const { doc } = this.options;
    return ({ node }) => citationNodeView(doc, node);
  },
});

/** The live view of one citation: re-rendered whenever the review changes (the cited event may have). */
function citationNodeView(doc: Y.Doc | null, initial: ProseMirrorNode) {
  const format = timeFormat(viewerTimeZone());
  const dom = document.createElement('span');
  dom.className = 'event-ref-node';
  let eventId: unknown = initial.attrs[EVENT_REF_ATTR];
  let shown = '';
  const render = () => {
    if (!doc) return;
    const next = renderCitation(doc, eventId, format);
    if (next.signature === shown) return;
    shown = next.signature;
    dom.replaceChildren(next.element);
  };
  render();
  const stop = doc ? observeReview(doc, render) : () => {};
  dom.addEventListener('click', (event) => {
    if (!isEventId(eventId)) return;
    event.preventDefault();
    revealEvent(eventId);
  });
  return {
    dom,
    update: (node: ProseMirrorNode) => {
      if (node.type.name !== EVENT_REF_NODE) return false;
      eventId = node.attrs[EVENT_REF_ATTR];
      render();
      return true;
    },
    // the view's own DOM changes are renders, never edits for ProseMirror to read back
    ignoreMutation: () => true,
    destroy: stop,
  };
}

function renderCitation(doc: Y.Doc, eventId: unknown, format: TimeFormat): { signature: string; element: HTMLElement } {
  const view = citationView(doc, eventId, format);
  if (view.removed) {
    const element = document.createElement('span');
    element.className = 'event-ref event-ref--removed';
    element.dataset.testid = 'event-ref';
    element.textContent = view.text;
    element.title = 'The cited event was removed from the timeline';
    return { signature: 'removed', element };
  }
  const element = document.createElement('a');
  element.className = 'event-ref';
  element.href = `#${eventAnchorId(view.eventId)}`;
  element.dataset.testid = 'event-ref';
  element.dataset.eventId = view.eventId;
  element.title = `Show this event on the timeline (${view.fullTime})`;
  const time = document.createElement('time');
  time.className = 'event-ref__time';
  time.textContent = view.time;
  const text = document.createElement('span');
  text.className = 'event-ref__text';
  text.textContent = view.text;
  element.append(time, ' ', text);
  return { signature: `${view.eventId}|${view.time}|${view.text}`, element };
}
