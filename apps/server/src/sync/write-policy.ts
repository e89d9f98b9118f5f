import type * as Y from 'yjs';
import { canWrite } from '@hindsight/protocol';
import { observeControl, readControl } from '@hindsight/review';
import type { Peer } from './peer';

/**
 * The room's write policy: editors and facilitators change the document (and broadcast presence);
 * viewers never do, and once the facilitator has closed the review nobody does (until it is
 * reopened). Judged when a message arrives, so whatever arrived before the close still lands. The
 * review's status is followed as its server-owned controls change.
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

  /** Whether `peer` may change the document or broadcast presence now. */
  mayWrite(peer: Peer): boolean {
    return canWrite(peer.role) && !this.closed;
  }

  /** Stops following the review's status. */
  destroy(): void {
    this.unobserve();
  }
}
