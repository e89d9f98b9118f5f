import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { randomBytes } from 'node:crypto';
import { WebSocketServer, type WebSocket } from 'ws';
import { CloseCode } from '@hindsight/protocol';
import { authorize } from '../auth/tokens';
import { rateLimitedMessage, type AddressLimits } from '../limits/address-limits';
import { requestAddress, type TrustedProxy } from '../limits/client-address';
import type { Logger } from '../log';
import type { ServerMetrics } from '../metrics/metrics';
import { DATABASE_UNAVAILABLE } from '../errors';
import { StoreUnavailableError, type Store } from '../store';
import { Connection, type ConnectionLimits } from './connection';
import type { Rooms } from './rooms';
import { SendBuffers, type SendBudgets } from './send-buffers';

export interface UpgradeOptions {
  store: Store;
  rooms: Rooms;
  log: Logger;
  limits: ConnectionLimits &
    SendBudgets & { maxFrameBytes: number; maxConnectionsPerRoom: number; upgradeTimeoutMs: number };
  /** Counts every upgrade against its client address, before the token is looked up. */
  addressLimits: AddressLimits;
  trustedProxy: TrustedProxy | undefined;
  /** Counts open connections by role (hindsight_connections_open). */
  metrics?: ServerMetrics;
}

const SYNC_PATH = /^\/sync\/([^/?#]+)$/;
const WS_KEY = /^[+/0-9A-Za-z]{22}==$/;

/** Handles HTTP upgrades to `/sync/:reviewId?token=...`: the token is checked before the upgrade. */
export function createUpgradeHandler(options: UpgradeOptions) {
  const { store, rooms, log, limits, addressLimits, trustedProxy, metrics } = options;
  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxFrameBytes, perMessageDeflate: false });
  /** Every open connection and its socket. */
  const connections = new Map<Connection, WebSocket>();
  /** The bytes queued for every connection's socket, against the room and process budgets. */
  const sendBuffers = new SendBuffers(limits);

  const handleUpgrade = async (req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> => {
    socket.on('error', (err) => log.debug('upgrade.socket_error', { err }));
    // An absolute deadline: a client that never finishes the handshake cannot hold the socket.
    const deadline = setTimeout(() => socket.destroy(), limits.upgradeTimeoutMs);
    socket.once('close', () => clearTimeout(deadline));

    const url = new URL(req.url ?? '/', 'http://localhost');
    const match = SYNC_PATH.exec(url.pathname);
    const refused = (status: number, code: string, reviewId?: string) => {
      log.info('upgrade.refused', { status, code, ...(reviewId ? { reviewId } : {}) });
      refuse(socket, status, code);
    };
    const rate = await addressLimits.consume('upgrade', requestAddress(req, trustedProxy));
    if (!rate.allowed) {
      // Debug only: a flood of refusals must not become a flood of log lines.
      log.debug('upgrade.refused', { status: 429, code: 'rate_limited' });
      const { retryAfterSeconds } = rate;
      return refuse(socket, 429, 'rate_limited', { message: rateLimitedMessage(retryAfterSeconds), retryAfterSeconds });
    }
    if (!match) return refused(404, 'not_found');
    if (req.headers.upgrade?.toLowerCase() !== 'websocket' || !WS_KEY.test(req.headers['sec-websocket-key'] ?? '')) {
      return refused(400, 'bad_upgrade');
    }
    let reviewId: string;
    try {
      reviewId = decodeURIComponent(match[1]!);
    } catch {
      return refused(400, 'bad_review_id');
    }
    const token = url.searchParams.get('token');
    const decision = await authorize(store, reviewId, token);
    // The id is logged only once it is known to be well-formed and the token valid for some review.
    if (!decision.ok) return refused(decision.status, decision.code, decision.status === 403 ? reviewId : undefined);
    if (socket.destroyed) return;

    let room;
    try {
      room = await rooms.acquire(reviewId);
    } catch (err) {
      if (err instanceof StoreUnavailableError) throw err; // answered below, as for the token check
      return refused(503, 'review_unavailable', reviewId);
    }
    let upgraded = false;
    const releaseUnlessUpgraded = () => {
      if (!upgraded) rooms.release(room);
    };
    if (socket.destroyed) return releaseUnlessUpgraded();
    if (room.peerCount >= limits.maxConnectionsPerRoom) {
      releaseUnlessUpgraded();
      return refused(503, 'room_full', reviewId);
    }
    // If ws refuses the handshake it destroys the socket without calling back.
    socket.once('close', releaseUnlessUpgraded);
    wss.handleUpgrade(req, socket, head, (ws) => {
      upgraded = true;
      clearTimeout(deadline);
      socket.off('close', releaseUnlessUpgraded);
      const connId = randomBytes(6).toString('hex');
      const connLog = log.child({ reviewId, connId });
      const { role, linkId, expiresAt } = decision;
      const open = metrics?.connections[role];
      open?.inc();
      const connection = new Connection(
        ws,
        room,
        connId,
        { role, linkId, expiresAt },
        connLog,
        () => {
          connections.delete(connection);
          open?.dec();
          rooms.release(room);
        },
        { limits, sendBuffers },
      );
      connections.set(connection, ws);
      // The link may have been revoked after the check above and before this connection joined its
      // room, when the revocation found nothing to close. Checked again now that it has joined, a
      // revocation either lands before this read or finds the connection in the room: never neither.
      void authorize(store, reviewId, token).then(
        (recheck) => {
          if (!recheck.ok) connection.close(CloseCode.Unauthorized, recheck.code);
          else connLog.debug('conn.rechecked');
        },
        (err) => connLog.warn('upgrade.recheck_failed', { err }),
      );
    });
  };

  return {
    /** The `upgrade` listener for the node HTTP server. */
    handle(req: IncomingMessage, socket: Duplex, head: Buffer): void {
      handleUpgrade(req, socket, head).catch((err) => {
        if (err instanceof StoreUnavailableError) {
          // Not a fault here: the client retries with its backoff and gets in once the database is back.
          log.warn('upgrade.refused', { status: DATABASE_UNAVAILABLE.status, code: DATABASE_UNAVAILABLE.code, err });
          const { status, code, message, retryAfterSeconds } = DATABASE_UNAVAILABLE;
          return refuse(socket, status, code, { message, retryAfterSeconds });
        }
        log.error('upgrade.failed', { err });
        refuse(socket, 500, 'internal_error');
      });
    },
    get connectionCount() {
      return connections.size;
    },
    close(): void {
      wss.close();
    },
    /** Closes every connection with `code`; resolves once their sockets closed, or after `graceMs`. */
    async closeAll(code: number, reason: string, graceMs: number): Promise<void> {
      const open = [...connections];
      const closed = open.map(
        ([, ws]) =>
          new Promise<void>((resolve) => (ws.readyState === ws.CLOSED ? resolve() : ws.once('close', resolve))),
      );
      for (const [connection] of open) connection.close(code, reason);
      let timer: NodeJS.Timeout | undefined;
      const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)));
      await Promise.race([Promise.all(closed), grace]);
      clearTimeout(timer);
    },
  };
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/**
 * Answers a refused upgrade with a plain HTTP response and a JSON error body, then closes; a rate
 * limited one (429) or one refused while the database is down (503) says when to retry, in the body
 * and in `Retry-After`, as the HTTP routes do.
 */
function refuse(
  socket: Duplex,
  status: number,
  code: string,
  { message, retryAfterSeconds }: { message?: string; retryAfterSeconds?: number } = {},
): void {
  if (socket.destroyed) return;
  const error = {
    code,
    message: message ?? STATUS_TEXT[status] ?? 'Error',
    ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
  };
  const body = JSON.stringify({ error });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Error'}\r\n` +
      'Connection: close\r\nContent-Type: application/json\r\n' +
      (retryAfterSeconds === undefined ? '' : `Retry-After: ${retryAfterSeconds}\r\n`) +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}
