import { useEffect, useState } from 'react';
import type { Editor } from '@tiptap/core';
import { dismissedHints } from './dismissed-hints';
import { HintList } from './HintList';
import { applyHint, editorHints, type PlacedHint } from './narrative-hints';

/**
 * The list of a narrative editor's hints, under it while the writer is in the section. Follows the
 * editor's transactions itself, so the editor never re-renders React for hints.
 */
export function NarrativeHints({ editor }: { editor: Editor }) {
  const [hints, setHints] = useState<PlacedHint[]>(() => editorHints(editor.state));
  useEffect(() => {
    const update = () => {
      const next = editorHints(editor.state);
      setHints((previous) => (sameHints(previous, next) ? previous : next));
    };
    update();
    editor.on('transaction', update);
    return () => {
      editor.off('transaction', update);
    };
  }, [editor]);
  return (
    <HintList
      items={hints}
      onApply={(item) => applyHint(editor, item as PlacedHint)}
      onDismiss={(item) => dismissedHints.dismiss((item as PlacedHint).blockText, item.hint)}
    />
  );
}

function sameHints(a: PlacedHint[], b: PlacedHint[]): boolean {
  return a.length === b.length && a.every((hint, i) => hint.key === b[i]!.key && hint.quote === b[i]!.quote);
}
