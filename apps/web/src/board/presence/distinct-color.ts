import { PRESENCE_COLORS } from '../../collab/identity';

/** Another person's published presence: their awareness client id and colour. */
export interface ColorHolder {
  clientId: number;
  color: string;
}

/**
 * The colour to show for client `clientId`, whose own choice is `wanted`, so that two people on one
 * board are not drawn alike: a colour shown by someone with a lower client id is taken, and is then
 * swapped for the next palette colour nobody shows. The lowest id never moves, and each client only
 * yields to lower ids, so everyone settles on distinct colours while the palette lasts.
 * `avoid` is never chosen as a swap (a pseudonym must not take its writer's own colour).
 */
export function distinctColor(
  wanted: string,
  clientId: number,
  others: readonly ColorHolder[],
  avoid: string | null = null,
): string {
  const taken = new Set(others.filter((other) => other.clientId < clientId).map((other) => other.color));
  if (!taken.has(wanted)) return wanted;
  const shown = new Set(others.map((other) => other.color));
  const start = Math.max(0, (PRESENCE_COLORS as readonly string[]).indexOf(wanted));
  const rotation = PRESENCE_COLORS.map((_, k) => PRESENCE_COLORS[(start + 1 + k) % PRESENCE_COLORS.length]!);
  const usable = rotation.filter((color) => color !== avoid && !taken.has(color));
  return usable.find((color) => !shown.has(color)) ?? usable[0] ?? wanted;
}
