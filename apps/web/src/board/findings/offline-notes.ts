import { FINDING_CATEGORIES, newId, type AnonymityPolicy, type FindingCategory } from '@hindsight/review';
import { StoredList } from './stored-list';

/**
 * Named notes written while this tab is not in sync with the server (offline, or reconnecting),
 * kept in localStorage only, outside the shared document. They are published once the document
 * has synced, under the policy the server has then: named with their author, or, should the
 * review have turned anonymous meanwhile, through the anonymous path. Written into the document
 * at once instead, the author's name would travel to the server with the first sync, before this
 * tab could learn that names are no longer wanted.
 */
export interface OfflineNote {
  /** Local only; the published finding gets its own id. */
  key: string;
  category: FindingCategory;
  text: string;
  /** The writer's display name when they wrote it (absent when they had none). */
  author?: string;
  /** ISO time of writing, kept as the finding's creation time when it is published named. */
  writtenAt: string;
}

/** How a waiting note is to be published under `policy` (the server's, once in sync). */
export function publishingPath(policy: AnonymityPolicy): 'named' | 'anonymous' {
  // Written named (under the last policy this tab knew), so under 'optional' it stays named.
  return policy === 'anonymous' ? 'anonymous' : 'named';
}

const storageKey = (reviewId: string) => `hindsight:offline-notes:${reviewId}`;

/** One review's waiting notes, as a small store React can subscribe to. */
export class OfflineNotes extends StoredList<OfflineNote> {
  constructor(reviewId: string, storage?: Pick<Storage, 'getItem' | 'setItem'> | null) {
    super(storageKey(reviewId), isOfflineNote, storage);
  }

  add(note: Omit<OfflineNote, 'key'>): OfflineNote {
    const item = { ...note, key: newId() };
    this.write([...this.read(), item]);
    return item;
  }

  remove(key: string): void {
    this.write(this.read().filter((item) => item.key !== key));
  }

  /**
   * Takes every waiting note out of the store, to be published by the caller (who puts back, with
   * `restore`, any it could not publish). Read from storage first, so two tabs of this browser do
   * not both publish the same note.
   */
  takeAll(): OfflineNote[] {
    const taken = this.read();
    if (taken.length > 0) this.write([]);
    return taken;
  }

  /** Puts notes back that could not be published (yet). */
  restore(notes: readonly OfflineNote[]): void {
    if (notes.length > 0) this.write([...notes, ...this.read()]);
  }
}

function isOfflineNote(value: unknown): value is OfflineNote {
  const item = value as Partial<OfflineNote> | null;
  return (
    typeof item === 'object' &&
    item !== null &&
    typeof item.key === 'string' &&
    typeof item.text === 'string' &&
    typeof item.writtenAt === 'string' &&
    !Number.isNaN(Date.parse(item.writtenAt)) &&
    (item.author === undefined || typeof item.author === 'string') &&
    (FINDING_CATEGORIES as readonly unknown[]).includes(item.category)
  );
}
