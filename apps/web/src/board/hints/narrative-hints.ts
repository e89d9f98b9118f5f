/**
 * Blameless-language hints in a Tiptap editor: a ProseMirror plugin runs blamelessHints over each
 * text block and underlines the matched words (inline decorations, which change nothing in the
 * document), and keeps the hints with their document positions for the list under the editor.
 */
import { Extension, type Editor } from '@tiptap/core';
import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import { Plugin, PluginKey, type EditorState } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import { yUndoPluginKey } from '@tiptap/y-tiptap';
import { blamelessHints } from '@hindsight/review';
import { dismissedHints } from './dismissed-hints';
import type { ShownHint } from './HintList';

/** A hint of one text block, placed in the document. */
export interface PlacedHint extends ShownHint {
  from: number;
  to: number;
  /** The block's text (to dismiss the hint for that sentence). */
  blockText: string;
}

interface HintsState {
  hints: PlacedHint[];
  decorations: DecorationSet;
}

export const narrativeHintsKey = new PluginKey<HintsState>('blamelessHints');

// Each leaf inline node (a hard break) counts as one character, as it does in positions.
const LEAF = '\ufffc';

function findHints(doc: ProseMirrorNode): HintsState {
  const hints: PlacedHint[] = [];
  doc.descendants((node, pos) => {
    if (!node.isTextblock) return true;
    const text = node.textBetween(0, node.content.size, undefined, LEAF);
    for (const hint of dismissedHints.visible(text, blamelessHints(text))) {
      const from = pos + 1 + hint.start;
      const to = pos + 1 + hint.end;
      hints.push({
        key: `${from}:${hint.ruleId}`,
        hint,
        quote: text.slice(hint.start, hint.end),
        from,
        to,
        blockText: text,
      });
    }
    return false;
  });
  const decorations = DecorationSet.create(
    doc,
    hints.map(({ from, to, hint }) =>
      Decoration.inline(from, to, { class: 'blameless-hint-mark', title: hint.message, 'data-testid': 'hint-mark' }),
    ),
  );
  return { hints, decorations };
}

/** The hints the editor shows now. */
export function editorHints(state: EditorState): PlacedHint[] {
  return narrativeHintsKey.getState(state)?.hints ?? [];
}

/**
 * Applies a hint's suggestion as a normal edit (through the collaboration binding, like typing) and
 * returns focus to the editor, so Ctrl+Z there undoes it; it is an undo step of its own.
 */
export function applyHint(editor: Editor, placed: PlacedHint): void {
  const current = editor.state.doc.textBetween(placed.from, placed.to, undefined, LEAF);
  if (current !== placed.quote) return; // the words changed meanwhile: the hint is stale
  (
    yUndoPluginKey.getState(editor.state) as { undoManager?: { stopCapturing(): void } } | undefined
  )?.undoManager?.stopCapturing();
  editor
    .chain()
    .focus()
    .command(({ tr }) => {
      if (placed.hint.suggestion) tr.insertText(placed.hint.suggestion, placed.from, placed.to);
      else tr.delete(placed.from, placed.to);
      return true;
    })
    .run();
}

/** The Tiptap extension: underlines, recomputed when the text changes or a hint is dismissed. */
export const BlamelessHints = Extension.create<Record<string, never>, { unsubscribe?: () => void }>({
  name: 'blamelessHints',

  addStorage() {
    return {};
  },

  addProseMirrorPlugins() {
    const editor = this.editor;
    return [
      new Plugin<HintsState>({
        key: narrativeHintsKey,
        state: {
          init: (_, state) => findHints(state.doc),
          apply: (tr, previous, _old, state) =>
            tr.docChanged || tr.getMeta(narrativeHintsKey) ? findHints(state.doc) : previous,
        },
        props: {
          // Hints are for writers: a read-only editor shows none.
          decorations: (state) => (editor.isEditable ? narrativeHintsKey.getState(state)?.decorations : null),
        },
      }),
    ];
  },

  onCreate() {
    this.storage.unsubscribe = dismissedHints.subscribe(() => {
      if (this.editor.isDestroyed) return;
      this.editor.view.dispatch(
        this.editor.state.tr.setMeta(narrativeHintsKey, 'dismissed').setMeta('addToHistory', false),
      );
    });
  },

  onDestroy() {
    this.storage.unsubscribe?.();
  },
});
