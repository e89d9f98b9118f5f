import { CloseCode } from '@hindsight/protocol';
import type { Logger } from '../log';
import { spaceOfPeerLinkId, spacePeerLinkId } from '../auth/tokens';
import type { LinkStore, ReviewStore, SpaceStore } from '../store';
import type { Room } from './room';
import type { Rooms } from './rooms';

/** What the re-check reads: a review's links, and for peers opened with a space's link, the space. */
type RecheckStore = LinkStore & Pick<ReviewStore, 'getReview'> & Pick<SpaceStore, 'listSpaceTokens'>;

/**
 * The safety net under what crosses instances: every `intervalMs`, each loaded room closes (4401)
 * the peers whose link the database says is revoked or expired (a revocation whose fan-out message
 * was lost), or whose space link no longer opens the review (revoked, or the review left the
 * space), and reads any updates it missed (a lost message with none after it to show the gap).
 * Returns stop.
 */
export function startRecheck(rooms: Rooms, store: RecheckStore, log: Logger, intervalMs: number): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return; // a slow database: one sweep at a time
    running = true;
    void sweep(rooms, store, log).finally(() => (running = false));
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

async function sweep(rooms: Rooms, store: RecheckStore, log: Logger): Promise<void> {
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
      await closeLapsedSpacePeers(room, used, store, log);
    } catch (err) {
      log.warn('recheck.failed', { reviewId: room.reviewId, err });
    }
  }
}

/** Closes the room's peers opened with a space link that no longer opens the review. */
async function closeLapsedSpacePeers(
  room: Room,
  used: ReadonlySet<string>,
  store: RecheckStore,
  log: Logger,
): Promise<void> {
  const spaces = new Set([...used].flatMap((linkId) => spaceOfPeerLinkId(linkId) ?? []));
  if (spaces.size === 0) return;
  const current = (await store.getReview(room.reviewId))?.spaceId ?? null;
  for (const spaceId of spaces) {
    const lapsed =
      spaceId !== current
        ? [spacePeerLinkId(spaceId)]
        : (await store.listSpaceTokens(spaceId))
            .filter((link) => link.revokedAt !== null)
            .map((link) => spacePeerLinkId(spaceId, link.id));
    for (const linkId of lapsed) {
      const closed = room.closeLinkPeers(linkId, CloseCode.Unauthorized, 'revoked');
      if (closed > 0) log.info('review.link_closed_by_recheck', { reviewId: room.reviewId, linkId, closed });
    }
  }
}
