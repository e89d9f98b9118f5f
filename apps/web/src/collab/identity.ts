/**
 * Who "I" am on every board of this browser: a display name and a colour, kept in localStorage so
 * they are asked for once. Presence (awareness `user`) and Tiptap's carets show exactly these.
 */
import { PRESENCE_COLORS } from '@hindsight/protocol';
import type { PresenceUser } from './presence';

// Presence colours, each dark enough for white initials on it (contrast ≥ 4.5:1, see the test);
// on the wire contract, since the server checks a pseudonym's colour.
export { PRESENCE_COLORS };

export const DISPLAY_NAME_MAX_LENGTH = 40;

const NAME_KEY = 'hindsight:display-name';
const COLOR_KEY = 'hindsight:color';

/** A name as typed, tidied: trimmed, inner runs of whitespace collapsed, cut to the limit. */
export function normaliseDisplayName(raw: string): string {
  return raw.replace(/\s+/g, ' ').trim().slice(0, DISPLAY_NAME_MAX_LENGTH).trim();
}

/** Up to two initials for an avatar: "Ada Lovelace" → "AL", "grace" → "G". */
export function initialsOf(name: string): string {
  // the first letter or digit of each word: "Bob (SRE)" → "BS", not "B("
  const letters = normaliseDisplayName(name)
    .split(/[\s-]+/)
    .map((word) => /[\p{L}\p{N}]/u.exec(word)?.[0])
    .filter((letter): letter is string => Boolean(letter));
  if (letters.length === 0) return '?';
  const first = letters[0]!;
  const last = letters.length > 1 ? letters[letters.length - 1]! : '';
  return (first + last).toLocaleUpperCase();
}

/** A colour from the palette; `random` in [0, 1). */
export function pickColor(random: number = Math.random()): string {
  return PRESENCE_COLORS[Math.floor(random * PRESENCE_COLORS.length) % PRESENCE_COLORS.length]!;
}

/** The pause before reappearing under a new identity: everyone switches at once, in random order. */
export const REJOIN_DELAY_MS = { min: 500, max: 3000 } as const;

/** A pause drawn uniformly from REJOIN_DELAY_MS; `random` in [0, 1). */
export function rejoinDelayMs(random: number = Math.random()): number {
  return REJOIN_DELAY_MS.min + random * (REJOIN_DELAY_MS.max - REJOIN_DELAY_MS.min);
}

/** The remembered name (null before the first join) and colour (chosen and remembered on first read). */
export function loadIdentity(): { name: string | null; color: string } {
  const stored = safely(() => localStorage.getItem(NAME_KEY));
  const name = stored ? normaliseDisplayName(stored) : '';
  let color = safely(() => localStorage.getItem(COLOR_KEY)) ?? '';
  if (!(PRESENCE_COLORS as readonly string[]).includes(color)) {
    color = pickColor();
    safely(() => localStorage.setItem(COLOR_KEY, color));
  }
  return { name: name || null, color };
}

/** Remembers the display name and colour for the next visit. */
export function saveIdentity(user: PresenceUser): void {
  safely(() => {
    localStorage.setItem(NAME_KEY, normaliseDisplayName(user.name));
    localStorage.setItem(COLOR_KEY, user.color);
  });
}

// Storage may be disabled (strict privacy settings): the name then lasts until the tab closes.
function safely<T>(run: () => T): T | undefined {
  try {
    return run();
  } catch {
    return undefined;
  }
}
