import type { Extensions } from '@tiptap/core';
import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import Placeholder from '@tiptap/extension-placeholder';
import StarterKit from '@tiptap/starter-kit';
import type { Awareness } from 'y-protocols/awareness';
import type { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import { BlamelessHints } from '../hints/narrative-hints';
import { renderCaret } from './caret';
import { EventRef } from '../citations/event-ref';

/** Content headings sit below the board's h2 (Narrative) and h3 (the section's name). */
export const CONTENT_HEADING_LEVEL = 4;

/** The local person as the board shell published them in awareness, if it has yet. */
export function localUser(awareness: Awareness): Record<string, unknown> | undefined {
  const user = (awareness.getLocalState() as { user?: unknown } | null)?.user;
  return user && typeof user === 'object' ? (user as Record<string, unknown>) : undefined;
}

/**
 * CollaborationCaret publishes its `user` option to awareness when its view starts. The board
 * shell owns that field (it sets and renames the local person), so publish what the shell set
 * last, read at that moment, instead of a copy taken when the editor was configured; with no user
 * set yet nothing is published and the shell's later value stands.
 */
const ShellUserCaret = CollaborationCaret.extend({
  addProseMirrorPlugins() {
    this.options.user = localUser(this.options.provider.awareness) as Record<string, unknown>;
    return this.parent?.() ?? [];
  },
});

interface NarrativeExtensionsInput {
  fragment: Y.XmlFragment;
  provider: WebsocketProvider;
  prompt: string;
}

/** The editor set for one narrative section, bound to its shared fragment. */
export function narrativeExtensions({ fragment, provider, prompt }: NarrativeExtensionsInput): Extensions {
  return [
    StarterKit.configure({
      // Collaboration brings its own undo, limited to this person's changes in this section.
      undoRedo: false,
      heading: { levels: [CONTENT_HEADING_LEVEL] },
      codeBlock: false,
      horizontalRule: false,
      link: { openOnClick: false, autolink: true },
    }),
    Collaboration.configure({ fragment }),
    ShellUserCaret.configure({
      provider,
      user: localUser(provider.awareness),
      render: renderCaret,
    }),
    Placeholder.configure({
      placeholder: ({ editor }) => (editor.isEditable ? prompt : 'Nothing written yet.'),
      showOnlyWhenEditable: false,
    }),
    // Citations of timeline events, read live from the review document.
    EventRef.configure({ doc: fragment.doc }),
    // Advice for the writer only: decorations, never a change to the document.
    BlamelessHints,
  ];
}
