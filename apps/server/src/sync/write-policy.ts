import type * as Y from 'yjs';
import { canFollowUp, canWrite } from '@hindsight/protocol';
import { observeControl, readControl } from '@hindsight/review';
import type { Peer } from './peer';

/**
 * What a peer may change now: anything (`all`), only the follow-through fields of existing action
 * items (`follow-up`, judged per update by follow-up-scope.ts), or nothing (`none`: its writes are
 * dropped). Anything but `none` also broadcasts presence.
 */
export type WriteScope = 'all' | 'follow-up' | 'none';

/**
 * The room's write policy: editors and facilitators change the document (and broadcast presence);
 * viewers never do. A follow-up link only ever changes action items' follow-through fields. Once
 * the facilitator has closed the review, the analysis is frozen (until it is reopened): editors
 * change nothing, and the facilitator only those fields. Judged when a message arrives, so whatever
 * arrived before the close still lands. The review's status is followed as its server-owned
 * controls change.
 */
export class WritePolicy {
  /** Whether the facilitator has closed the review. */
  private closed: boolean;
  private readonly unobserve: () => void;

  /** `onReopen`: the review was closed and is live again. */
  constructor(doc: Y.Doc, onReopen: () => void) {
    this.closed = readControl(doc).status === 'closed';
    this.unobserve = observeControl(doc, () => {
      const closed = readControl(doc).status === 'closed';
      if (this.closed && !closed) onReopen();
      this.closed = closed;
    });
  }

  /** What `peer` may change now (see WriteScope). */
  scope(peer: Peer): WriteScope {
    if (canWrite(peer.role) && !this.closed) return 'all';
    return canFollowUp(peer.role) ? 'follow-up' : 'none';
  }

  /** Stops following the review's status. */
  destroy(): void {
    this.unobserve();
  }
}
