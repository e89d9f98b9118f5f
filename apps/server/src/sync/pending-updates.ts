/** What the room made of one client update (see Room.acceptUpdate). */
export type UpdateOutcome = 'accepted' | 'empty' | 'missing' | 'refused';

/**
 * Updates a connection may have waiting for their dependencies. A client that reconnects sends its
 * offline edits in its sync step 2, but an edit typed meanwhile can arrive first; it waits here for
 * the step 2. More than this is no race but a client sending what it cannot back up: it is closed.
 */
const MAX_PENDING_UPDATES = 64;
const MAX_PENDING_BYTES = 256 * 1024;

/**
 * One connection's updates that refer to content the document does not have yet: never stored or
 * applied before it arrives, and retried after each update of that connection that is accepted.
 */
export class PendingUpdates {
  private updates: Uint8Array[] = [];
  private bytes = 0;

  /** How many updates wait. */
  get count(): number {
    return this.updates.length;
  }

  /** Holds an update; false once more wait than a reconnecting client can explain. */
  hold(update: Uint8Array): boolean {
    this.updates.push(update);
    this.bytes += update.byteLength;
    return this.updates.length <= MAX_PENDING_UPDATES && this.bytes <= MAX_PENDING_BYTES;
  }

  /** Drops every waiting update (its client resends them on reconnect). */
  clear(): void {
    this.updates = [];
    this.bytes = 0;
  }

  /**
   * Offers the waiting updates to `accept` again, round after round while one of them got in (it may
   * be what another waits for). One that is refused ends the retry: its connection is being closed.
   */
  async retry(accept: (update: Uint8Array) => Promise<UpdateOutcome>): Promise<void> {
    let progress = true;
    while (progress && this.updates.length > 0) {
      progress = false;
      for (const waiting of [...this.updates]) {
        const retried = await accept(waiting);
        if (retried === 'missing') continue;
        this.updates.splice(this.updates.indexOf(waiting), 1);
        this.bytes -= waiting.byteLength;
        if (retried === 'refused') return;
        progress = true;
      }
    }
  }
}
