import type { Awareness } from 'y-protocols/awareness';
import type { PresenceUser } from '../../collab/presence';

const NOBODY: readonly PresenceUser[] = Object.freeze([]);

/**
 * Who else is editing what, read from awareness once per presence change for the whole board, with
 * a stable array per target: a note re-renders only when its own editors change, not when someone
 * starts editing another of the board's hundreds of notes (as one `useEditorsOf` per note would).
 */
export class EditorsStore {
  private byTarget = new Map<string, readonly PresenceUser[]>();
  private listeners = new Set<() => void>();
  private readonly onChange = () => this.refresh();

  constructor(private readonly awareness: Awareness) {}

  /** For useSyncExternalStore; observes awareness while anyone listens. */
  subscribe = (listener: () => void): (() => void) => {
    if (this.listeners.size === 0) {
      this.awareness.on('change', this.onChange);
      this.refresh();
    }
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.awareness.off('change', this.onChange);
    };
  };

  /** The other people editing `target` (e.g. `finding:<id>`); the same array until that changes. */
  editorsOf(target: string): readonly PresenceUser[] {
    return this.byTarget.get(target) ?? NOBODY;
  }

  private refresh(): void {
    const next = new Map<string, PresenceUser[]>();
    this.awareness.getStates().forEach((state, clientId) => {
      if (clientId === this.awareness.clientID) return;
      const { user, editing } = state as { user?: Partial<PresenceUser>; editing?: unknown };
      if (typeof editing !== 'string' || !user || typeof user.name !== 'string' || typeof user.color !== 'string')
        return;
      const list = next.get(editing) ?? [];
      list.push({ name: user.name, color: user.color });
      next.set(editing, list);
    });
    let changed = next.size !== this.byTarget.size;
    const merged = new Map<string, readonly PresenceUser[]>();
    for (const [target, users] of next) {
      users.sort((a, b) => a.name.localeCompare(b.name));
      const old = this.byTarget.get(target);
      const same =
        old &&
        old.length === users.length &&
        old.every((user, i) => user.name === users[i]!.name && user.color === users[i]!.color);
      merged.set(target, same ? old : users);
      if (!same) changed = true;
    }
    this.byTarget = merged;
    if (changed) for (const listener of this.listeners) listener();
  }
}
