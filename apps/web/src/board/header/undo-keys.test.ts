import { describe, expect, it } from 'vitest';
import { undoShortcut } from './undo-keys';

const keys = (
  key: string,
  mods: Partial<{ ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; altKey: boolean }> = {},
) => ({
  key,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  ...mods,
});

describe('undoShortcut', () => {
  it('maps Ctrl/Cmd+Z to undo and Ctrl/Cmd+Shift+Z or Ctrl+Y to redo', () => {
    expect(undoShortcut(keys('z', { ctrlKey: true }))).toBe('undo');
    expect(undoShortcut(keys('z', { metaKey: true }))).toBe('undo');
    expect(undoShortcut(keys('Z', { ctrlKey: true, shiftKey: true }))).toBe('redo');
    expect(undoShortcut(keys('Z', { metaKey: true, shiftKey: true }))).toBe('redo');
    expect(undoShortcut(keys('y', { ctrlKey: true }))).toBe('redo');
  });

  it('ignores plain keys and other combinations', () => {
    expect(undoShortcut(keys('z'))).toBeNull();
    expect(undoShortcut(keys('z', { ctrlKey: true, altKey: true }))).toBeNull();
    expect(undoShortcut(keys('y', { ctrlKey: true, shiftKey: true }))).toBeNull();
    expect(undoShortcut(keys('x', { ctrlKey: true }))).toBeNull();
  });
});
