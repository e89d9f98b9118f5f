/**
 * How another person's caret looks in a narrative editor: a thin bar in their colour with their
 * name above it. Names and colours come from other clients' awareness, so both are treated as
 * untrusted: the name only ever becomes a text node, the colour must be a plain hex colour.
 */

const HEX_COLOR = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;
const FALLBACK_COLOR = '#6b7280';

/** A hex colour safe to put in a style, or a neutral grey. */
export function caretColor(value: unknown): string {
  return typeof value === 'string' && HEX_COLOR.test(value) ? value : FALLBACK_COLOR;
}

/** Black or white, whichever reads better on `hexColor` (WCAG relative luminance). */
export function labelTextColor(hexColor: string): '#000000' | '#ffffff' {
  const hex = caretColor(hexColor).slice(1);
  const full = hex.length === 3 ? [...hex].map((digit) => digit + digit).join('') : hex;
  const linear = (offset: number) => {
    const channel = parseInt(full.slice(offset, offset + 2), 16) / 255;
    return channel <= 0.04045 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * linear(0) + 0.7152 * linear(2) + 0.0722 * linear(4);
  // Contrast with black is (L + 0.05) / 0.05, with white 1.05 / (L + 0.05); they meet at L ≈ 0.179.
  return luminance > 0.179 ? '#000000' : '#ffffff';
}

/** The name to show for a peer, never empty. */
export function caretName(value: unknown): string {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : 'Someone';
}

/** Builds the caret element for CollaborationCaret's `render` option. */
export function renderCaret(user: Record<string, unknown>): HTMLElement {
  const color = caretColor(user.color);
  const caret = document.createElement('span');
  caret.className = 'narrative-caret';
  caret.style.borderColor = color;
  // Screen readers learn who is here from the section's presence marker, not from inside the text.
  caret.setAttribute('aria-hidden', 'true');

  const label = document.createElement('span');
  label.className = 'narrative-caret__label';
  label.style.backgroundColor = color;
  label.style.color = labelTextColor(color);
  label.textContent = caretName(user.name);
  caret.append(label);
  return caret;
}
