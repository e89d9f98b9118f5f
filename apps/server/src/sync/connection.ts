import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';
import { CloseCode, type Role } from '@hindsight/protocol';
import type { Logger } from '../log';
import { decodeIncoming, MalformedMessageError, peekFrameKind } from './messages';
import type { SendOptions } from './peer';
import { ReadMeter, type ReadRates } from './read-meter';
import type { Peer, Room } from './room';
import type { BufferedSocket, SendBuffers } from './send-buffers';
import { WriteMeter, type WriteRates } from './write-meter';

/**
 * How long a slow consumer's close frame may wait behind what is queued for it before the socket is
 * cut: a client that does not read would otherwise keep it all in memory for ws's 30 s close timeout.
 */
const SLOW_CONSUMER_GRACE_MS = 5_000;

/** Longest delay `setTimeout` keeps (2^31 - 1 ms, ~24.8 days); a later expiry is reached in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** The link a connection was opened with: it lives only as long as the link does. */
export interface ConnectionAccess {
  role: Role;
  /** Public id of the link, to close this connection when the link is revoked. */
  linkId: string;
  /** When the link expires (UTC ISO), or null for never: the connection closes (4401) then. */
  expiresAt: string | null;
}

/** One connection's limits: what it may send, and how much may wait in its socket unread. */
export type ConnectionLimits = WriteRates &
  ReadRates & {
    /** Bytes queued for the socket, beyond a sync reply on its way, past which it is closed (4408). */
    maxBufferedBytes: number;
  };

/**
 * One client socket: decodes frames, enforces per-connection limits and hands messages to its room.
 * A bad frame closes this socket only; nothing here throws out of a socket callback.
 */
export class Connection implements Peer, BufferedSocket {
  private closed = false;
  /** Bytes of the sync step 2 reply handed to the socket and not yet written out (see send). */
  private replyBytesInFlight = 0;
  /** The socket while its writes are held (see corkUntilTickEnd). */
  private corked: Socket | null = null;
  readonly role: Role;
  readonly linkId: string;
  private expiryTimer: NodeJS.Timeout | undefined;
  private readonly writeMeter: WriteMeter;
  private readonly readMeter: ReadMeter;
  private readonly limits: ConnectionLimits;
  private readonly sendBuffers: SendBuffers;

  constructor(
    private readonly ws: WebSocket,
    private readonly room: Room,
    readonly connId: string,
    access: ConnectionAccess,
    private readonly log: Logger,
    private readonly onClose: () => void,
    options: { limits: ConnectionLimits; sendBuffers: SendBuffers },
  ) {
    this.limits = options.limits;
    this.sendBuffers = options.sendBuffers;
    this.writeMeter = new WriteMeter(this.limits);
    this.readMeter = new ReadMeter(this.limits);
    this.role = access.role;
    this.linkId = access.linkId;
    // ws emits 'error' for invalid framing (RSV bits, bad opcode, frame over maxPayload) and then
    // closes with the matching code (1002, 1009); without a listener the error would kill the process.
    ws.on('error', (err) => this.log.warn('conn.socket_error', { err, code: (err as { code?: string }).code }));
    ws.on('message', (data, isBinary) => this.receiveFrame(data as Buffer, isBinary));
    ws.on('close', (code) => this.handleClose(code));
    this.sendBuffers.add(this, room);
    room.join(this);
    this.log.info('conn.open', { role: this.role });
    if (access.expiresAt !== null) this.closeAt(Date.parse(access.expiresAt));
  }

  /**
   * Queues `frame` for the client, unless more than its cap is already queued unread: then the
   * socket closes as a slow consumer. One sync step 2 reply at a time does not count against the
   * cap until it has been written out, so a large review's whole document always reaches a joining
   * client (the room's and the process's budgets still count it).
   */
  send(frame: Uint8Array, options?: SendOptions): void {
    if (this.closed || this.ws.readyState !== this.ws.OPEN) return;
    const queued = this.ws.bufferedAmount - this.replyBytesInFlight;
    if (queued > this.limits.maxBufferedBytes) {
      this.closeSlowConsumer('socket', this.ws.bufferedAmount);
      return;
    }
    this.corkUntilTickEnd();
    // One reply at a time: a client asking again before reading the first gets no second allowance.
    if (options?.syncReply && this.replyBytesInFlight === 0) {
      const bytes = frame.byteLength;
      this.replyBytesInFlight += bytes;
      this.ws.send(frame, { binary: true }, (err) => {
        this.replyBytesInFlight -= bytes;
        this.afterSend(err);
      });
    } else {
      this.ws.send(frame, { binary: true }, this.afterSend);
    }
    this.sendBuffers.noteQueued();
  }

  private readonly afterSend = (err?: Error): void => {
    if (err) this.log.debug('conn.send_failed', { err });
  };

  /** Bytes queued for this socket that the client has not read (for the room and process budgets). */
  get bufferedBytes(): number {
    return this.ws.bufferedAmount;
  }

