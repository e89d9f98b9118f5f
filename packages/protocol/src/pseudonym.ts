/**
 * What presence may carry while a review's findings are anonymous: a pseudonym ("Quiet Otter") drawn
 * from these words, a colour from the presence palette, what the person is editing and a caret in
 * the narrative. The web client draws pseudonyms from here; the sync server refuses any state with
 * more, so a stale or modified client cannot announce a name.
 */

/** Presence colours, each dark enough for white initials on it (contrast ≥ 4.5:1, see the test). */
export const PRESENCE_COLORS = [
  '#b42318',
  '#b54708',
  '#027a48',
  '#0e7090',
  '#175cd3',
  '#5925dc',
  '#c11574',
  '#4e5ba6',
  '#93370d',
  '#107569',
] as const;

/** Friendly, neutral words: none of them judges a person (this is a blameless review). */
export const PSEUDONYM_ADJECTIVES = [
  'Amber',
  'Bold',
  'Brave',
  'Bright',
  'Calm',
  'Candid',
  'Cheerful',
  'Clever',
  'Cosy',
  'Curious',
  'Daring',
  'Eager',
  'Gentle',
  'Golden',
  'Happy',
  'Honest',
  'Jolly',
  'Keen',
  'Kind',
  'Lively',
  'Lucky',
  'Mellow',
  'Merry',
  'Misty',
  'Nimble',
  'Patient',
  'Plucky',
  'Polite',
  'Quiet',
  'Rapid',
  'Silver',
  'Sincere',
  'Spry',
  'Steady',
  'Sunny',
  'Swift',
  'Tidy',
  'Upbeat',
  'Vivid',
  'Warm',
] as const;

export const PSEUDONYM_ANIMALS = [
  'Alpaca',
  'Badger',
  'Beaver',
  'Bison',
  'Crane',
  'Dolphin',
  'Egret',
  'Falcon',
  'Ferret',
  'Finch',
  'Fox',
  'Gecko',
  'Hare',
  'Hedgehog',
  'Heron',
  'Ibis',
  'Kestrel',
  'Koala',
  'Lemur',
  'Llama',
  'Lynx',
  'Magpie',
  'Marten',
  'Moose',
  'Newt',
  'Ocelot',
  'Orca',
  'Otter',
  'Owl',
  'Panda',
  'Pelican',
  'Puffin',
  'Quokka',
  'Raven',
  'Robin',
  'Seal',
  'Swan',
  'Tapir',
  'Walrus',
  'Wren',
] as const;

/** True for exactly `{ name, color }` with a name and colour the pseudonym draw could produce. */
export function isPseudonym(value: unknown): value is { name: string; color: string } {
  if (typeof value !== 'object' || value === null || Object.keys(value).length !== 2) return false;
  const { name, color } = value as { name?: unknown; color?: unknown };
  if (typeof name !== 'string' || typeof color !== 'string') return false;
  const [adjective, animal, ...rest] = name.split(' ');
  return (
    rest.length === 0 &&
    (PSEUDONYM_ADJECTIVES as readonly string[]).includes(adjective ?? '') &&
    (PSEUDONYM_ANIMALS as readonly string[]).includes(animal ?? '') &&
    (PRESENCE_COLORS as readonly string[]).includes(color)
  );
}

/** An editing marker: what part of the board, and the id of the item (never free text). */
const EDITING_MARKER = /^(finding|group|timeline|action|narrative):[A-Za-z0-9_-]{1,64}$/;
/** A root type's name in a caret (`narrative:summary` at the end of a section): no spaces, no free text. */
const ROOT_NAME = /^[A-Za-z0-9_:-]{1,64}$/;

/**
 * True for a presence state the web client could publish under the anonymous policy: null (gone),
 * or only `user` (a pseudonym, or null), `editing` (a marker, or null) and `cursor` (the narrative
 * editor's caret: two relative positions, or null). Anything else (a name, an e-mail, another
 * field) is refused.
 */
export function isAnonymousPresenceState(state: unknown): boolean {
  if (state === null) return true;
  if (typeof state !== 'object' || Array.isArray(state)) return false;
  return Object.entries(state).every(([field, value]) => {
    if (value === null) return field === 'user' || field === 'editing' || field === 'cursor';
    if (field === 'user') return isPseudonym(value);
    if (field === 'editing') return typeof value === 'string' && EDITING_MARKER.test(value);
    if (field === 'cursor') return isCaret(value);
    return false;
  });
}

/** The narrative caret: `{ anchor, head }`, each a Yjs relative position as JSON (ids and numbers only). */
function isCaret(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  if (keys.length !== 2 || !keys.includes('anchor') || !keys.includes('head')) return false;
  const { anchor, head } = value as { anchor: unknown; head: unknown };
  return isRelativePosition(anchor) && isRelativePosition(head);
}

function isRelativePosition(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  return Object.entries(value).every(([field, part]) => {
    if (part === null || part === undefined) return field === 'type' || field === 'tname' || field === 'item';
    if (field === 'type' || field === 'item') return isStructId(part);
    if (field === 'tname') return typeof part === 'string' && ROOT_NAME.test(part);
    if (field === 'assoc') return Number.isSafeInteger(part);
    return false;
  });
}

function isStructId(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  const { client, clock } = value as { client?: unknown; clock?: unknown };
  return keys.length === 2 && Number.isSafeInteger(client) && Number.isSafeInteger(clock);
}
