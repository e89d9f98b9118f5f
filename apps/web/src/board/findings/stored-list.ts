/**
 * A list kept in localStorage under one key, as a small store React can subscribe to
 * (`useSyncExternalStore(store.subscribe, store.all)`). Items that fail `isItem` are dropped on
 * read; without storage (or when it is blocked or full) the list lives in this tab only.
 */
export class StoredList<T> {
  private items: readonly T[] = [];
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly storageKey: string,
    private readonly isItem: (value: unknown) => value is T,
    private readonly storage: Pick<Storage, 'getItem' | 'setItem'> | null = safeLocalStorage(),
  ) {
    this.items = this.read();
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** The current list (a new array after every change, the same one otherwise). */
  readonly all = (): readonly T[] => this.items;

  /** The list as stored now (another tab of this browser may have changed it). */
  protected read(): T[] {
    if (!this.storage) return [...this.items];
    try {
      const parsed: unknown = JSON.parse(this.storage.getItem(this.storageKey) ?? '[]');
      return Array.isArray(parsed) ? parsed.filter(this.isItem) : [];
    } catch {
      return [...this.items];
    }
  }

  protected write(items: T[]): void {
    this.items = items;
    try {
      this.storage?.setItem(this.storageKey, JSON.stringify(items));
    } catch {
      // Storage full or blocked: this tab still knows them until it closes.
    }
    for (const listener of this.listeners) listener();
  }
}

function safeLocalStorage(): Storage | null {
  try {
    return localStorage;
  } catch {
    return null;
  }
}
