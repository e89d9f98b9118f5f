import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import './menu.css';

export type MenuEntry =
  | { kind: 'item'; label: string; onSelect: () => void; tone?: 'danger'; testId?: string }
  | { kind: 'heading'; label: string };

interface MenuButtonProps {
  /** Accessible name of the button, e.g. "Actions for note". */
  label: string;
  /** Built when the menu opens, so closed menus cost nothing on a large board. */
  entries: () => MenuEntry[];
  children: ReactNode;
  className?: string;
  testId?: string;
}

/**
 * A menu button (WAI-ARIA menu pattern): Enter, Space or ArrowDown opens it on the first item;
 * arrows, Home and End move; Escape closes it and returns focus to the button.
 */
export function MenuButton({ label, entries, children, className, testId }: MenuButtonProps) {
  const [open, setOpen] = useState<MenuEntry[] | null>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  const menuId = useId();

  const close = (returnFocus: boolean) => {
    setOpen(null);
    if (returnFocus) buttonRef.current?.focus();
  };

  useEffect(() => {
    if (!open) return;
    menuRef.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    const onPointerDown = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!menuRef.current?.contains(target) && !buttonRef.current?.contains(target)) setOpen(null);
    };
    document.addEventListener('pointerdown', onPointerDown, true);
    return () => document.removeEventListener('pointerdown', onPointerDown, true);
  }, [open]);

  const items = () => [...(menuRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
  const onMenuKeyDown = (event: React.KeyboardEvent) => {
    const list = items();
    const index = list.indexOf(document.activeElement as HTMLElement);
    const focusAt = (i: number) => list[(i + list.length) % list.length]?.focus();
    switch (event.key) {
      case 'ArrowDown':
        focusAt(index + 1);
        break;
      case 'ArrowUp':
        focusAt(index - 1);
        break;
      case 'Home':
        focusAt(0);
        break;
      case 'End':
        focusAt(list.length - 1);
        break;
      case 'Escape':
        close(true);
        break;
      case 'Tab':
        setOpen(null);
        return;
      default:
        return;
    }
    event.preventDefault();
    event.stopPropagation();
  };

  return (
    <span className="menu">
      <button
        ref={buttonRef}
        type="button"
        className={className ?? 'icon-button'}
        aria-label={label}
        title={label}
        aria-haspopup="menu"
        aria-expanded={open !== null}
        aria-controls={open ? menuId : undefined}
        data-testid={testId}
        onClick={() => (open ? close(false) : setOpen(entries()))}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown' && !open) {
            event.preventDefault();
            setOpen(entries());
          }
        }}
      >
        {children}
      </button>
      {open && (
        <div ref={menuRef} id={menuId} role="menu" aria-label={label} className="menu__list" onKeyDown={onMenuKeyDown}>
          {open.map((entry, index) =>
            entry.kind === 'heading' ? (
              <div key={index} role="presentation" className="menu__heading">
                {entry.label}
              </div>
            ) : (
              <button
                key={index}
                type="button"
                role="menuitem"
                tabIndex={-1}
                className={entry.tone === 'danger' ? 'menu__item menu__item--danger' : 'menu__item'}
                data-testid={entry.testId}
                onClick={() => {
                  close(true);
                  entry.onSelect();
                }}
              >
                {entry.label}
              </button>
            ),
          )}
        </div>
      )}
    </span>
  );
}
