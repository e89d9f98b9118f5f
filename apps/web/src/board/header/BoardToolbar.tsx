import { useEffect, useState, type MouseEvent } from 'react';
import { RedoIcon, UndoIcon } from '../../ui/icons';
import type { BoardUndo } from './use-board-undo';
import './board-toolbar.css';

export interface BoardSectionLink {
  /** The element id of the section's wrapper on the board. */
  id: string;
  label: string;
}

interface BoardToolbarProps {
  sections: readonly BoardSectionLink[];
  /** Null for people who cannot edit: no undo controls at all. */
  undo: BoardUndo | null;
}

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
const MOD = isMac ? '⌘' : 'Ctrl+';

/** The bar that stays at the top of the board: jump to a section, undo and redo your own changes. */
export function BoardToolbar({ sections, undo }: BoardToolbarProps) {
  const current = useCurrentSection(sections);
  const jump = (event: MouseEvent<HTMLAnchorElement>, id: string) => {
    const target = document.getElementById(id);
    if (!target) return;
    // scroll and focus without writing the section into the address (its fragment carries tokens)
    event.preventDefault();
    const reduced = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    target.scrollIntoView({ behavior: reduced ? 'auto' : 'smooth', block: 'start' });
    target.focus({ preventScroll: true });
  };
  return (
    <div className="board-toolbar" data-testid="board-toolbar">
      <nav className="section-nav" aria-label="Board sections">
        <ul>
          {sections.map((section) => (
            <li key={section.id}>
              <a
                href={`#${section.id}`}
                className="section-nav__link"
                aria-current={current === section.id ? 'location' : undefined}
                onClick={(event) => jump(event, section.id)}
              >
                {section.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {undo && (
        <div className="board-toolbar__actions" role="group" aria-label="History">
          <button
            type="button"
            className="icon-button"
            onClick={undo.undo}
            disabled={!undo.canUndo}
            aria-label="Undo your last change"
            aria-keyshortcuts={isMac ? 'Meta+Z' : 'Control+Z'}
            title={`Undo your last change (${MOD}Z)`}
            data-testid="undo-button"
          >
            <UndoIcon />
          </button>
          <button
            type="button"
            className="icon-button"
            onClick={undo.redo}
            disabled={!undo.canRedo}
            aria-label="Redo"
            aria-keyshortcuts={isMac ? 'Meta+Shift+Z' : 'Control+Shift+Z Control+Y'}
            title={`Redo (${isMac ? '⌘⇧Z' : 'Ctrl+Shift+Z or Ctrl+Y'})`}
            data-testid="redo-button"
          >
            <RedoIcon />
          </button>
        </div>
      )}
    </div>
  );
}

/** The section nearest the top of the viewport, for `aria-current` in the nav. */
function useCurrentSection(sections: readonly BoardSectionLink[]): string | null {
  const [current, setCurrent] = useState<string | null>(null);
  useEffect(() => {
    const visible = new Map<string, number>();
    const observer = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) {
          if (entry.isIntersecting) visible.set(entry.target.id, entry.boundingClientRect.top);
          else visible.delete(entry.target.id);
        }
        const first = sections.find((section) => visible.has(section.id));
        setCurrent(first?.id ?? null);
      },
      // the band just under the sticky toolbar counts as "here"
      { rootMargin: '-80px 0px -55% 0px' },
    );
    for (const section of sections) {
      const element = document.getElementById(section.id);
      if (element) observer.observe(element);
    }
    return () => observer.disconnect();
  }, [sections]);
  return current;
}
