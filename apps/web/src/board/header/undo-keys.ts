/** The parts of a keyboard event the board's undo shortcuts look at. */
export interface ShortcutKeys {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

/** Ctrl/Cmd+Z → undo; Ctrl/Cmd+Shift+Z and Ctrl+Y → redo; anything else → null. */
export function undoShortcut(keys: ShortcutKeys): 'undo' | 'redo' | null {
  if (keys.altKey || !(keys.ctrlKey || keys.metaKey)) return null;
  const key = keys.key.toLowerCase();
  if (key === 'z') return keys.shiftKey ? 'redo' : 'undo';
  if (key === 'y' && !keys.shiftKey) return 'redo';
  return null;
}

/**
 * True when the event target edits text itself (inputs, textareas, selects, rich-text editors):
 * those keep their own native or editor undo, and the board's shortcut stays out of their way.
 */
export function isTextEditingTarget(target: EventTarget | null): boolean {
  if (!target || typeof (target as Element).closest !== 'function') return false;
  const element = target as HTMLElement;
  if (element.isContentEditable) return true;
  return element.closest('input, textarea, select, [contenteditable]:not([contenteditable="false"])') !== null;
}
