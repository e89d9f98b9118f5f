import { useSyncExternalStore } from 'react';
import { resolveTabToken } from './access';
import { StoredList } from '../board/findings/stored-list';
import { safely } from './storage';

/**
 * What this browser keeps of team spaces: the open tab's token per space (sessionStorage, as for
 * reviews: it arrives in the link's fragment and leaves the address bar at once), the creator's
 * two links (localStorage, so an admin can share the member link later) and "My team spaces", the
 * spaces this browser created or opened, with the strongest token it has had for each.
 */

export type SpaceAccessRole = 'admin' | 'member';

export interface MySpace {
  id: string;
  name: string;
  role: SpaceAccessRole;
  token: string;
  /** When this browser last created or opened it (ISO 8601); the list is ordered by it. */
  seenAt: string;
}

/** Entries kept at most; the ones seen longest ago go first. */
export const MY_SPACES_LIMIT = 100;

/**
 * The list with `seen` added or its entry updated: the name as now, and its token unless that
 * would trade an admin token for a member's (opening a member link does not demote this browser).
 */
export function recordSpace(list: readonly MySpace[], seen: MySpace): MySpace[] {
  const previous = list.find((space) => space.id === seen.id);
  const keepPrevious = previous?.role === 'admin' && seen.role === 'member';
  const entry: MySpace = {
    ...seen,
    role: keepPrevious ? previous.role : seen.role,
    token: keepPrevious ? previous.token : seen.token,
  };
  return sortSpaces([entry, ...list.filter((space) => space.id !== seen.id)]).slice(0, MY_SPACES_LIMIT);
}

/** The list without the space `id`. */
export function forgetSpace(list: readonly MySpace[], id: string): MySpace[] {
  return list.filter((space) => space.id !== id);
}

function sortSpaces(list: readonly MySpace[]): MySpace[] {
  return [...list].sort((a, b) => (a.seenAt < b.seenAt ? 1 : a.seenAt > b.seenAt ? -1 : a.id < b.id ? -1 : 1));
}

/** A well-formed entry of the stored list (others are dropped on read, never thrown). */
export function isMySpace(value: unknown): value is MySpace {
  if (!isRecord(value)) return false;
  const { id, name, role, token, seenAt } = value;
  return (
    typeof id === 'string' &&
    id !== '' &&
    typeof name === 'string' &&
    (role === 'admin' || role === 'member') &&
    typeof token === 'string' &&
    token !== '' &&
    typeof seenAt === 'string'
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The space page's address that opens it with `token`. */
export function spaceHref(space: Pick<MySpace, 'id' | 'token'>): string {
  return `/s/${encodeURIComponent(space.id)}#token=${encodeURIComponent(space.token)}`;
}

// ---- this browser's storage ----

const tokenKey = (spaceId: string) => `hindsight:space-token:${spaceId}`;
const createdKey = (spaceId: string) => `hindsight:space:${spaceId}`;

/** This browser's list, as a store React subscribes to (see StoredList). */
class MySpacesStore extends StoredList<MySpace> {
  constructor() {
    super('hindsight:my-spaces', isMySpace);
  }

  /** Records that this browser created or opened a space with `token`. */
  remember(space: Omit<MySpace, 'seenAt'>): void {
    this.write(recordSpace(this.read(), { ...space, seenAt: new Date().toISOString() }));
  }

  /** Takes a space off the list (the space itself is untouched). */
  forget(spaceId: string): void {
    this.write(forgetSpace(this.read(), spaceId));
  }
}

const mySpaces = new MySpacesStore();

/** Records that this browser created or opened a space with `token`. */
export function rememberMySpace(space: Omit<MySpace, 'seenAt'>): void {
  mySpaces.remember(space);
}

/** Takes a space off this browser's list (the space itself is untouched). */
export function forgetMySpace(spaceId: string): void {
  mySpaces.forget(spaceId);
}

/** This browser's list of spaces, most recently seen first, kept current. */
export function useMySpaces(): readonly MySpace[] {
  return useSyncExternalStore(mySpaces.subscribe, mySpaces.all);
}

/** The token to use for `spaceId`: the link's (then kept for this tab), else this tab's, else null. */
export function resolveSpaceToken(spaceId: string, hash: string): string | null {
  return resolveTabToken(tokenKey(spaceId), hash);
}

/** Forgets this tab's token for a space after the server refused it, and takes it off the list. */
export function forgetRefusedSpaceToken(spaceId: string, token: string): void {
  safely(() => sessionStorage.removeItem(tokenKey(spaceId)));
  if (mySpaces.all().find((space) => space.id === spaceId)?.token === token) forgetMySpace(spaceId);
}

/** The links this browser made the space with (admin and member), or null. */
export function readSpaceLinks(spaceId: string): { admin: string; member: string } | null {
  try {
    const stored: unknown = JSON.parse(safely(() => localStorage.getItem(createdKey(spaceId))) ?? 'null');
    if (isRecord(stored) && typeof stored.admin === 'string' && typeof stored.member === 'string') {
      return { admin: stored.admin, member: stored.member };
    }
  } catch {
    // unreadable entry: as if none
  }
  return null;
}

/** Keeps a space's links in this browser (on creation, or a member link issued later). */
export function rememberSpaceLinks(spaceId: string, links: { admin: string; member: string }): void {
  safely(() => localStorage.setItem(createdKey(spaceId), JSON.stringify(links)));
}
