import { FINDING_CATEGORIES, type FindingCategory } from '@hindsight/review';
import { StoredList } from './stored-list';

/**
 * The anonymous findings this browser wrote, kept in localStorage only: the id, the secret that
 * proves authorship to the server, and (while held) the words, so the author sees and can edit
 * what waits for the reveal. Nothing of this ever goes into the shared document or presence.
 */
export interface OwnFinding {
  id: string;
  secret: string;
  category: FindingCategory;
  text: string;
  /** Seen on the board: no longer held, and its words now live in the document. */
  published?: boolean;
}

const key = (reviewId: string) => `hindsight:anonymous:${reviewId}`;

/** 32 random bytes, base64url: the per-finding secret (`FindingSecret` in the protocol). */
export function newFindingSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** One review's own anonymous findings, as a small store React can subscribe to. */
export class OwnFindings extends StoredList<OwnFinding> {
  constructor(reviewId: string, storage?: Pick<Storage, 'getItem' | 'setItem'> | null) {
    super(key(reviewId), isOwnFinding, storage);
  }

  find(id: string): OwnFinding | undefined {
    return this.all().find((item) => item.id === id);
  }

  add(item: OwnFinding): void {
    this.write([...this.all().filter((other) => other.id !== item.id), item]);
  }

  update(id: string, patch: Partial<Pick<OwnFinding, 'text' | 'category' | 'published'>>): void {
    this.write(this.all().map((item) => (item.id === id ? { ...item, ...patch } : item)));
  }

  /** Marks as published the held ones that `isOnBoard` now finds. */
  notePublished(isOnBoard: (id: string) => boolean): void {
    if (!this.all().some((item) => !item.published && isOnBoard(item.id))) return;
    this.write(this.all().map((item) => (!item.published && isOnBoard(item.id) ? { ...item, published: true } : item)));
  }

  remove(id: string): void {
    this.write(this.all().filter((item) => item.id !== id));
  }
}

function isOwnFinding(value: unknown): value is OwnFinding {
  const item = value as Partial<OwnFinding> | null;
  return (
    typeof item === 'object' &&
    item !== null &&
    typeof item.id === 'string' &&
    typeof item.secret === 'string' &&
    typeof item.text === 'string' &&
    (FINDING_CATEGORIES as readonly unknown[]).includes(item.category)
  );
}
