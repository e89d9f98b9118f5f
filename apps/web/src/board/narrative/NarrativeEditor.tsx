import { memo, useEffect, useId, useMemo, useState, type FocusEvent } from 'react';
import { EditorContent, useEditor } from '@tiptap/react';
import { NARRATIVE_LABELS, narrativeFragment, type NarrativeSection } from '@hindsight/review';
import type { Awareness } from 'y-protocols/awareness';
import { setEditing, useEditorsOf } from '../../collab/presence';
import type { SectionProps } from '../section';
import { narrativeExtensions } from './extensions';
import { NarrativeHints } from '../hints/NarrativeHints';
import { NarrativeToolbar } from './NarrativeToolbar';
import { CiteEventButton } from '../citations/CiteEventButton';
import { NARRATIVE_PROMPTS, narrativeTarget } from './sections';
import '../../ui/prose.css';

interface NarrativeEditorProps extends Omit<SectionProps, 'session' | 'canFollowUp'> {
  section: NarrativeSection;
}

/**
 * One narrative section: its heading, who else is in it, and a Tiptap editor bound to the
 * section's shared fragment. The editor never re-renders React on a transaction; only the
 * toolbar (while this section has focus) follows the selection, through a narrow selector.
 */
export const NarrativeEditor = memo(function NarrativeEditor({
  doc,
  provider,
  canEdit,
  section,
}: NarrativeEditorProps) {
  const title = NARRATIVE_LABELS[section];
  const prompt = NARRATIVE_PROMPTS[section];
  const target = narrativeTarget(section);
  const headingId = useId();
  const editableId = useId();
  const awareness = provider.awareness;
  const fragment = useMemo(() => narrativeFragment(doc, section), [doc, section]);
  const extensions = useMemo(() => narrativeExtensions({ fragment, provider, prompt }), [fragment, provider, prompt]);
  const [hasFocus, setHasFocus] = useState(false);
  const editableAttributes = (editable: boolean): Record<string, string> => ({
    id: editableId,
    class: 'narrative-editor__content prose',
    role: 'textbox',
    'aria-multiline': 'true',
    'aria-readonly': String(!editable),
    'aria-label': `${title} narrative`,
    'data-testid': `narrative-editable-${section}`,
  });

  const editor = useEditor(
    {
      extensions,
      editable: canEdit,
      immediatelyRender: true,
      shouldRerenderOnTransaction: false,
      editorProps: { attributes: editableAttributes(canEdit) },
    },
    [extensions],
  );

  // Read-only can change while the board is open (the connection ends): follow it without
  // rebuilding the editor, which would drop the person's undo history.
  useEffect(() => {
    if (!editor || editor.isDestroyed) return;
    if (!canEdit) {
      setHasFocus(false);
      stopEditing(awareness, target);
    }
    if (editor.options.editable === canEdit) return;
    editor.setOptions({ editorProps: { ...editor.options.editorProps, attributes: editableAttributes(canEdit) } });
    editor.setEditable(canEdit, false);
  }, [editor, canEdit, awareness, target]);

  // Leaving the board while in this section must not leave a stale "editing" marker behind.
  useEffect(() => () => stopEditing(awareness, target), [awareness, target]);

  const onFocus = () => {
    if (!canEdit) return;
    setHasFocus(true);
    setEditing(awareness, target);
  };
  // Focus moving between the text and its toolbar stays inside the section: still editing.
  const onBlur = (event: FocusEvent<HTMLElement>) => {
    if (event.currentTarget.contains(event.relatedTarget as Node | null)) return;
    setHasFocus(false);
    stopEditing(awareness, target);
  };

  return (
    <section
      className={hasFocus ? 'narrative-editor narrative-editor--focused' : 'narrative-editor'}
      aria-labelledby={headingId}
      data-testid={`narrative-${section}`}
      data-section={section}
      onFocus={onFocus}
      onBlur={onBlur}
    >
      <div className="narrative-editor__head">
        <h3 id={headingId} className="narrative-editor__title">
          {title}
        </h3>
        <SectionPresence awareness={awareness} target={target} title={title} />
        {canEdit && hasFocus && editor && (
          <>
            <NarrativeToolbar editor={editor} sectionTitle={title} controls={editableId} />
            <CiteEventButton editor={editor} doc={doc} sectionTitle={title} />
          </>
        )}
      </div>
      <EditorContent editor={editor} className="narrative-editor__body" />
      {canEdit && hasFocus && editor && <NarrativeHints editor={editor} />}
    </section>
  );
});

function stopEditing(awareness: Awareness, target: string) {
  const editing = (awareness.getLocalState() as { editing?: unknown } | null)?.editing;
  if (editing === target) setEditing(awareness, null);
}

/** Who else is writing in this section; its own component so presence changes re-render only it. */
function SectionPresence({ awareness, target, title }: { awareness: Awareness; target: string; title: string }) {
  const editors = useEditorsOf(awareness, target);
  if (editors.length === 0) return null;
  const names = editors.map((peer) => peer.user.name);
  return (
    <p className="narrative-presence" data-testid="narrative-presence">
      <span className="visually-hidden">{`Also writing in ${title}: `}</span>
      {editors.map((peer) => (
        <span
          key={peer.clientId}
          className="narrative-presence__person"
          style={{ ['--peer-color' as string]: peer.user.color }}
        >
          <span className="narrative-presence__dot" aria-hidden="true" />
          {peer.user.name}
        </span>
      ))}
      <span className="narrative-presence__verb" aria-hidden="true">
        {names.length === 1 ? 'is writing' : 'are writing'}
      </span>
    </p>
  );
}
