import { useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { Editor } from '@tiptap/core';
import { useEditorState } from '@tiptap/react';
import { ListIcon } from '../../ui/icons';
import { CONTENT_HEADING_LEVEL } from './extensions';

interface ToolbarProps {
  editor: Editor;
  /** The section's name, for the toolbar's accessible name. */
  sectionTitle: string;
  /** The id of the editable this toolbar formats. */
  controls: string;
}

interface FormatButton {
  key: 'bold' | 'italic' | 'heading' | 'bulletList' | 'orderedList';
  label: string;
  shortcut: string;
  icon: ReactNode;
  run: (editor: Editor) => void;
}

const BUTTONS: FormatButton[] = [
  {
    key: 'bold',
    label: 'Bold',
    shortcut: 'Ctrl+B',
    icon: <b aria-hidden="true">B</b>,
    run: (editor) => editor.chain().focus().toggleBold().run(),
  },
  {
    key: 'italic',
    label: 'Italic',
    shortcut: 'Ctrl+I',
    icon: (
      <i aria-hidden="true" className="narrative-toolbar__serif">
        I
      </i>
    ),
    run: (editor) => editor.chain().focus().toggleItalic().run(),
  },
  {
    key: 'heading',
    label: 'Heading',
    shortcut: `Ctrl+Alt+${CONTENT_HEADING_LEVEL}`,
    icon: <span aria-hidden="true">H</span>,
    run: (editor) => editor.chain().focus().toggleHeading({ level: CONTENT_HEADING_LEVEL }).run(),
  },
  {
    key: 'bulletList',
    label: 'Bullet list',
    shortcut: 'Ctrl+Shift+8',
    icon: <ListIcon numbered={false} />,
    run: (editor) => editor.chain().focus().toggleBulletList().run(),
  },
  {
    key: 'orderedList',
    label: 'Numbered list',
    shortcut: 'Ctrl+Shift+7',
    icon: <ListIcon numbered />,
    run: (editor) => editor.chain().focus().toggleOrderedList().run(),
  },
];

/**
 * Formatting buttons for the focused narrative editor. It subscribes to the editor through a
 * narrow selector, so a keystroke re-renders these five buttons only when a mark or block changes.
 * One tab stop, arrow keys move between buttons (the ARIA toolbar pattern).
 */
export function NarrativeToolbar({ editor, sectionTitle, controls }: ToolbarProps) {
  const active = useEditorState({
    editor,
    selector: ({ editor: current }) => ({
      bold: current.isActive('bold'),
      italic: current.isActive('italic'),
      heading: current.isActive('heading', { level: CONTENT_HEADING_LEVEL }),
      bulletList: current.isActive('bulletList'),
      orderedList: current.isActive('orderedList'),
    }),
  });
  const [focusIndex, setFocusIndex] = useState(0);
  const buttonRefs = useRef<(HTMLButtonElement | null)[]>([]);

  const moveFocus = (event: KeyboardEvent<HTMLDivElement>) => {
    const last = BUTTONS.length - 1;
    const next =
      event.key === 'ArrowRight'
        ? (focusIndex + 1) % BUTTONS.length
        : event.key === 'ArrowLeft'
          ? (focusIndex + last) % BUTTONS.length
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? last
              : null;
    if (next === null) return;
    event.preventDefault();
    setFocusIndex(next);
    buttonRefs.current[next]?.focus();
  };

  return (
    <div
      className="narrative-toolbar"
      role="toolbar"
      aria-label={`${sectionTitle} formatting`}
      aria-controls={controls}
      onKeyDown={moveFocus}
    >
      {BUTTONS.map((button, index) => (
        <button
          key={button.key}
          ref={(element) => {
            buttonRefs.current[index] = element;
          }}
          type="button"
          className="narrative-toolbar__button"
          aria-label={button.label}
          aria-pressed={active[button.key]}
          title={`${button.label} (${button.shortcut})`}
          tabIndex={index === focusIndex ? 0 : -1}
          // Keep the caret where it is: a click must not move focus out of the text first.
          onMouseDown={(event) => event.preventDefault()}
          onFocus={() => setFocusIndex(index)}
          onClick={() => button.run(editor)}
        >
          {button.icon}
        </button>
      ))}
    </div>
  );
}
