/**
 * Pseudonyms for presence while a review's findings are anonymous: "Quiet Otter" and a colour,
 * drawn at random once per review in each browser tab (kept in sessionStorage, so a reload keeps it
 * and another tab or another review gets a different one). Nothing in it comes from the person's
 * name, colour or anything else about them.
 */
import {
  PRESENCE_COLORS,
  PSEUDONYM_ADJECTIVES,
  PSEUDONYM_ANIMALS,
  isPseudonym as isWirePseudonym,
} from '@hindsight/protocol';
import type { PresenceUser } from '../../collab/presence';

/** A source of numbers in [0, 1), like Math.random (tests pass a seeded one). */
export type RandomSource = () => number;

/**
 * Draws a pseudonym and a presence colour. `avoidColor` (the person's own colour) is never drawn,
 * so the colour cannot hint at who is behind the pseudonym.
 */
export function generatePseudonym(random: RandomSource = Math.random, avoidColor?: string): PresenceUser {
  const adjective = pick(PSEUDONYM_ADJECTIVES, random());
  const animal = pick(PSEUDONYM_ANIMALS, random());
  const colors = PRESENCE_COLORS.filter((color) => color !== avoidColor);
  return { name: `${adjective} ${animal}`, color: pick(colors, random()) };
}

/** True for a value this module could have drawn (anything else in storage is drawn again). */
export function isPseudonym(value: unknown): value is PresenceUser {
  return isWirePseudonym(value);
}

/** The part of the Storage API used here (sessionStorage in the browser). */
export type PseudonymStorage = Pick<Storage, 'getItem' | 'setItem'>;

const key = (reviewId: string) => `hindsight:pseudonym:${reviewId}`;

/**
 * This tab's pseudonym on `reviewId`: the stored one, or a new one (stored for the next reload).
 * Works without storage (blocked by privacy settings): the pseudonym then lasts while the page does.
 */
export function loadPseudonym(
  reviewId: string,
  options: { storage?: PseudonymStorage | null; random?: RandomSource; avoidColor?: string } = {},
): PresenceUser {
  const storage = options.storage === undefined ? sessionStorageOrNull() : options.storage;
  const stored = safely(() => JSON.parse(storage?.getItem(key(reviewId)) ?? 'null') as unknown);
  if (isPseudonym(stored)) return { name: stored.name, color: stored.color };
  const drawn = generatePseudonym(options.random, options.avoidColor);
  safely(() => storage?.setItem(key(reviewId), JSON.stringify(drawn)));
  return drawn;
}

function pick<T>(items: readonly T[], random: number): T {
  const index = Math.min(items.length - 1, Math.max(0, Math.floor(random * items.length)));
  return items[index]!;
}

function sessionStorageOrNull(): PseudonymStorage | null {
  return safely(() => window.sessionStorage) ?? null;
}

function safely<T>(run: () => T): T | undefined {
  try {
    return run();
  } catch {
    return undefined;
  }
}
