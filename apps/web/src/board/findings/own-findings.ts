import { FINDING_CATEGORIES, type FindingCategory } from '@hindsight/review';

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
export class OwnFindings {
  private items: readonly OwnFinding[];
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly reviewId: string,
    private readonly storage: Pick<Storage, 'getItem' | 'setItem'> | null = safeLocalStorage(),
  ) {
    this.items = this.read();
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** The current list (a new array after every change, the same one otherwise). */
  readonly all = (): readonly OwnFinding[] => this.items;

  find(id: string): OwnFinding | undefined {
    return this.items.find((item) => item.id === id);
  }

  add(item: OwnFinding): void {
    this.write([...this.items.filter((other) => other.id !== item.id), item]);
  }

  update(id: string, patch: Partial<Pick<OwnFinding, 'text' | 'category' | 'published'>>): void {
    this.write(this.items.map((item) => (item.id === id ? { ...item, ...patch } : item)));
  }

  /** Marks as published the held ones that `isOnBoard` now finds. */
  notePublished(isOnBoard: (id: string) => boolean): void {
    if (!this.items.some((item) => !item.published && isOnBoard(item.id))) return;
    this.write(this.items.map((item) => (!item.published && isOnBoard(item.id) ? { ...item, published: true } : item)));
  }

  remove(id: string): void {
    this.write(this.items.filter((item) => item.id !== id));
  }

  private read(): OwnFinding[] {
    try {
      const parsed: unknown = JSON.parse(this.storage?.getItem(key(this.reviewId)) ?? '[]');
      return Array.isArray(parsed) ? parsed.filter(isOwnFinding) : [];
    } catch {
      return [];
    }
  }

  private write(items: OwnFinding[]): void {
    this.items = items;
    try {
      this.storage?.setItem(key(this.reviewId), JSON.stringify(items));
    } catch {
      // Storage full or blocked: this tab still knows them until it closes.
    }
    for (const listener of this.listeners) listener();
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

function safeLocalStorage(): Storage | null {
  try {
    return localStorage;
  } catch {
    return null;
  }
}
