import { CloseCode } from '@hindsight/protocol';
import type { Logger } from '../log';
import type { LinkStore } from '../store';
import type { Rooms } from './rooms';

/**
 * The safety net under what crosses instances: every `intervalMs`, each loaded room closes (4401)
 * the peers whose link the database says is revoked or expired (a revocation whose fan-out message
 * was lost), and reads any updates it missed (a lost message with none after it to show the gap).
 * Returns stop.
 */
export function startRecheck(rooms: Rooms, store: LinkStore, log: Logger, intervalMs: number): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return; // a slow database: one sweep at a time
    running = true;
    void sweep(rooms, store, log).finally(() => (running = false));
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

async function sweep(rooms: Rooms, store: LinkStore, log: Logger): Promise<void> {
  const now = Date.now();
  for (const room of await rooms.loaded()) {
    try {
      await room.recheck();
      const used = room.peerLinkIds;
      if (used.size === 0) continue;
      for (const link of await store.listTokens(room.reviewId)) {
        if (!used.has(link.id)) continue;
        const expired = link.expiresAt !== null && Date.parse(link.expiresAt) <= now;
        if (link.revokedAt === null && !expired) continue;
        const closed = room.closeLinkPeers(link.id, CloseCode.Unauthorized, link.revokedAt ? 'revoked' : 'expired');
        log.info('review.link_closed_by_recheck', { reviewId: room.reviewId, linkId: link.id, closed });
      }
    } catch (err) {
      log.warn('recheck.failed', { reviewId: room.reviewId, err });
    }
  }
}