  /**
   * Closes with 4408: the client does not read what it is sent. The close frame waits behind the
   * queued bytes; a client that has not taken it within SLOW_CONSUMER_GRACE_MS is cut off, so the
   * memory is freed.
   */
  closeSlowConsumer(budget: 'socket' | 'room' | 'process', bufferedBytes: number): void {
    if (this.closed) return;
    this.log.warn('conn.slow_consumer', { budget, bufferedBytes });
    this.close(CloseCode.SlowConsumer, 'slow consumer');
    const ws = this.ws;
    if (ws.readyState === ws.CLOSED) return;
    const cutOff = setTimeout(() => ws.terminate(), SLOW_CONSUMER_GRACE_MS);
    cutOff.unref();
    ws.once('close', () => clearTimeout(cutOff));
  }

  /**
   * Holds this socket's writes until the current tick ends, so the frames a room releases together
   * (a group commit's relays, an update and a presence change) leave in one write, not one each:
   * socket writes were the largest share of the server's CPU under load. ws keeps its socket in
   * `_socket`; without one (closing) frames go out as before.
   */
  private corkUntilTickEnd(): void {
    if (this.corked) return;
    const socket = (this.ws as unknown as { _socket?: Socket })._socket;
    if (!socket) return;
    socket.cork();
    this.corked = socket;
    process.nextTick(() => this.uncork());
  }

  /** Lets held frames go; before a close, so they (and the close frame) are not lost with the socket. */
  private uncork(): void {
    const socket = this.corked;
    if (!socket) return;
    this.corked = null;
    socket.uncork();
  }

  close(code: number, reason: string): void {
    if (this.closed) return;
    this.uncork();
    this.log.info('conn.closing', { code, reason });
    try {
      this.ws.close(code, reason);
    } catch {
      this.ws.terminate();
    }
    this.detach();
  }

  /** Closes with 4401 once `expiresAtMs` has passed (at once if it already has). */
  private closeAt(expiresAtMs: number): void {
    if (this.closed) return;
    const delay = expiresAtMs - Date.now();
    if (delay <= 0) {
      this.close(CloseCode.Unauthorized, 'expired');
      return;
    }
    this.expiryTimer = setTimeout(() => this.closeAt(expiresAtMs), Math.min(delay, MAX_TIMER_MS));
    // An expiry far ahead must not keep the process alive on shutdown.
    this.expiryTimer.unref();
  }

  private receiveFrame(data: Buffer, isBinary: boolean): void {
    if (this.closed) return;
    if (!isBinary) {
      this.close(CloseCode.UnsupportedData, 'binary frames only');
      return;
    }
    const refusal = this.meterBeforeDecoding(data);
    if (refusal) {
      this.log.warn('conn.read_rate_exceeded', { refusal: refusal.reason, bytes: data.byteLength });
      this.close(refusal.code, refusal.reason);
      return;
    }
    try {
      const message = decodeIncoming(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      // Every role is metered: a viewer's updates are dropped by the room, but still cost decoding.
      if ((message.kind === 'update' || message.kind === 'sync-step-2') && !this.writeMeter.count(data.byteLength)) {
        this.log.warn('conn.too_many_updates', { bytes: data.byteLength });
        this.close(CloseCode.TooManyUpdates, 'too many updates');
        return;
      }
      this.room.receive(this, message);
    } catch (err) {
      if (err instanceof MalformedMessageError) {
        this.log.warn('conn.malformed_frame', { reason: err.message, bytes: data.byteLength });
        this.close(CloseCode.InvalidPayload, 'malformed message');
      } else {
        this.log.error('conn.receive_failed', { err });
        this.close(CloseCode.InternalError, 'internal error');
      }
    }
  }

  /**
   * Counts requests and presence frames from their type alone, before the payload is parsed; says
   * why the frame is refused, if it is.
   */
  private meterBeforeDecoding(frame: Buffer): { code: number; reason: string } | null {
    const kind = peekFrameKind(frame);
    if (kind === 'awareness' && !this.readMeter.countAwarenessFrame(frame.byteLength)) {
      // As the per-state presence cap (room-presence.ts): a policy, not a rate to retry at once.
      return { code: CloseCode.PolicyViolation, reason: 'too many awareness updates' };
    }
    if (kind === 'query-awareness' && !this.readMeter.countAwarenessQuery()) {
      return { code: CloseCode.TooManyUpdates, reason: 'too many awareness queries' };
    }
    if (kind === 'sync-step-1' && !this.readMeter.countSyncRequest()) {
      return { code: CloseCode.TooManyUpdates, reason: 'too many sync requests' };
    }
    return null;
  }

  private handleClose(code: number): void {
    if (!this.closed) this.log.info('conn.closed', { code });
    this.detach();
  }

  /** Leaves the room exactly once, whoever closed first. */
  private detach(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.expiryTimer);
    this.sendBuffers.remove(this, this.room);
    this.room.leave(this);
    this.onClose();
  }
}
